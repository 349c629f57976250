"""Read the forms of a rendered page as a browser would submit them (no JavaScript).

`formulieren(html)` returns every <form> with its method, action and the name/value pairs a
plain submit sends: text-like inputs, hidden fields, checked boxes and radios, selected options
and textareas. File inputs are listed by name in `bestanden`.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

NIET_VERSTUURD = {"submit", "button", "reset", "image", "file"}


@dataclass
class Formulier:
    method: str
    action: str
    velden: list = field(default_factory=list)  # [(name, value)]
    bestanden: list = field(default_factory=list)  # names of file inputs

    def data(self):
        """As a dict for the test client: repeated names become lists."""
        data = {}
        for naam, waarde in self.velden:
            if naam in data:
                data[naam] = [*data[naam], waarde] if isinstance(data[naam], list) else [
                    data[naam], waarde]
            else:
                data[naam] = waarde
        return data

    def namen(self):
        return {naam for naam, _waarde in self.velden} | set(self.bestanden)


class _Lezer(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.formulieren = []
        self._form = None
        self._select = None  # (name, multiple, options [(value, selected)])
        self._option = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = Formulier(method=(a.get("method") or "get").lower(),
                                   action=a.get("action") or "")
            self.formulieren.append(self._form)
            return
        if self._form is None or "disabled" in a:
            return
        naam = a.get("name")
        if tag == "input" and naam:
            soort = (a.get("type") or "text").lower()
            if soort == "file":
                self._form.bestanden.append(naam)
            elif soort in ("checkbox", "radio"):
                if "checked" in a:
                    self._form.velden.append((naam, a.get("value", "on")))
            elif soort not in NIET_VERSTUURD:
                self._form.velden.append((naam, a.get("value", "")))
        elif tag == "textarea" and naam:
            self._textarea = [naam, ""]
        elif tag == "select" and naam:
            self._select = (naam, "multiple" in a, [])
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "selected" in a, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        if self._option is not None:
            self._option[2] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            naam, tekst = self._textarea
            # A browser drops the one newline right after <textarea>.
            self._form.velden.append((naam, tekst[1:] if tekst.startswith("\n") else tekst))
            self._textarea = None
        elif tag == "option" and self._option is not None:
            waarde, gekozen, tekst = self._option
            self._select[2].append((tekst.strip() if waarde is None else waarde, gekozen))
            self._option = None
        elif tag == "select" and self._select is not None:
            naam, meervoudig, opties = self._select
            gekozen = [w for w, g in opties if g]
            if not gekozen and not meervoudig and opties:
                gekozen = [opties[0][0]]
            self._form.velden += [(naam, w) for w in gekozen]
            self._select = None


def formulieren(html):
    lezer = _Lezer()
    lezer.feed(html)
    return lezer.formulieren


def post_formulieren(html):
    return [f for f in formulieren(html) if f.method == "post"]
