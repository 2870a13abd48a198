"""Small template helpers for the web UI: menu state, query strings, audit labels."""

from django import template
from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from passend.accounts.models import Rol

register = template.Library()


@register.simple_tag(takes_context=True)
def aria_current(context, href: str) -> str:
    """`page` when `href` is this page, `true` when this page lies under it (a section), else ``."""
    request = context.get("request")
    if request is None or not href:
        return ""
    if request.path == href:
        return "page"
    if href != "/" and request.path.startswith(href):
        # Only the menu item with the longest matching address is current (/netwerk/ and /netwerk/plaatsingen/).
        for item in context.get("menu") or []:
            try:
                ander = reverse(item.url_name)
            except NoReverseMatch:
                continue
            if len(ander) > len(href) and request.path.startswith(ander):
                return ""
        return "true"
    return ""


@register.simple_tag(takes_context=True)
def query(context, **changes) -> str:
    """The current query string with `changes` applied (None or "" removes a key); starts with `?`."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode() if params else "?"


@register.filter
def rol_label(code: str) -> str:
    """A role code as a short label: `swv_medewerker` -> `SWV-medewerker`."""
    if not code:
        return "systeem"
    try:
        return Rol(code).label.split(" (")[0].split(" / ")[0]
    except ValueError:
        return code


@register.filter
def objecttype_label(label: str) -> str:
    """`register.inschrijving` -> `Inschrijving` (the model's verbose name)."""
    if not label:
        return ""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return label
    name = str(model._meta.verbose_name)
    return name[:1].upper() + name[1:]


@register.simple_tag
def qs(**params) -> str:
    """A query string from keyword arguments, leaving out empty values."""
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})
