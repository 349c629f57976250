"""Uploaded PDFs are parsed (pypdf) before they are stored.

    check_pdf(uploaded)   # raises ValidationError with a Dutch message, or returns the page count

What is refused, and why:
- a file pypdf cannot read, or one without pages: it is damaged (or not a PDF at all), and an
  auditor could not open it either;
- a PDF that needs a password to open: nobody else in the trajectory could read it. A PDF that
  is only "protected" against editing or printing (encrypted with an empty open password) opens
  for everybody and is accepted;
- a PDF with JavaScript or actions that run by themselves (open actions, launch actions, page
  and form-field triggers): it could run code in a reader of someone in the trajectory. Saving
  it again as a plain PDF ("Afdrukken" → "Opslaan als PDF") removes them.
The file is stored unchanged when accepted.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

# Actions that run code or other programs. /JavaScript in the name tree, /JS in an action.
_ACTIEF = {"/JavaScript", "/JS", "/Launch", "/RichMedia", "/XFA"}
_ACTIEVE_SOORTEN = {"/JavaScript", "/Launch", "/ImportData"}
# Walk at most this many objects: a real document has far fewer; a crafted one stops here.
MAX_OBJECTEN = 200_000


def _beschadigd() -> ValidationError:
    return ValidationError(
        _("Dit PDF-bestand is beschadigd of onvolledig en kan niet worden gelezen. Sla het "
          "opnieuw op als PDF en upload het nog eens."),
        code="pdf_beschadigd",
    )


def check_pdf(uploaded: File) -> int:
    uploaded.seek(0)
    try:
        reader = PdfReader(uploaded, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _("Dit PDF-bestand is beveiligd met een wachtwoord. Anderen in het traject "
                  "kunnen het dan niet openen. Sla het op zonder wachtwoord en upload het "
                  "opnieuw."),
                code="pdf_wachtwoord",
            )
        pagina_s = len(reader.pages)
        if pagina_s == 0:
            raise _beschadigd()
        if _heeft_actieve_inhoud(reader.trailer["/Root"]):
            raise ValidationError(
                _("Dit PDF-bestand bevat JavaScript of acties die vanzelf starten. Zulke "
                  "bestanden nemen we niet aan, omdat ze code kunnen uitvoeren bij wie ze "
                  "opent. Sla het opnieuw op als gewone PDF (bijvoorbeeld via Afdrukken → "
                  "Opslaan als PDF) en upload het dan."),
                code="pdf_actief",
            )
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError,
            RecursionError, NotImplementedError):
        raise _beschadigd() from None
    finally:
        uploaded.seek(0)
    return pagina_s


def _heeft_actieve_inhoud(root: Any) -> bool:
    """Whether anything reachable from the catalog holds JavaScript or a self-starting action."""
    gezien: set[tuple[int, int]] = set()
    stapel = [root]
    while stapel:
        if len(gezien) > MAX_OBJECTEN:
            raise _beschadigd()
        item = stapel.pop()
        if isinstance(item, IndirectObject):
            sleutel = (item.idnum, item.generation)
            if sleutel in gezien:
                continue
            gezien.add(sleutel)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            if _ACTIEF & set(item.keys()):
                return True
            if item.get("/S") in _ACTIEVE_SOORTEN:
                return True
            stapel.extend(v for k, v in item.items() if k != "/Parent")
        elif isinstance(item, ArrayObject):
            stapel.extend(item)
    return False
