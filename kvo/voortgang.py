"""Live progress of a background job (kvo/opdrachten.py) on the page that asked for it.

The page shows the job's state in a fragment that, while the job is open, asks the same page
again every two seconds with htmx, saying which state it shows (`?voortgang=<state>`):

    <div id="dossier-status" {% if open %}hx-get="{{ request.path }}?voortgang={{ toestand }}"
         hx-trigger="every 2s" hx-swap="outerHTML"{% endif %}>…</div>

The view answers such a poll through `fragment`: 204 (htmx swaps nothing, a screen reader hears
nothing new) while the state is unchanged, else the fragment alone, which once the job is done
shows the download and stops polling. Nothing inline: the hx- attributes and django-htmx's
bundled script do it, within the strict CSP.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

POLL = "voortgang"


def is_poll(request: HttpRequest) -> bool:
    """Whether `request` is the status fragment asking for news."""
    return bool(getattr(request, "htmx", False)) and POLL in request.GET


def fragment(request: HttpRequest, template: str, context: dict[str, Any], *,
             toestand: str) -> HttpResponse:
    """The answer to a poll: 204 while the page already shows `toestand`, else the fragment."""
    if request.GET.get(POLL) == toestand:
        return HttpResponse(status=204)
    return render(request, template, context)
