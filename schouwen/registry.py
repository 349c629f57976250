"""What higher apps add to the schouwen pages, filled in their AppConfig.ready() (kvo.registry).

- `bevindingen_omzetten(traject)`: the URL of the page that turns findings into something that
  follows them up (the action plan's action items); the triage page links to it with
  `?bevinding=<id>&bevinding=<id>`. None: no button.
- `bevinding_koppelingen(bevinding)`: per higher app, (label, [(url, text), …]) of what it keeps
  for this finding, shown on the finding's page.
"""

from kvo.registry import Hook, Hooks

bevindingen_omzetten = Hook()
bevinding_koppelingen = Hooks()
