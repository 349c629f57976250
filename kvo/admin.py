from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import outbox
from .models import Bericht, Hartslag, Sweep, User


class ReadOnlyAdminMixin:
    """Append-only history (kvo.models.AppendOnlyModel): visible in admin, never changed there."""

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: models.Model | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: models.Model | None = None
    ) -> bool:
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "naam", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "naam"]
    list_select_related = True
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Persoonlijk"), {"fields": ["naam", "telefoon"]}),
        (_("Rechten"), {"fields": ["is_active", "is_staff", "is_superuser", "groups",
                                   "user_permissions"]}),
        (_("Data"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "naam", "password1",
                                                           "password2"]})]


@admin.register(Hartslag)
class HartslagAdmin(admin.ModelAdmin):
    list_display = ["naam", "laatst"]
    list_filter = ["naam"]
    search_fields = ["naam"]
    list_select_related = True
    readonly_fields = ["naam", "laatst"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Bericht)
class BerichtAdmin(admin.ModelAdmin):
    """The outbox: what went out, what waits and what failed, with the last error. Rows are
    written by the app only; staff can put failed or waiting mails back in line."""

    list_display = ["aangemaakt", "soort", "aan", "onderwerp", "status", "pogingen",
                    "volgende_poging", "verzonden"]
    list_filter = ["status", "soort", ("aangemaakt", admin.DateFieldListFilter)]
    search_fields = ["aan", "onderwerp", "laatste_fout", "=uuid", "=object_id"]
    list_select_related = True
    date_hierarchy = "aangemaakt"
    readonly_fields = ["uuid", "message_id", "soort", "object_id", "gegevens", "aan", "taal",
                       "bijlagen_lijst", "onderwerp", "status", "pogingen", "volgende_poging",
                       "geclaimd_tot", "laatste_fout", "aangemaakt", "verzonden"]
    exclude = ["bijlagen", "claim"]
    actions = ["opnieuw_versturen"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Bericht | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Bericht | None = None) -> bool:
        return False

    @admin.display(description=_("Message-ID"))
    def message_id(self, obj: Bericht) -> str:
        return outbox.message_id(obj)

    @admin.display(description=_("bijlagen"))
    def bijlagen_lijst(self, obj: Bericht) -> str:
        return ", ".join(b["naam"] for b in obj.bijlagen) or "—"

    @admin.action(description=_("Opnieuw versturen (mislukte en wachtende berichten)"))
    def opnieuw_versturen(self, request: HttpRequest, queryset: QuerySet[Bericht]) -> None:
        aantal = outbox.opnieuw_versturen(queryset)
        self.message_user(
            request, _("%(aantal)s bericht(en) staan weer klaar om te versturen.")
            % {"aantal": aantal}, messages.SUCCESS,
        )


@admin.register(Sweep)
class SweepAdmin(admin.ModelAdmin):
    list_display = ["naam", "laatste_dag", "laatste_run"]
    list_filter = ["naam"]
    search_fields = ["naam"]
    list_select_related = True
    readonly_fields = ["naam", "laatste_run"]
