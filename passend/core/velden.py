"""Form fields for numbers typed the Dutch way (12,5 and 7.000), shared by the modules' forms."""

from decimal import Decimal

from django import forms

from .invoer import getal


def als_tekst(waarde) -> str:
    """A number as a Dutch input value: 12,5 and 7000 (no trailing zeros, no thousands separator)."""
    if waarde is None or waarde == "":
        return ""
    d = Decimal(str(waarde))
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f").replace(".", ",")


class Getal(forms.CharField):
    """A number field that accepts the Dutch notation; returns a Decimal (or None when empty and optional)."""

    def __init__(self, *, minimum=None, maximum=None, decimalen=2, eenheid="", is_bedrag=False, **kwargs):
        self.is_bedrag = is_bedrag
        self.minimum = None if minimum is None else Decimal(str(minimum))
        self.maximum = None if maximum is None else Decimal(str(maximum))
        self.decimalen = decimalen
        self.eenheid = eenheid
        kwargs.setdefault("error_messages", {}).setdefault("required", "Vul een getal in.")
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "decimal", "autocomplete": "off", "class": "kort"})
        return attrs

    def prepare_value(self, value):
        return als_tekst(value) if isinstance(value, Decimal | int | float) else value

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        try:
            d = getal(value)
        except ValueError:
            raise forms.ValidationError("Vul een getal in, bijvoorbeeld 12,5.") from None
        bereik = (f"Kies een waarde van {als_tekst(self.minimum)} tot en met {als_tekst(self.maximum)}"
                  f"{' ' + self.eenheid if self.eenheid else ''}.")
        if self.minimum is not None and d < self.minimum:
            raise forms.ValidationError("Een bedrag kan niet negatief zijn." if self.is_bedrag else bereik)
        if self.maximum is not None and d > self.maximum:
            raise forms.ValidationError("Dit bedrag is te groot." if self.is_bedrag else bereik)
        if -d.as_tuple().exponent > self.decimalen and d != d.quantize(Decimal(1).scaleb(-self.decimalen)):
            raise forms.ValidationError(f"Gebruik ten hoogste {self.decimalen} cijfers achter de komma.")
        return d.quantize(Decimal(1).scaleb(-self.decimalen))
