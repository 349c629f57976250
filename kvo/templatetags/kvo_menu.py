from typing import Any

from django import template
from django.template.context import Context

from kvo.navigation import hoofdmenu as menu

register = template.Library()


@register.inclusion_tag("includes/hoofdmenu.html", takes_context=True)
def hoofdmenu(context: Context) -> dict[str, Any]:
    return {"items": list(menu), "user": context.get("user")}
