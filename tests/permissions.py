"""The permission table: one Case per URL name, with the status each persona must get.

Each app keeps its cases in tests/<app>/url_cases.py as `CASES = {url_name: Case(...)}`;
tests/test_url_permissions.py walks every URL pattern and fails if one has no case. It GETs every
page and POSTs to every URL as every persona:

- a page's GET status is `expected`; a URL that only takes POST has `method="post"` and its
  POST status in `expected`;
- a page with a form states what a POST to it does: `post=` (status per persona) and
  `data=` (the form data, see `VanPagina`). The test finds every POST form on every page as
  every persona who can see it; a form whose URL has no POST case fails the build;
- a POST that is refused (403, 404, 405, 410, or the login redirect) must change nothing:
  database, media files, mail and queued tasks are compared before and after. A POST that is
  allowed must change something, so the data is known to be good enough to be tempting;
  `unchanged=` names personas whose POST is allowed through but refused by the form (200).
- a page without a form gets POSTs too (with `data`, if given): every persona's POST must change
  nothing there.
"""

from dataclasses import dataclass, field

READ = 200
DENIED = 403
NOT_FOUND = 404
LOGIN = 302  # anonymous users are redirected to the login page
REDIRECT = 302
NOT_ALLOWED = 405
GONE = 410

PERSONAS = [
    "coordinator", "gemeente", "politie", "brandweer", "ondernemer", "auditor", "lezer",
    "regio", "auditor_na", "staff", "outsider", "anonymous",
]
ALL_MEMBERS = ["coordinator", "gemeente", "politie", "brandweer", "ondernemer", "auditor", "lezer"]


def expect(coordinator, partners, auditor, outsider=NOT_FOUND, anonymous=LOGIN, *, lezer=None,
           auditor_na=None, staff=None, regio=None, **overrides):
    """Expected status per persona; `partners` applies to all four partner personas.

    The lezer reads like the auditor unless told otherwise; the regional viewer (who oversees
    the trajectory's area for an organisation, trajects.Toezicht) gets what the lezer gets
    unless told otherwise; an auditor after the access window and staff are not members, so
    they get what the outsider gets unless told otherwise.
    """
    table = {
        "coordinator": coordinator,
        "gemeente": partners,
        "politie": partners,
        "brandweer": partners,
        "ondernemer": partners,
        "auditor": auditor,
        "lezer": auditor if lezer is None else lezer,
        "regio": (auditor if lezer is None else lezer) if regio is None else regio,
        "auditor_na": outsider if auditor_na is None else auditor_na,
        "staff": outsider if staff is None else staff,
        "outsider": outsider,
        "anonymous": anonymous,
    }
    unknown = set(overrides) - set(table)
    assert not unknown, f"unknown personas: {unknown}"
    table.update(overrides)
    return table


MEMBERS_READ = expect(READ, READ, READ)
COORDINATOR_ONLY = expect(READ, DENIED, DENIED)
PARTICIPANTS = expect(READ, READ, DENIED)
# POST outcomes of the same shapes.
COORDINATOR_SAVES = expect(REDIRECT, DENIED, DENIED)
PARTICIPANTS_SAVE = expect(REDIRECT, REDIRECT, DENIED)
NOBODY = "nobody"  # `post=NOBODY`: the page has no form; a POST must change nothing


@dataclass
class VanPagina:
    """POST data as a browser submits the page's own form (the one posting to this URL), seen
    by `persona`, with `wijzig` on top. Values in `wijzig` may be callables (world) → value,
    called for every POST (a fresh upload each time)."""

    wijzig: dict = field(default_factory=dict)
    persona: str = "coordinator"


@dataclass
class Case:
    """`args(world)` returns the URL arguments; it may create the objects it needs."""

    args: object = None
    expected: dict = field(default_factory=lambda: dict(MEMBERS_READ))
    method: str = "get"
    # POST status per persona for a page with a form; NOBODY for a page without one.
    post: object = None
    # dict (values may be callables (world) -> value), callable(world) -> dict, or VanPagina
    data: object = None
    unchanged: tuple = ()  # personas whose allowed POST is refused by the form itself
    # The POST touches only the persona's own account (two-step sign-in): what it changes, if
    # anything, depends on a code from their authenticator app, so an allowed POST need not
    # change anything; a refused one still must not.
    own_account: bool = False

    def post_expected(self):
        if self.method == "post":
            return self.expected
        if self.post is NOBODY or self.post is None:
            return None
        return self.post
