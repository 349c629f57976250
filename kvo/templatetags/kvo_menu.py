from django import template

from kvo.navigation import hoofdmenu as menu

register = template.Library()


@register.inclusion_tag("includes/hoofdmenu.html", takes_context=True)
def hoofdmenu(context):
    return {"items": list(menu), "user": context.get("user")}
