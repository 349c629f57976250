"""The English translation: key pages switch language, and the catalogue is complete.

The completeness tests read `locale/en/LC_MESSAGES/django.po` as it is in the repository. They
cannot notice a new Dutch string in the code until `makemessages` has been run again (see
README, "Translations"); they do catch an empty or fuzzy entry, a translation that loses a
placeholder, and a `.mo` that was not recompiled after the `.po` changed.
"""

import ast
import gettext
import re

from django.conf import settings
from django.urls import reverse

LOCALE = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def parse_po(path):
    """Entries of a .po file as dicts: msgid, msgid_plural, msgstr {index: text}, flags.

    A small reader for what makemessages writes (entries separated by blank lines); obsolete
    (#~) entries and the header are left out.
    """
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, field = {"flags": set(), "msgstr": {}}, None
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                if field[0] == "msgstr":
                    entry["msgstr"][field[1]] += ast.literal_eval(line)
                else:
                    entry[field[0]] += ast.literal_eval(line)
            else:
                keyword, _, value = line.partition(" ")
                if keyword.startswith("msgstr"):
                    field = ("msgstr", int(keyword[7:-1]) if "[" in keyword else 0)
                    entry["msgstr"][field[1]] = ast.literal_eval(value)
                else:
                    field = (keyword,)
                    entry[keyword] = ast.literal_eval(value)
        if entry.get("msgid"):
            entries.append(entry)
    return entries


def test_english_catalogue_has_a_translation_for_every_entry():
    entries = parse_po(LOCALE / "django.po")
    assert len(entries) > 500, "the English catalogue looks truncated"
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == [], "untranslated (run makemessages, translate, compilemessages)"
    assert fuzzy == [], "fuzzy entries: check the translation, then remove the flag"


def test_english_plurals_have_both_forms():
    plurals = [e for e in parse_po(LOCALE / "django.po") if "msgid_plural" in e]
    assert plurals
    assert [e["msgid"] for e in plurals if sorted(e["msgstr"]) != [0, 1]] == []


def test_translations_keep_every_placeholder():
    wrong = []
    for e in parse_po(LOCALE / "django.po"):
        for index, translation in e["msgstr"].items():
            source = e.get("msgid_plural") if index else e["msgid"]
            if sorted(PLACEHOLDER.findall(translation)) != sorted(PLACEHOLDER.findall(source)):
                wrong.append((e["msgid"], translation))
    assert wrong == []


def test_compiled_catalogue_matches_the_po_file():
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for e in parse_po(LOCALE / "django.po"):
        if "msgid_plural" in e:
            got = [compiled.ngettext(e["msgid"], e["msgid_plural"], n) for n in (1, 2)]
            want = [e["msgstr"][0], e["msgstr"][1]]
        else:
            got, want = compiled.gettext(e["msgid"]), e["msgstr"][0]
        if got != want:
            stale.append(e["msgid"])
    assert stale == [], "django.mo is out of date: run compilemessages and commit it"


def test_pages_are_dutch_without_a_language_choice(client, world):
    assert "Wachtwoord vergeten?" in client.get(reverse("login")).content.decode()
    page = world.client_for("coordinator").get(reverse("trajects:dashboard")).content.decode()
    assert "Mijn trajecten" in page
    assert "My trajectories" not in page


def test_login_page_is_english_with_accept_language_header(client):
    page = client.get(reverse("login"), headers={"accept-language": "en"}).content.decode()
    assert '<html lang="en">' in page
    assert "Forgotten your password?" in page
    assert "Log in" in page
    assert "Wachtwoord vergeten?" not in page
    assert "Inloggen" not in page


def test_dashboard_is_english_after_choosing_english(world):
    client = world.client_for("coordinator")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("trajects:dashboard")).content.decode()
    for english in ("My trajectories", "New trajectory", "Phase", "My role", "Log out"):
        assert english in page
    for dutch in ("Mijn trajecten", "Nieuw traject", "Mijn rol", "Uitloggen", "Volgend overleg"):
        assert dutch not in page


def test_traject_detail_is_english_with_the_language_cookie(world):
    # Compared as whole element texts: seeded reference data (scheme requirement names) is
    # Dutch database content and may contain the same words.
    pairs = {
        "Fase wijzigen": "Change phase", "Iemand uitnodigen": "Invite someone",
        "Werkgroep": "Working group", "Documenten": "Documents", "Overleggen": "Meetings",
        "Overzicht": "Overview", "Plan van aanpak": "Action plan",
    }
    client = world.client_for("coordinator")
    url = reverse("trajects:detail", args=[world.traject.pk])
    dutch_page = client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(url).content.decode()
    for dutch, english in pairs.items():
        assert f">{dutch}<" in dutch_page
        assert f">{dutch}<" not in page
        assert f">{english}<" in page
    assert "Gereedheid voor de audit:" in dutch_page
    assert "Gereedheid voor de audit" not in page
    assert "Audit readiness:" in page
