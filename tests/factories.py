import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from kvo.models import User
from trajects.models import (
    Document,
    DocumentVersie,
    Gebied,
    Lidmaatschap,
    Organisatie,
    Overleg,
    Partner,
    Rol,
    Traject,
)

PASSWORD = "Kvo-test-wachtwoord-2026"

def pdf_bytes(pages=1, *, javascript=None, password=None):
    """A real PDF (uploads are parsed): blank A4 pages, optionally with an open action running
    `javascript` or encrypted with an open `password`."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if javascript:
        from pypdf.actions import JavaScript

        writer.add_open_action(JavaScript(javascript))
    if password is not None:
        writer.encrypt(user_password=password, owner_password="eigenaar")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF_BYTES = pdf_bytes()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@example.org")
    naam = factory.Sequence(lambda n: f"Gebruiker {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisatie

    naam = factory.Sequence(lambda n: f"Organisatie {n}")
    soort = Organisatie.Soort.OVERIG


class GebiedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gebied

    naam = factory.Sequence(lambda n: f"Centrum {n}")
    soort = Gebied.Soort.WINKELGEBIED
    gemeente = "Westland"
    straten = "Langestraat\nMarktplein"
    latitude = 52.0025
    longitude = 4.1680


class TrajectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Traject

    naam = factory.Sequence(lambda n: f"KVO-W traject {n}")
    gebied = factory.SubFactory(GebiedFactory)
    startdatum = datetime.date(2018, 11, 1)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    traject = factory.SubFactory(TrajectFactory)
    organisatie = factory.SubFactory(OrganisatieFactory)


class LidmaatschapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lidmaatschap

    user = factory.SubFactory(UserFactory)
    traject = factory.SubFactory(TrajectFactory)
    organisatie = factory.SubFactory(OrganisatieFactory)
    rol = Rol.PARTNER


class OverlegFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Overleg

    traject = factory.SubFactory(TrajectFactory)
    datum = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))
    onderwerp = "Werkgroepoverleg"


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    traject = factory.SubFactory(TrajectFactory)
    soort = Document.Soort.INTENTIEVERKLARING
    titel = factory.Sequence(lambda n: f"Document {n}")


class DocumentVersieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentVersie

    document = factory.SubFactory(DocumentFactory)
    nummer = factory.Sequence(lambda n: n + 1)
    bestand = factory.LazyFunction(
        lambda: SimpleUploadedFile("verklaring.pdf", PDF_BYTES, content_type="application/pdf")
    )
    bestandsnaam = "verklaring.pdf"
    content_type = "application/pdf"
    grootte = len(PDF_BYTES)
    sha256 = "0" * 64
    geupload_door = factory.SubFactory(UserFactory)


def lid(traject, organisatie, rol, **kwargs):
    """A user who is a member of `traject` for `organisatie` (made a partner if needed)."""
    Partner.objects.get_or_create(traject=traject, organisatie=organisatie)
    return LidmaatschapFactory(traject=traject, organisatie=organisatie, rol=rol, **kwargs).user
