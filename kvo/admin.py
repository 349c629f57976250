from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Hartslag, User


class ReadOnlyAdminMixin:
    """Append-only history (kvo.models.AppendOnlyModel): visible in admin, never changed there."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
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

    def has_add_permission(self, request):
        return False
