"""What higher apps add to the schouwen pages, filled in their AppConfig.ready() (kvo.registry).

- `bevindingen_omzetten(traject)`: the URL of the page that turns findings into something that
  follows them up (the action plan's action items); the triage page links to it with
  `?bevinding=<id>&bevinding=<id>`. None: no button.
- `actiepunten_maken(*, traject, bevindingen, door)`: turn these findings (of `traject`, locked,
  checked by triage) into follow-up items, one each, in the caller's transaction; returns the
  items made, raises ValidationError to refuse them all. None installed: triage offers no
  "convert" action.
- `actiepunten_meeverhuizen(*, bevindingen, organisatie, door)`: these findings were just given
  to `organisatie`; move what follows them up and is still open along, in the caller's
  transaction. Returns (moved, left) counts; done items stay as they are.
- `actiepunten_tellen(bevindingen)`: {finding id: number of its open follow-up items}, in one
  query, for the triage page's offer to move them.
- `bevinding_koppelingen(bevinding)`: per higher app, (label, [(url, text), …]) of what it keeps
  for this finding, shown on the finding's page.
"""

from kvo.registry import Hook, Hooks

bevindingen_omzetten = Hook()
actiepunten_maken = Hook()
actiepunten_meeverhuizen = Hook(default=(0, 0))
actiepunten_tellen = Hook(default={})
bevinding_koppelingen = Hooks()
