"""Reading input in the services (pages and API both pass values through them): one rule per kind of value,
with the Dutch message a user sees."""

import datetime as dt

from django.core.exceptions import ValidationError


def datum(waarde, veld: str, verplicht: bool = True) -> dt.date | None:
    """A date from a date, a datetime or ISO text; None when empty and not required; else a ValidationError
    on field `veld`."""
    if waarde in (None, ""):
        if verplicht:
            raise ValidationError({veld: "Vul een datum in."})
        return None
    if isinstance(waarde, dt.datetime):
        return waarde.date()
    if isinstance(waarde, dt.date):
        return waarde
    try:
        return dt.date.fromisoformat(str(waarde))
    except ValueError:
        raise ValidationError({veld: "Geen geldige datum."}) from None
