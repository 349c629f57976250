"""The audit dossier PDF: one context built with a bounded number of queries, one template
(templates/pdf/dossier.html with its own stylesheet static/css/dossier.css), rendered by
WeasyPrint through kvo.pdf, whose URL fetcher reads only local static and media files.

Each section reads one app. Photos go in as their upload-time thumbnails (Foto.miniatuur), never
the originals. Called from a Celery task only (audits.tasks), never in a request.
"""

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from actiepunten.models import Actiepunt, Status
from enquetes import charts
from enquetes.models import Incidentcijfer
from enquetes.resultaten import meting_resultaten
from kvo.pdf import html_to_pdf, render_html
from schouwen import grafieken as schouwen_grafieken
from schouwen.models import Bevinding, Foto, Schouw
from trajects import tijdlijn
from trajects.models import Aanwezigheid, DocumentVersie, Lidmaatschap, Organisatie, Overleg

from . import eisen
from .models import Audit

TEMPLATE = "pdf/dossier.html"


def _traject_sectie(traject):
    # The certifying body is on the cover (and with each audit and certificate), not among the
    # trajectory's partners: it judges the work, it does not take part in it.
    return {
        "partners": list(
            traject.partners.select_related("organisatie")
            .exclude(organisatie__soort=Organisatie.Soort.CERTIFICEERDER)
        ),
        "werkgroep": list(
            Lidmaatschap.objects.actief().filter(traject=traject).exclude(werkgroeprol="")
            .select_related("user", "organisatie").order_by("werkgroeprol", "organisatie__naam")
        ),
        "fasewijzigingen": list(traject.fasewijzigingen.all()),
    }


def _overleggen_sectie(traject):
    aanwezig = Aanwezigheid.objects.filter(aanwezig=True).select_related(
        "lidmaatschap__user", "lidmaatschap__organisatie"
    ).order_by("lidmaatschap__organisatie__naam")
    return {
        "overleggen": list(
            Overleg.objects.filter(traject=traject, datum__lte=timezone.now())
            .order_by("datum")
            .prefetch_related(Prefetch("aanwezigheden", queryset=aanwezig, to_attr="aanwezigen"))
        ),
    }


INZET_KWARTALEN = 12  # a certificate period: three years


def _inzet_sectie(traject):
    """The effort put in (KVO 4.0 weighs it): the events of the trajectory's timeline counted
    per quarter and kind over the last certificate period, one grouped query per kind."""
    van = tijdlijn.kwartaalbegin(timezone.localdate(), terug=INZET_KWARTALEN - 1)
    return {"inzet": tijdlijn.per_kwartaal(traject, van=van), "inzet_van": van}


def _documenten_sectie(traject):
    laatste = {}
    for versie in (
        DocumentVersie.objects.filter(document__traject=traject)
        .select_related("document__organisatie").order_by("document_id", "-nummer")
    ):
        laatste.setdefault(versie.document_id, versie)
    return {"documentversies": sorted(
        laatste.values(), key=lambda v: (v.document.get_soort_display(), v.document.titel)
    )}


def _schouwen_sectie(traject):
    bevindingen = (
        Bevinding.objects.exclude(status=Bevinding.Status.DUBBEL)
        .select_related("categorie", "organisatie")
        .prefetch_related(Prefetch("fotos", queryset=Foto.objects.order_by("pk")))
        .order_by("aangemaakt", "pk")
    )
    schouwen = list(
        Schouw.objects.filter(traject=traject, status=Schouw.Status.AFGEROND)
        .annotate(aantal_aanwezig=Count("deelnemers", filter=Q(deelnemers__aanwezig=True)))
        .order_by("begin")
        .prefetch_related(Prefetch("bevindingen", queryset=bevindingen, to_attr="lijst"))
    )
    return {
        "schouwen": schouwen,
        "per_categorie": schouwen_grafieken.per_categorie(
            Bevinding.objects.filter(schouw__traject=traject,
                                     schouw__status=Schouw.Status.AFGEROND),
            id="dossier-per-categorie",
            titel=_("Bevindingen per categorie, alle afgeronde schouwen")),
    }


def _analyse_sectie(traject):
    """The latest survey's results (with its SVG charts) and the incident figures."""
    meting = (
        traject.metingen.filter(start__lte=timezone.localdate())
        .select_related("sjabloon").order_by("-nummer").first()
    )
    overzicht = Incidentcijfer.objects.geldig().filter(traject=traject).overzicht()
    return {
        "uitslag": meting_resultaten(meting) if meting else None,
        "incidenten": {
            "grafiek": charts.incidententrend(overzicht, id="dossier-incidenten"),
            "rijen": [
                (naam, list(zip(overzicht.jaren, waarden, strict=True)))
                for naam, waarden in overzicht.reeksen
            ],
        },
    }


def _plan_sectie(traject):
    """The action plan: knelpunt, goal, measures with owner, deadline, status and evidence."""
    actiepunten = Actiepunt.objects.filter(traject=traject).voor_matrix().order_by("deadline", "pk")
    knelpunten, zonder_doel = actiepunten.per_knelpunt(traject)
    telling = dict.fromkeys(Status, 0)
    for actiepunt in actiepunten:
        telling[Status(actiepunt.status)] += 1
    return {
        "knelpunten": knelpunten,
        "zonder_doel": zonder_doel,
        "plan_telling": [(s.label, n) for s, n in telling.items()],
        "plan_aantal": len(actiepunten),
    }


def _audits_sectie(traject, audit):
    return {
        "eerdere_audits": list(
            Audit.objects.filter(traject=traject).exclude(pk=audit.pk)
            .select_related("certificerende_instelling", "rapport", "cyclus", "vorige_audit",
                            "uitkomst_door")
            .prefetch_related("opmerkingen")
        ),
        "certificaten": list(
            traject.certificaten.select_related(
                "schemaversie", "certificerende_instelling", "cyclus")
        ),
    }


def dossier_context(audit):
    traject = audit.traject
    rijen, score = eisen.beoordeel(traject)
    return {
        "audit": audit,
        "traject": traject,
        "gegenereerd": timezone.now(),
        **_traject_sectie(traject),
        **_overleggen_sectie(traject),
        **_inzet_sectie(traject),
        **_analyse_sectie(traject),
        **_schouwen_sectie(traject),
        **_plan_sectie(traject),
        **_documenten_sectie(traject),
        **_audits_sectie(traject, audit),
        "eisen": rijen,
        "score": score,
    }


def dossier_audit(audit_id):
    return Audit.objects.select_related(
        "traject__gebied", "traject__procesbegeleider", "certificerende_instelling"
    ).get(pk=audit_id)


def render_dossier_html(audit):
    return render_html(TEMPLATE, dossier_context(dossier_audit(audit.pk)))


def render_dossier_pdf(audit):
    return html_to_pdf(render_dossier_html(audit))
