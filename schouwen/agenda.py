"""iCalendar (.ics) messages for schouw invitations, updates and cancellations (RFC 5546)."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from kvo.mail import absolute_url

REQUEST = "REQUEST"
CANCEL = "CANCEL"


def ics(schouw, *, method, email):
    """The calendar file for one attendee: REQUEST (invitation or update) or CANCEL."""
    calendar = Calendar()
    calendar.add("prodid", "-//KVO-trajectbeheer//schouwen//NL")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", f"schouw-{schouw.uid}@kvo-trajectbeheer")
    event.add("sequence", schouw.volgnummer)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", schouw.begin.astimezone(datetime.UTC))
    event.add("dtend", schouw.einde.astimezone(datetime.UTC))
    event.add("summary", f"Schouw: {schouw.titel} ({schouw.traject})")
    if schouw.verzamelpunt:
        event.add("location", schouw.verzamelpunt)
    url = absolute_url(reverse("schouwen:detail", args=[schouw.traject_id, schouw.pk]))
    beschrijving = "\n".join(p for p in [schouw.route, url] if p)
    event.add("description", beschrijving)
    event.add("url", url)
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{_address(settings.DEFAULT_FROM_EMAIL)}")
    organizer.params["cn"] = vText("KVO-trajectbeheer")
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{email}")
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["rsvp"] = vText("FALSE")
    event.add("attendee", attendee)
    calendar.add_component(event)
    return calendar.to_ical()


def _address(from_email):
    if "<" in from_email:
        return from_email.split("<", 1)[1].rstrip(">").strip()
    return from_email
