"""Reading a generated PDF the way an archive or a screen reader does (pypdf)."""

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader


@dataclass(frozen=True)
class PdfKenmerken:
    pdfa_deel: str  # XMP pdfaid:part, e.g. "2"
    pdfa_conformiteit: str  # XMP pdfaid:conformance, e.g. "A"
    taal: str  # the catalog's /Lang
    getagd: bool  # /MarkInfo /Marked true
    structuur: list  # the tag names (/S) of the structure tree, in document order
    titel: str


def _tags(element, namen):
    element = element.get_object()
    if isinstance(element, list):
        for kind in element:
            _tags(kind, namen)
        return
    if hasattr(element, "get"):
        if "/S" in element:
            namen.append(str(element["/S"]))
        if "/K" in element:
            _tags(element["/K"], namen)


def kenmerken(pdf_bytes):
    reader = PdfReader(io.BytesIO(pdf_bytes))
    catalog = reader.trailer["/Root"]
    xmp = catalog["/Metadata"].get_object().get_data().decode()

    def xmp_waarde(naam):
        match = re.search(rf"pdfaid:{naam}(?:>|=\")([^<\"]+)", xmp)
        return match.group(1) if match else ""

    namen = []
    if "/StructTreeRoot" in catalog:
        _tags(catalog["/StructTreeRoot"], namen)
    mark = catalog.get("/MarkInfo")
    titel = re.search(r"<dc:title>.*?<rdf:li[^>]*>([^<]*)</rdf:li>", xmp, re.S)
    return PdfKenmerken(
        pdfa_deel=xmp_waarde("part"), pdfa_conformiteit=xmp_waarde("conformance"),
        taal=str(catalog.get("/Lang", "")),
        getagd=bool(mark and mark.get_object().get("/Marked")),
        structuur=namen, titel=titel.group(1) if titel else "",
    )


def tekst(pdf_bytes):
    """The text of every page, as a screen reader or a search would get it."""
    reader = PdfReader(io.BytesIO(pdf_bytes))
    return "\n".join(page.extract_text() or "" for page in reader.pages)
