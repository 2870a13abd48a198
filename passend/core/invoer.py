"""Reading input in the services (pages and API both pass values through them): one rule per kind of value,
with the Dutch message a user sees."""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

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


# "7.000" and "1.250.000,50" use the dot between thousands; "0.583" and "12.5" are decimal points.
DUIZENDTALLEN = re.compile(r"^-?[1-9]\d{0,2}(\.\d{3})+(,\d*)?$")


def getal(tekst) -> Decimal:
    """A number as people in the Netherlands type it: '12,5', '12.5', '7.000', '€ 7.000,50', '3,5 %'.
    Raises ValueError when it is no (finite) number."""
    if isinstance(tekst, Decimal | int):
        return Decimal(tekst)
    t = str(tekst).replace("€", "").replace(" ", "").replace("\u00a0", "").replace("%", "")
    if DUIZENDTALLEN.match(t) or ("," in t and "." in t):
        t = t.replace(".", "")
    t = t.replace(",", ".")
    try:
        d = Decimal(t)
    except InvalidOperation:
        raise ValueError(tekst) from None
    if not d.is_finite():
        raise ValueError(tekst)
    return d
