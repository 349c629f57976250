"""What higher apps add to the survey pages, filled in their AppConfig.ready() (kvo.registry).

- `knelpunt_voorstellen(traject)`: the URL of the page that makes a problem (knelpunt) of a
  survey result; the results page adds the proposal as query string (titel, omschrijving,
  bron, …). "": no button.
"""

from kvo.registry import Hook

knelpunt_voorstellen = Hook(default="")
