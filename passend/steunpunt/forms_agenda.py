"""Forms of the activities agenda: the public filter and registration, and the organiser's activity form.

Dates and times are entered as a date and two times (native inputs) and combined into aware datetimes in
Europe/Amsterdam (settings.TIME_ZONE). The checks that need the database stay in services.py; the views put
its errors on these forms so nothing typed is lost.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings

from passend.register.forms import DatumInput

from .models import Activiteit, Sector, Thema, als_lijst

ONGELDIGE_DATUM = "Vul een geldige datum in, bijvoorbeeld 14-03-2026."
ONGELDIGE_TIJD = "Vul een geldige tijd in, bijvoorbeeld 14:30."

MAANDEN = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"]


def zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def maand_label(jaar: int, maand: int) -> str:
    return f"{MAANDEN[maand - 1]} {jaar}"


class TijdInput(forms.TimeInput):
    """A native time field (HH:MM)."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


# ------------------------------------------------------------------------------------------------------------
# Public
# ------------------------------------------------------------------------------------------------------------

class AgendaFilter(forms.Form):
    soort = forms.ChoiceField(label="Soort", required=False, choices=[("", "Alle soorten"), *Activiteit.Soort.choices])
    thema = forms.ChoiceField(label="Thema", required=False)
    sector = forms.ChoiceField(label="Sector", required=False, choices=[("", "Alle sectoren"), *Sector.choices])
    maand = forms.ChoiceField(label="Maand", required=False)

    def __init__(self, *args, maanden=(), **kwargs):
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)
        self.fields["thema"].choices = [("", "Alle thema's"), *Thema.objects.values_list("slug", "naam")]
        self.fields["maand"].choices = [("", "Alle maanden"),
                                        *((f"{j:04d}-{m:02d}", maand_label(j, m)) for j, m in maanden)]

    def waarden(self) -> dict:
        """The valid filter values (an unknown value filters nothing)."""
        self.is_valid()
        schoon = getattr(self, "cleaned_data", {})
        return {veld: schoon.get(veld) or "" for veld in self.fields}


class AanmeldForm(forms.Form):
    naam = forms.CharField(label="Naam", max_length=150, error_messages={"required": "Vul uw naam in."},
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.CharField(
        label="E-mailadres", max_length=254, help_text="Hierop krijgt u de bevestiging en de afmeldlink.",
        error_messages={"required": "Vul uw e-mailadres in."},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisatie = forms.CharField(label="Organisatie", max_length=150, required=False,
                                  help_text="Bijvoorbeeld uw school, schoolbestuur of samenwerkingsverband.",
                                  widget=forms.TextInput(attrs={"autocomplete": "organization"}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "aanmelden-%s")
        super().__init__(*args, **kwargs)


# ------------------------------------------------------------------------------------------------------------
# Organiser
# ------------------------------------------------------------------------------------------------------------

class ActiviteitForm(forms.Form):
    titel = forms.CharField(label="Titel", max_length=200, error_messages={"required": "Geef de activiteit een titel."})
    soort = forms.ChoiceField(label="Soort", choices=[("", "— kies een soort —"), *Activiteit.Soort.choices],
                              error_messages={"required": "Kies een soort."})
    omschrijving = forms.CharField(label="Omschrijving", required=False, widget=forms.Textarea(attrs={"rows": 6}),
                                   help_text="Voor wie is het, wat gaat u doen, wat moeten deelnemers meenemen?")
    datum = forms.DateField(label="Datum", widget=DatumInput(),
                            error_messages={"required": "Vul de datum in.", "invalid": ONGELDIGE_DATUM})
    begintijd = forms.TimeField(label="Begintijd", widget=TijdInput(),
                                error_messages={"required": "Vul de begintijd in.", "invalid": ONGELDIGE_TIJD})
    einddatum = forms.DateField(label="Einddatum", required=False, widget=DatumInput(),
                                help_text="Alleen invullen als de activiteit meer dagen duurt.",
                                error_messages={"invalid": ONGELDIGE_DATUM})
    eindtijd = forms.TimeField(label="Eindtijd", widget=TijdInput(),
                               error_messages={"required": "Vul de eindtijd in.", "invalid": ONGELDIGE_TIJD})
    locatie = forms.CharField(label="Locatie", max_length=200, required=False,
                              help_text="Adres, of 'online'.")
    online_link = forms.URLField(
        label="Link om online deel te nemen", required=False, max_length=200, assume_scheme="https",
        help_text="Alleen geplaatste deelnemers krijgen deze link, in hun bevestiging en herinnering.",
        error_messages={"invalid": "Vul een volledig webadres in, bijvoorbeeld https://webinar.example.nl/abc."},
    )
    capaciteit = forms.IntegerField(
        label="Aantal plaatsen", min_value=1, max_value=100000,
        help_text="Als alle plaatsen bezet zijn, komen nieuwe aanmeldingen op de wachtlijst.",
        widget=forms.NumberInput(attrs={"class": "kort", "inputmode": "numeric"}),
        error_messages={"required": "Vul het aantal plaatsen in.", "invalid": "Vul een heel getal in.",
                        "min_value": "Het aantal plaatsen is minstens 1."},
    )
    themas = forms.ModelMultipleChoiceField(label="Thema's", queryset=Thema.objects.all(), required=False,
                                            widget=forms.CheckboxSelectMultiple)
    sectoren = forms.MultipleChoiceField(label="Sectoren", choices=Sector.choices, required=False,
                                         widget=forms.CheckboxSelectMultiple)

    # Which form field shows an error the service gives for one of the model's fields.
    SERVICE_VELDEN = {"begin": "begintijd", "eind": "eindtijd"}

    def __init__(self, *args, activiteit: Activiteit | None = None, **kwargs):
        if activiteit is not None and not args and "data" not in kwargs:
            kwargs["initial"] = self.initial_van(activiteit)
        super().__init__(*args, **kwargs)

    @staticmethod
    def initial_van(a: Activiteit) -> dict:
        begin, eind = a.begin.astimezone(zone()), a.eind.astimezone(zone())
        return {
            "titel": a.titel, "soort": a.soort, "omschrijving": a.omschrijving, "datum": begin.date(),
            "begintijd": begin.time().replace(second=0, microsecond=0),
            "einddatum": eind.date() if eind.date() != begin.date() else None,
            "eindtijd": eind.time().replace(second=0, microsecond=0), "locatie": a.locatie,
            "online_link": a.online_link, "capaciteit": a.capaciteit, "themas": list(a.themas.all()),
            "sectoren": als_lijst(a.sectoren),
        }

    def clean(self):
        data = super().clean()
        datum, begintijd, eindtijd = data.get("datum"), data.get("begintijd"), data.get("eindtijd")
        einddatum = data.get("einddatum") or datum
        if datum and begintijd:
            data["begin"] = dt.datetime.combine(datum, begintijd, tzinfo=zone())
        if einddatum and eindtijd:
            data["eind"] = dt.datetime.combine(einddatum, eindtijd, tzinfo=zone())
        if data.get("begin") and data.get("eind") and data["eind"] <= data["begin"]:
            veld = "einddatum" if data.get("einddatum") else "eindtijd"
            self.add_error(veld, "Het einde moet na het begin liggen.")
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "titel": d["titel"], "soort": d["soort"], "omschrijving": d.get("omschrijving", ""),
            "begin": d["begin"], "eind": d["eind"], "locatie": d.get("locatie", ""),
            "online_link": d.get("online_link", ""), "capaciteit": d["capaciteit"],
            "themas": list(d.get("themas") or []), "sectoren": list(d.get("sectoren") or []),
        }
