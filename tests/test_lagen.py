"""The import direction of the README's layout section, checked on the code and the templates:
`kvo` uses no app; `trajects` uses `kvo`; `schouwen` and `enquetes` use `trajects` (not each
other); `actiepunten` uses those; `audits` may use all. A lower app learns about a higher one only
through a registry, so its modules import nothing of a higher app and its templates name no
higher app's URL (`{% url 'audits:…' %}`) or the accessor a higher app's model adds to its own
(`bevinding.actiepunten`)."""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
LAAG = {"kvo": 0, "trajects": 1, "schouwen": 2, "enquetes": 2, "actiepunten": 3, "audits": 4,
        "werkplek": 5}
# The project's own wiring names every app: the URL root, the settings, the Celery app.
PROJECT = {"kvo/urls.py", "kvo/settings.py", "kvo/celery.py"}
# Shared templates (base.html, includes/, the error and login pages, kvo's own) are kvo's.
GEDEELD = "kvo"


def mag_gebruiken(app, ander):
    return ander == app or LAAG[ander] < LAAG[app]


def _modules(app):
    for pad in sorted((ROOT / app).rglob("*.py")):
        relatief = pad.relative_to(ROOT).as_posix()
        if relatief not in PROJECT:
            yield relatief, pad


def _geimporteerde_apps(pad):
    for node in ast.walk(ast.parse(pad.read_text(), filename=str(pad))):
        if isinstance(node, ast.Import):
            namen = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            namen = [node.module]
        else:
            continue
        for naam in namen:
            if naam.split(".")[0] in LAAG:
                yield node.lineno, naam.split(".")[0]


@pytest.mark.parametrize("app", sorted(LAAG))
def test_modules_import_no_higher_app(app):
    fout = [
        f"{relatief}:{regel} imports {ander}"
        for relatief, pad in _modules(app)
        for regel, ander in _geimporteerde_apps(pad)
        if not mag_gebruiken(app, ander)
    ]
    assert not fout, "\n".join(fout)


def _templates(app):
    if app != GEDEELD:
        yield from sorted((TEMPLATES / app).rglob("*.html"))
        return
    for pad in sorted(TEMPLATES.rglob("*.html")):
        deel = pad.relative_to(TEMPLATES).parts
        # emails/ and pdf/ are written by the app that sends them (the dossier is audits').
        if len(deel) == 1 or deel[0] in {"includes", "registration", "kvo"}:
            yield pad


URL = re.compile(r"""{%\s*url\s+["'](\w+):""")
# Template code only (variables and tags), not the text around it.
CODE = re.compile(r"{{.*?}}|{%.*?%}", re.S)
VERTALING = re.compile(r"{%\s*(blocktranslate|translate|trans)\b")


def _accessors_van_hogere_apps(app):
    """The names through which a model of a higher app is reached from one of `app`'s models
    (reverse relations: `Bevinding.actiepunten` from Actiepunt.bevindingen)."""
    namen = set()
    for model in apps.get_models():
        ander = model._meta.app_label
        if ander not in LAAG or mag_gebruiken(app, ander):
            continue
        for veld in model._meta.get_fields(include_hidden=False):
            doel = getattr(veld, "related_model", None)
            if (veld.concrete or veld.many_to_many) and doel is not None and \
                    doel._meta.app_label == app:
                naam = veld.remote_field.get_accessor_name()
                if naam and not naam.endswith("+"):
                    namen.add(naam)
    return namen


@pytest.mark.parametrize("app", sorted(LAAG))
def test_templates_name_no_higher_app(app):
    accessors = _accessors_van_hogere_apps(app)
    namen = "|".join(map(re.escape, sorted(accessors)))
    accessor = re.compile(rf"\.({namen})\b") if accessors else None
    fout = []
    for pad in _templates(app):
        tekst = pad.read_text()
        naam = pad.relative_to(TEMPLATES)
        for namespace in URL.findall(tekst):
            if namespace in LAAG and not mag_gebruiken(app, namespace):
                fout.append(f"{naam}: URL of {namespace}")
        for code in CODE.findall(tekst):
            if accessor and not VERTALING.match(code) and (treffer := accessor.search(code)):
                fout.append(f"{naam}: {code} (reaches a higher app's {treffer.group(1)})")
    assert not fout, "\n".join(fout)


def test_the_check_sees_a_template_that_reaches_up(tmp_path, monkeypatch):
    """The template check can fail: a schouwen template naming the matrix and a finding's items."""
    (tmp_path / "schouwen").mkdir()
    (tmp_path / "schouwen" / "x.html").write_text(
        "{% url 'actiepunten:matrix' traject.pk %}{% for a in bevinding.actiepunten.all %}"
        "{% endfor %}")
    monkeypatch.setattr(f"{__name__}.TEMPLATES", tmp_path)
    with pytest.raises(AssertionError, match=r"URL of actiepunten(.|\n)*reaches a higher app"):
        test_templates_name_no_higher_app("schouwen")
