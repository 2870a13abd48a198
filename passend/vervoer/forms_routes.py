"""Forms of the route pages: a vehicle, and the start of a route planning. They only parse what was typed;
services.voertuig_opslaan and services.planning_starten check it (their ValidationError is shown on the form)."""

from django import forms

from .models import Routeplanning, Voertuig

TIJD_FORMATEN = ["%H:%M", "%H.%M", "%H:%M:%S"]


class TijdInput(forms.TimeInput):
    """A time as HH:MM in a plain text field (easier to type and to read out than a browser time picker)."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "kort", "autocomplete": "off", "spellcheck": "false", **(attrs or {})},
                         format="%H:%M")


class VoertuigForm(forms.Form):
    naam = forms.CharField(max_length=100, help_text="Zoals de vervoerder het voertuig noemt, bijv. 'Taxibus 3'.")
    zitplaatsen = forms.IntegerField(
        label="Zitplaatsen voor leerlingen", widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "kort"}),
        help_text="Zonder de plaats van de chauffeur.")
    rolstoelplaatsen = forms.IntegerField(
        required=False, initial=0, widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "kort"}),
        help_text="Een leerling in een rolstoel gebruikt een rolstoelplaats, geen zitplaats.")
    depot_pc4 = forms.CharField(
        label="Standplaats (postcode, 4 cijfers)", max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "class": "kort"}),
        help_text="Waar het voertuig vertrekt en terugkomt.")
    beschikbaar_van = forms.TimeField(label="Beschikbaar vanaf", widget=TijdInput(), input_formats=TIJD_FORMATEN,
                                      initial=Voertuig._meta.get_field("beschikbaar_van").default,
                                      help_text="Ochtendrit: het vroegste vertrek, als uu:mm (bijv. 07:00).")
    beschikbaar_tot = forms.TimeField(label="Beschikbaar tot", widget=TijdInput(), input_formats=TIJD_FORMATEN,
                                      initial=Voertuig._meta.get_field("beschikbaar_tot").default,
                                      help_text="Ochtendrit: uiterlijk terug op de standplaats (bijv. 09:30).")
    actief = forms.BooleanField(label="Inzetbaar in de planning", required=False, initial=True)

    @classmethod
    def van(cls, voertuig: Voertuig | None, data=None, *, prefix=None):
        initial = None
        if voertuig is not None:
            initial = {"naam": voertuig.naam, "zitplaatsen": voertuig.zitplaatsen,
                       "rolstoelplaatsen": voertuig.rolstoelplaatsen, "depot_pc4": voertuig.depot_pc4,
                       "beschikbaar_van": voertuig.beschikbaar_van, "beschikbaar_tot": voertuig.beschikbaar_tot,
                       "actief": voertuig.actief}
        return cls(data, initial=initial, prefix=prefix)

    def service_gegevens(self) -> dict:
        d = self.cleaned_data
        return {"naam": d["naam"], "zitplaatsen": d["zitplaatsen"], "rolstoelplaatsen": d["rolstoelplaatsen"] or 0,
                "depot_pc4": d["depot_pc4"], "beschikbaar_van": d["beschikbaar_van"],
                "beschikbaar_tot": d["beschikbaar_tot"], "actief": d["actief"]}


class PlanningForm(forms.Form):
    richting = forms.ChoiceField(choices=Routeplanning.Richting.choices, initial=Routeplanning.Richting.HEEN,
                                 widget=forms.RadioSelect)
    seconden = forms.IntegerField(
        label="Rekentijd (seconden)", initial=30, widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "kort"}),
        help_text="Hoe lang de planner naar betere routes zoekt (1 tot 600). 30 seconden is genoeg voor een paar "
                  "honderd leerlingen; neem bij 1.000 leerlingen enkele minuten.")

    def service_gegevens(self) -> dict:
        return {"richting": self.cleaned_data["richting"], "seconden": self.cleaned_data["seconden"]}
