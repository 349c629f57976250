"""Reading CSV files as Dutch Excel writes them: semicolons, cp1252 or UTF-8 with BOM, Dutch
headers. The whole file is checked before anything is stored; problems come back as one
ValidationError with a Dutch message per line."""

import csv
import io
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from kvo.uploads import sniff_mime

# Bytes that never occur in a text file (tab, newline and carriage return are fine).
_CONTROL_BYTES = frozenset(range(0x00, 0x09)) | {0x0B, 0x0C} | frozenset(range(0x0E, 0x20))
MAX_FOUTEN = 50


@dataclass(frozen=True)
class Regel:
    nummer: int  # line number in the file as a spreadsheet user sees it
    waarden: dict


def normaliseer_kop(kop):
    """'E-mailadres ' -> 'emailadres', 'Straat + nr.' -> 'straatnr'."""
    kop = unicodedata.normalize("NFKD", kop.strip().lower())
    return "".join(c for c in kop if c.isalnum())


def _decodeer(raw):
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif any(b in _CONTROL_BYTES for b in raw[:65536]):
        raise ValidationError(
            _("Dit is geen tekstbestand. Sla het in Excel op als ‘CSV (gescheiden door "
              "lijstscheidingsteken)’ en probeer het opnieuw."),
            code="binair",
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(
        _("De tekens in het bestand zijn niet te lezen (onbekende codering). Sla het op als "
          "‘CSV UTF-8’ en probeer het opnieuw."),
        code="codering",
    )


def _scheidingsteken(tekst):
    eerste_regel = tekst.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(tekst[:4096], delimiters=";,\t").delimiter
    except csv.Error:
        return max(";,\t", key=eerste_regel.count)


def lees_csv(bestand, *, kolommen, verplicht, max_bytes):
    """The data rows of uploaded CSV `bestand` as `Regel`s keyed by canonical column name.

    `kolommen` maps a canonical name to the normalised headers that mean it (aliases);
    `verplicht` lists the canonical names that must be present. Unknown columns are ignored.
    """
    if bestand.size > max_bytes:
        raise ValidationError(
            _("Het bestand is te groot (%(size)s); het maximum is %(max)s.")
            % {"size": filesizeformat(bestand.size), "max": filesizeformat(max_bytes)},
            code="te_groot",
        )
    mime = sniff_mime(bestand)
    if mime is not None:
        raise ValidationError(
            _("Dit is geen CSV-bestand maar een ander soort bestand (%(soort)s). Sla het in "
              "Excel op als ‘CSV (gescheiden door lijstscheidingsteken)’.") % {"soort": mime},
            code="geen_csv",
        )
    raw = bestand.read()
    tekst = _decodeer(raw)
    if not tekst.strip():
        raise ValidationError(_("Het bestand is leeg."), code="leeg")

    reader = csv.reader(io.StringIO(tekst, newline=""), delimiter=_scheidingsteken(tekst))
    try:
        kop = next(reader)
    except csv.Error:
        raise ValidationError(_("De kopregel is niet te lezen."), code="kop") from None
    alias = {a: naam for naam, aliassen in kolommen.items() for a in {naam, *aliassen}}
    posities = {}
    for i, titel in enumerate(kop):
        naam = alias.get(normaliseer_kop(titel))
        if naam is None:
            continue
        if naam in posities:
            raise ValidationError(
                _("De kolom ‘%(kolom)s’ staat twee keer in de kopregel.") % {"kolom": titel},
                code="dubbele_kolom",
            )
        posities[naam] = i
    ontbrekend = [naam for naam in verplicht if naam not in posities]
    if ontbrekend:
        raise ValidationError(
            _("De kopregel mist de kolom(men) %(ontbrekend)s. Gevonden: %(gevonden)s. "
              "Verwacht (in willekeurige volgorde): %(verwacht)s.")
            % {
                "ontbrekend": ", ".join(ontbrekend),
                "gevonden": ", ".join(k.strip() for k in kop if k.strip()) or "–",
                "verwacht": ", ".join(kolommen),
            },
            code="kolommen",
        )

    regels, fouten = [], []
    try:
        for cellen in reader:
            nummer = reader.line_num
            if not any(c.strip() for c in cellen):
                continue
            if any(c.strip() for c in cellen[len(kop):]):
                fouten.append(_("Regel %(regel)s: meer waarden dan kolommen in de kopregel.")
                              % {"regel": nummer})
                continue
            waarden = {
                naam: (cellen[i].strip() if i < len(cellen) else "")
                for naam, i in posities.items()
            }
            regels.append(Regel(nummer, waarden))
    except csv.Error as error:
        fouten.append(_("Regel %(regel)s is niet te lezen (%(fout)s).")
                      % {"regel": reader.line_num, "fout": error})
    if fouten:
        raise ValidationError(beperk(fouten), code="regels")
    if not regels:
        raise ValidationError(
            _("Het bestand bevat alleen een kopregel en geen gegevens."), code="leeg"
        )
    return regels


def beperk(fouten):
    """At most MAX_FOUTEN messages, and a count of the rest."""
    if len(fouten) <= MAX_FOUTEN:
        return fouten
    rest = len(fouten) - MAX_FOUTEN
    return [*fouten[:MAX_FOUTEN], _("… en nog %(aantal)s fouten.") % {"aantal": rest}]
