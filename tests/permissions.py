"""The permission table: one Case per URL name, with the status each persona must get.

Each app keeps its cases in tests/<app>/url_cases.py as `CASES = {url_name: Case(...)}`;
tests/test_url_permissions.py walks every URL pattern and fails if one has no case.
"""

from dataclasses import dataclass, field

READ = 200
DENIED = 403
NOT_FOUND = 404
LOGIN = 302  # anonymous users are redirected to the login page
REDIRECT = 302
NOT_ALLOWED = 405

ALL_MEMBERS = ["coordinator", "gemeente", "politie", "brandweer", "ondernemer", "auditor"]


def expect(coordinator, partners, auditor, outsider=NOT_FOUND, anonymous=LOGIN, **overrides):
    """Expected status per persona; `partners` applies to all four partner personas."""
    table = {
        "coordinator": coordinator,
        "gemeente": partners,
        "politie": partners,
        "brandweer": partners,
        "ondernemer": partners,
        "auditor": auditor,
        "outsider": outsider,
        "anonymous": anonymous,
    }
    table.update(overrides)
    return table


MEMBERS_READ = expect(READ, READ, READ)
COORDINATOR_ONLY = expect(READ, DENIED, DENIED)
PARTICIPANTS = expect(READ, READ, DENIED)


@dataclass
class Case:
    """`args(world)` returns the URL arguments; it may create the objects it needs."""

    args: object = None
    expected: dict = field(default_factory=lambda: dict(MEMBERS_READ))
    method: str = "get"
    data: object = None  # dict or callable(world) -> dict, for POST cases
