import datetime

import factory

from audits.models import Audit, AuditAuditor, Certificaat, SchemaVersie
from tests.factories import OrganisatieFactory, TrajectFactory
from trajects.models import Organisatie


class AuditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Audit

    traject = factory.SubFactory(TrajectFactory)
    soort = Audit.Soort.CERTIFICERING
    datum = datetime.date(2019, 6, 27)
    vorm = Audit.Vorm.OP_LOCATIE
    certificerende_instelling = factory.SubFactory(
        OrganisatieFactory, soort=Organisatie.Soort.CERTIFICEERDER
    )


class AuditAuditorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditAuditor

    audit = factory.SubFactory(AuditFactory)


class CertificaatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificaat

    nummer = factory.Sequence(lambda n: f"KVO-W-{n:05d}")
    traject = factory.SubFactory(TrajectFactory)
    label = "Basis Samenwerken"
    sterren = 1
    schemaversie = factory.LazyFunction(lambda: SchemaVersie.objects.get(code="4.0"))
    uitgegeven = datetime.date(2019, 7, 17)
    geldig_tot = datetime.date(2022, 7, 16)
    certificerende_instelling = factory.SubFactory(
        OrganisatieFactory, soort=Organisatie.Soort.CERTIFICEERDER
    )
