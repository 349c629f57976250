"""Facts about a trajectory that higher apps add to the homes and the trajectory page.

Each app adds, in its AppConfig.ready(), `annotaties.add(func)` with `func(queryset) ->
queryset` adding its facts as annotations, one subquery each, so a list of trajectories costs
the same number of queries however long it is:

- audits: `volgende_audit` (the planned audit's date), `herstel_tot` (the repair deadline
  after a negative audit), `certificaat_tot` (the last day of the current certificate);
- actiepunten: `te_laat` (open action items past their deadline);
- schouwen: `volgende_schouw` (the next planned walk's start).

Annotations whose name starts with `activiteit_` are the latest moment something happened in
that app; `met_laatste_activiteit` takes the latest of them as `laatste_activiteit`.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

_annotaties: list[Callable[[QuerySet], QuerySet]] = []


class _Annotaties:
    def add(self, func: Callable[[QuerySet], QuerySet]) -> None:
        if func not in _annotaties:
            _annotaties.append(func)


annotaties = _Annotaties()


def annoteer(queryset: QuerySet) -> QuerySet:
    """`queryset` with the trajectory app's own facts and every installed app's annotations."""
    from .models import DocumentVersie, FaseWijziging, Overleg

    def laatste(model: Any, veld: str, pad: str = "traject") -> Subquery:
        return Subquery(model.objects.filter(**{pad: OuterRef("pk")})
                        .order_by(f"-{veld}").values(veld)[:1])

    queryset = queryset.annotate(
        activiteit_overleg=laatste(Overleg, "aangemaakt"),
        activiteit_fase=laatste(FaseWijziging, "tijdstip"),
        activiteit_document=laatste(DocumentVersie, "geupload", "document__traject"),
    )
    for func in _annotaties:
        queryset = func(queryset)
    return queryset


def met_laatste_activiteit(queryset: QuerySet) -> QuerySet:
    """An annotated queryset (see `annoteer`) with `laatste_activiteit`: the latest of its own
    last change and every `activiteit_*` annotation, so lists can sort on it."""
    namen = [naam for naam in queryset.query.annotations if naam.startswith("activiteit_")]
    return queryset.annotate(laatste_activiteit=Greatest(
        F("gewijzigd"), *(Coalesce(F(naam), F("gewijzigd")) for naam in namen)
    ))
