"""Permission cases for the account pages of kvo: every signed-in persona manages only their own
two-factor sign-in (there is no object of someone else to reach); anonymous users log in first."""

from tests.permissions import READ, REDIRECT, Case, expect

EVERYONE = expect(READ, READ, READ, outsider=READ)
# Without an authenticator there is no code to ask: back to where they were going.
EVERYONE_REDIRECTED = expect(REDIRECT, REDIRECT, REDIRECT, outsider=REDIRECT)

CASES = {
    "tweestap-code": Case(
        expected=EVERYONE_REDIRECTED, post=EVERYONE_REDIRECTED, data={"code": "123456"},
        own_account=True,
    ),
    # Opening the page prepares an authenticator secret for the user's own account.
    "tweestap-instellen": Case(
        expected=EVERYONE, post=EVERYONE, data={"code": "123456"}, own_account=True,
    ),
    "beveiliging": Case(expected=EVERYONE),
    "beveiliging-uitschakelen": Case(
        expected=EVERYONE_REDIRECTED, method="post", data={"code": "123456"}, own_account=True,
    ),
    "beveiliging-herstelcodes": Case(
        expected=EVERYONE_REDIRECTED, method="post", own_account=True,
    ),
}
