"""Permission cases of the workspace pages: the regional overview is for people who oversee
areas for an organisation (the regio persona), read-only; everybody else is refused."""

from tests.permissions import DENIED, LOGIN, NOBODY, PERSONAS, READ, REDIRECT, Case, expect

ALLEEN_REGIO = expect(DENIED, DENIED, DENIED, outsider=DENIED, lezer=DENIED, regio=READ,
                      anonymous=LOGIN)

CASES = {
    "werkplek:regio": Case(expected=ALLEEN_REGIO, post=NOBODY),
    "werkplek:regio-kaart": Case(expected=ALLEEN_REGIO),
    "werkplek:regio-export-csv": Case(expected=ALLEEN_REGIO),
    "werkplek:regio-export-xlsx": Case(expected=ALLEEN_REGIO),
}


def _feed(w):
    from werkplek.agenda import AGENDA_LINK
    from werkplek.models import AgendaLink

    return [AGENDA_LINK.token(AgendaLink.objects.create(user=w.users["gemeente"]))]


IEDEREEN = expect(READ, READ, READ, outsider=READ, staff=READ, auditor_na=READ)
IEDEREEN_DOORGESTUURD = expect(REDIRECT, REDIRECT, REDIRECT, outsider=REDIRECT,
                               staff=REDIRECT, auditor_na=REDIRECT)

CASES.update({
    # Everyone's own calendar; the form makes or renews their own feed link.
    "werkplek:agenda": Case(expected=IEDEREEN),
    "werkplek:agenda-link": Case(expected=IEDEREEN_DOORGESTUURD, method="post",
                                 data={"actie": "vernieuwen"}),
    # The feed is opened by its secret link, without login, the same for everybody.
    "werkplek:agenda-feed": Case(_feed, dict.fromkeys(PERSONAS, READ)),
})
