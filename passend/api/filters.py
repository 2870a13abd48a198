"""Query-string filters for the list endpoints. They only narrow a queryset that already comes from
passend.core.access.visible(); a bad value gives a 400 with a Dutch message instead of being ignored.
"""

import datetime as dt

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError


def _fail(name: str, message: str):
    raise ValidationError({name: [message]})


def text(params, name: str) -> str:
    return " ".join((params.get(name) or "").split())


def integer(params, name: str) -> int | None:
    value = (params.get(name) or "").strip()
    if not value:
        return None
    if not value.isdigit():
        _fail(name, f"'{value}' is geen geldig nummer.")
    return int(value)


def date(params, name: str) -> dt.date | None:
    value = (params.get(name) or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        _fail(name, f"'{value}' is geen geldige datum; gebruik JJJJ-MM-DD, bijv. 2016-05-28.")


def choice(params, name: str, choices) -> str | None:
    value = (params.get(name) or "").strip()
    if not value:
        return None
    allowed = [c for c, _label in choices]
    if value not in allowed:
        _fail(name, f"Onbekende waarde '{value}'; kies uit: {', '.join(allowed)}.")
    return value


def param(name: str, type_=OpenApiTypes.STR, description: str = "", enum=None) -> OpenApiParameter:
    return OpenApiParameter(name, type_, OpenApiParameter.QUERY, required=False, description=description, enum=enum)
