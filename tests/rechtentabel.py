"""The persona table at the end of docs/rechten.md, made from the permission cases
(tests/<app>/url_cases.py) that tests/test_url_permissions.py checks against the running code.

Rewrite it after changing a case: `DJANGO_SETTINGS_MODULE=kvo.settings python -m tests.rechtentabel`
(from the project folder, with the virtualenv). A test fails while the file and the cases differ.
"""

from pathlib import Path

BEGIN = "<!-- persona-tabel: begin (gemaakt door tests/rechtentabel.py) -->"
EINDE = "<!-- persona-tabel: einde -->"
DOC = Path(__file__).resolve().parent.parent / "docs" / "rechten.md"

KOPPEN = {
    "coordinator": "coörd.", "gemeente": "gemeente", "politie": "politie",
    "brandweer": "brandweer", "ondernemer": "ondern.", "auditor": "auditor",
    "lezer": "lezer", "regio": "regio", "auditor_na": "auditor na venster", "staff": "beheer",
    "outsider": "ander traject", "anonymous": "anoniem",
}


def _cel(persona, status, unchanged=()):
    if persona in unchanged or status == 400:
        return "nee (formulier)"
    if persona == "anonymous" and status == 302:
        return "login"
    return {200: "ja", 302: "ja", 403: "nee", 404: "404", 405: "405", 410: "410"}.get(
        status, str(status))


def tabel(cases, personas):
    regels = [
        "| URL-naam | wat | " + " | ".join(KOPPEN[p] for p in personas) + " |",
        "| --- | --- |" + " --- |" * len(personas),
    ]
    for naam in sorted(cases):
        case = cases[naam]
        rijen = []
        if case.method == "get":
            rijen.append(("bekijken", case.expected, ()))
        post = case.post_expected()
        if post is not None:
            wat = "uitvoeren" if case.method == "post" else "opslaan"
            rijen.append((wat, post, case.unchanged))
        for wat, statussen, unchanged in rijen:
            cellen = [_cel(p, statussen[p], unchanged) for p in personas]
            regels.append(f"| `{naam}` | {wat} | " + " | ".join(cellen) + " |")
    return "\n".join(regels)


def sectie(cases, personas):
    return f"{BEGIN}\n{tabel(cases, personas)}\n{EINDE}"


def huidige_sectie(tekst):
    begin, einde = tekst.find(BEGIN), tekst.find(EINDE)
    if begin < 0 or einde < 0:
        return None
    return tekst[begin:einde + len(EINDE)]


def main():
    import django

    django.setup()
    from tests.permissions import PERSONAS
    from tests.test_url_permissions import all_cases

    tekst = DOC.read_text(encoding="utf-8")
    oud = huidige_sectie(tekst)
    nieuw = sectie(all_cases(), PERSONAS)
    DOC.write_text(tekst.replace(oud, nieuw) if oud else f"{tekst.rstrip()}\n\n{nieuw}\n",
                   encoding="utf-8")


if __name__ == "__main__":
    main()
