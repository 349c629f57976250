"""Readable history of an action item from its django-simple-history records."""

from django.contrib.auth import get_user_model

from trajects.models import Organisatie

from .models import Doel

# Fields shown in the history, with the model their id points to (None: plain value).
VELDEN = {
    "titel": None, "omschrijving": None, "bron": None, "prioriteit": None, "deadline": None,
    "status": None, "gereed_toelichting": None, "extern_email": None,
    "organisatie": Organisatie, "uitvoerder": Organisatie, "doel": Doel,
    "verantwoordelijke": get_user_model(),
}


def geschiedenis(actiepunt):
    """Newest first: who, when, why, and per changed field the old and new value.

    A bounded number of queries: the records, then one query per referenced model.
    """
    records = list(actiepunt.history.select_related("history_user").order_by("history_id"))
    ids = {}
    for record in records:
        for veld, model in VELDEN.items():
            if model is not None and getattr(record, f"{veld}_id") is not None:
                ids.setdefault(model, set()).add(getattr(record, f"{veld}_id"))
    namen = {
        model: {obj.pk: str(obj) for obj in model.objects.filter(pk__in=pks)}
        for model, pks in ids.items()
    }
    meta = actiepunt._meta

    def waarde(record, veld):
        model = VELDEN[veld]
        if model is not None:
            pk = getattr(record, f"{veld}_id")
            return namen[model].get(pk, f"#{pk}") if pk is not None else ""
        field = meta.get_field(veld)
        value = getattr(record, veld)
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        return value if value not in (None, "") else ""

    regels = []
    vorige = None
    for record in records:
        wijzigingen = []
        for veld in VELDEN:
            nieuw = waarde(record, veld)
            oud = waarde(vorige, veld) if vorige is not None else ""
            if vorige is None and nieuw in ("", None):
                continue
            if vorige is None or oud != nieuw:
                wijzigingen.append((meta.get_field(veld).verbose_name, oud, nieuw))
        regels.append({
            "tijdstip": record.history_date,
            "wie": record.history_user,
            "soort": record.get_history_type_display(),
            "reden": record.history_change_reason or "",
            "wijzigingen": wijzigingen,
        })
        vorige = record
    regels.reverse()
    return regels
