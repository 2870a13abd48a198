import datetime as dt

from django import template

register = template.Library()


@register.filter
def minuten(value, default: int = 15) -> int:
    """A timedelta (or hours as a number) as whole minutes, rounded up: for the lockout message."""
    if isinstance(value, dt.timedelta):
        seconds = value.total_seconds()
    elif isinstance(value, int | float):
        seconds = value * 3600
    else:
        return default
    return max(1, -(-int(seconds) // 60))


@register.filter
def velden_met_fouten(form) -> list:
    """The bound fields of `form` that have errors, for the summary at the top of a form."""
    return [field for field in form if field.errors]
