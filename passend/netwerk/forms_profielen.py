"""Forms of the profile pages: an own need, the ondersteuningsplan, a school's support profile, the filters of the
profile list and the settings. Dutch labels and messages; dates as DD-MM-JJJJ or the browser's date field, numbers
the Dutch way (12,5). The services check everything again: the forms give the messages next to the field early
and keep what was typed."""

import datetime as dt

from django import forms

from passend.core.invoer import getal
from passend.core.velden import Getal
from passend.register.forms import DatumInput
from passend.register.models import Soort

from . import regels
from .models import Behoefte, Niveau

ONGELDIGE_DATUM = "Vul een geldige datum in, bijvoorbeeld 31-07-2028."
MAX_AANTAL = 100000


def _datum(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, help_text=help_text, widget=DatumInput(),
                           error_messages={"invalid": ONGELDIGE_DATUM, "required": f"Vul de {label.lower()} in."})


def _tekst(label: str, *, required: bool = False, help_text: str = "", rows: int = 4, fout: str = "",
           max_length: int | None = None) -> forms.CharField:
    return forms.CharField(label=label, required=required, help_text=help_text, max_length=max_length,
                           widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": fout or f"Vul {label.lower()} in.",
                                           "max_length": "Deze tekst is te lang."})


class Aantal(forms.CharField):
    """A whole number of pupils or places (0 to 100.000); empty gives None when the field is optional."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {}).setdefault("required", "Vul een aantal in.")
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "numeric", "autocomplete": "off", "class": "kort"})
        return attrs

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        try:
            d = getal(value)
        except ValueError:
            raise forms.ValidationError("Vul een heel getal in, bijvoorbeeld 12.") from None
        if d != d.to_integral_value():
            raise forms.ValidationError("Vul een heel getal in, bijvoorbeeld 12.")
        if d < 0 or d > MAX_AANTAL:
            raise forms.ValidationError("Vul een aantal van 0 tot 100.000 in.")
        return int(d)


class BehoefteForm(forms.Form):
    naam = forms.CharField(label="Naam van de behoefte", max_length=100,
                           error_messages={"required": "Geef de behoefte een naam.",
                                           "max_length": "Gebruik ten hoogste 100 tekens."})
    omschrijving = forms.CharField(label="Omschrijving", max_length=300, required=False,
                                   help_text="Kort: waar gaat het om, wat vraagt het van een school?",
                                   error_messages={"max_length": "Gebruik ten hoogste 300 tekens."})


# ------------------------------------------------------------------------------------------------------------
# Ondersteuningsplan
# ------------------------------------------------------------------------------------------------------------

class BehoeftenKeuze(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Behoefte) -> str:
        return obj.naam


class PlanForm(forms.Form):
    titel = forms.CharField(label="Titel", max_length=200, initial="Ondersteuningsplan",
                            error_messages={"required": "Geef het plan een titel.",
                                            "max_length": "Gebruik ten hoogste 200 tekens."})
    geldig_van = _datum("Ingangsdatum", help_text="Meestal 1 augustus: het plan geldt voor hele schooljaren.")
    geldig_tot = _datum("Einddatum", help_text="Ten hoogste 4 jaar na de ingangsdatum.")
    opr_instemming_op = _datum("Datum instemming OPR", required=False,
                               help_text="De ondersteuningsplanraad stemt in vóór de ingangsdatum (art. 14a WMS).")
    basisondersteuning = _tekst(
        "Basisondersteuning", required=True, rows=8, fout="Beschrijf de basisondersteuning: wat elke school biedt.",
        help_text="Wat elke reguliere school in het samenwerkingsverband biedt, één onderdeel per regel.")
    basis_behoeften = BehoeftenKeuze(
        label="Behoeften in de basisondersteuning", queryset=Behoefte.objects.none(), required=False,
        help_text="Elke reguliere school vangt deze behoeften op; ze tellen mee in de dekking.",
        error_messages={"invalid_choice": "Kies behoeften uit de lijst.", "invalid_pk_value": "Kies behoeften uit "
                                                                                             "de lijst."})

    def __init__(self, *args, behoeften, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["basis_behoeften"].queryset = behoeften

    def clean(self):
        """The period and the OPR date (regels.plan_fout) next to the other messages; the service checks again."""
        data = super().clean()
        van, tot = data.get("geldig_van"), data.get("geldig_tot")
        if van and tot and "opr_instemming_op" not in self.errors:
            fout = regels.plan_fout(van, tot, data.get("opr_instemming_op"))
            if fout:
                self.add_error("opr_instemming_op" if "OPR" in fout else "geldig_tot", fout)
        return data


# ------------------------------------------------------------------------------------------------------------
# School support profile
# ------------------------------------------------------------------------------------------------------------

class ProfielForm(forms.Form):
    """The profile's own fields plus, per need of the SWV, a row: biedt_<id>, niveau_<id>, capaciteit_<id>,
    bezet_<id>, toelichting_<id> (the field names the service's messages use)."""

    geldig_van = _datum("Geldig vanaf")
    geldig_tot = _datum("Geldig tot en met", help_text="Ten hoogste 4 jaar na de begindatum: de school stelt het "
                                                      "profiel minstens eens per 4 jaar opnieuw vast.")
    mr_advies_op = _datum("Datum advies medezeggenschapsraad", required=False,
                          help_text="De MR adviseert over het profiel. Leeg: (nog) geen advies.")
    expertise = _tekst("Expertise", help_text="Welke deskundigheid de school heeft, één per regel.")
    voorzieningen = _tekst("Voorzieningen", help_text="Gebouw en voorzieningen, zoals een lift of een prikkelarme "
                                                      "ruimte; één per regel.")
    plaatsen = Aantal(label="Aantal plaatsen")
    bezetting = Aantal(label="Huidige bezetting", help_text="Hoeveel leerlingen er nu zijn.")
    wachtlijst = Aantal(label="Wachtlijst", help_text="Hoeveel leerlingen wachten op een plaats.")

    RIJ_VELDEN = ("biedt", "niveau", "capaciteit", "bezet", "toelichting")

    def __init__(self, *args, behoeften, speciaal: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not speciaal:
            for veld in ("plaatsen", "bezetting", "wachtlijst"):
                del self.fields[veld]
        self.behoeften = list(behoeften)
        for b in self.behoeften:
            self.fields[f"biedt_{b.pk}"] = forms.BooleanField(label=f"{b.naam}: de school biedt dit", required=False)
            self.fields[f"niveau_{b.pk}"] = forms.ChoiceField(
                label=f"{b.naam}: niveau", choices=Niveau.choices, required=False,
                initial=Niveau.SPECIALISTISCH if speciaal else Niveau.EXTRA,
                error_messages={"invalid_choice": "Kies een niveau uit de lijst."})
            self.fields[f"capaciteit_{b.pk}"] = Aantal(label=f"{b.naam}: plaatsen")
            self.fields[f"bezet_{b.pk}"] = Aantal(label=f"{b.naam}: bezet")
            self.fields[f"toelichting_{b.pk}"] = forms.CharField(
                label=f"{b.naam}: toelichting", required=False, max_length=300,
                error_messages={"max_length": "Gebruik ten hoogste 300 tekens."})

    @property
    def rijen(self) -> list[dict]:
        """Per need the bound fields of its row, for the template."""
        rijen = []
        for b in self.behoeften:
            velden = {v: self[f"{v}_{b.pk}"] for v in self.RIJ_VELDEN}
            rijen.append({"behoefte": b, **velden, "invoer": [velden[v] for v in self.RIJ_VELDEN[1:]],
                          "fout": any(f.errors for f in velden.values())})
        return rijen

    def clean(self):
        data = super().clean()
        van, tot = data.get("geldig_van"), data.get("geldig_tot")
        fout = regels.periode_fout(van, tot) if van and tot else None
        if fout:
            self.add_error("geldig_tot", fout)
        for b in self.behoeften:
            if data.get(f"biedt_{b.pk}") and not data.get(f"niveau_{b.pk}") \
                    and f"niveau_{b.pk}" not in self.errors:
                self.add_error(f"niveau_{b.pk}", "Kies een niveau.")
        return data

    def aanbod(self) -> dict:
        """The rows ticked 'biedt', in the shape services.profiel_opslaan takes."""
        d = self.cleaned_data
        return {b.pk: {"niveau": d[f"niveau_{b.pk}"], "capaciteit": d[f"capaciteit_{b.pk}"],
                       "bezet": d[f"bezet_{b.pk}"], "toelichting": d[f"toelichting_{b.pk}"]}
                for b in self.behoeften if d.get(f"biedt_{b.pk}")}

    def profielvelden(self) -> dict:
        d = self.cleaned_data
        velden = {k: d[k] for k in ("geldig_van", "geldig_tot", "mr_advies_op", "expertise", "voorzieningen")}
        for k in ("plaatsen", "bezetting", "wachtlijst"):
            if k in self.fields:
                velden[k] = d[k]
        return velden

    @staticmethod
    def beginwaarden(profiel, speciaal: bool, vandaag: dt.date) -> dict:
        """The form's initial values: the saved profile, or a suggested period (this school year, 4 years)."""
        if profiel is None:
            jaar = vandaag.year if vandaag.month >= 8 else vandaag.year - 1
            return {"geldig_van": dt.date(jaar, 8, 1), "geldig_tot": dt.date(jaar + 4, 7, 31)}
        init = {"geldig_van": profiel.geldig_van, "geldig_tot": profiel.geldig_tot,
                "mr_advies_op": profiel.mr_advies_op, "expertise": profiel.expertise,
                "voorzieningen": profiel.voorzieningen}
        if speciaal:
            init.update(plaatsen=profiel.plaatsen, bezetting=profiel.bezetting, wachtlijst=profiel.wachtlijst)
        for a in profiel.aanbod.all():
            init.update({f"biedt_{a.behoefte_id}": True, f"niveau_{a.behoefte_id}": a.niveau,
                         f"capaciteit_{a.behoefte_id}": a.capaciteit, f"bezet_{a.behoefte_id}": a.bezet,
                         f"toelichting_{a.behoefte_id}": a.toelichting})
        return init


# ------------------------------------------------------------------------------------------------------------
# Profile list filters
# ------------------------------------------------------------------------------------------------------------

STATUS_KEUZES = [
    ("", "Alle"),
    ("ontbreekt", "Geen profiel"),
    ("geldig", "Geldig"),
    ("verloopt", "Verloopt binnenkort"),
    ("verlopen", "Verlopen"),
    ("toekomst", "Nog niet ingegaan"),
]


class ProfielFilter(forms.Form):
    q = forms.CharField(label="Zoek op naam of plaats", required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search"}))
    soort = forms.ChoiceField(label="Soort school", required=False, choices=[("", "Alle soorten"), *Soort.choices])
    behoefte = forms.ModelChoiceField(label="Biedt", required=False, queryset=Behoefte.objects.none(),
                                      empty_label="Alle behoeften")
    status = forms.ChoiceField(label="Profiel", required=False, choices=STATUS_KEUZES)

    def __init__(self, *args, behoeften, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["behoefte"].queryset = behoeften


# ------------------------------------------------------------------------------------------------------------
# Settings
# ------------------------------------------------------------------------------------------------------------

class InstellingenForm(forms.Form):
    max_afstand_km = Getal(label="Grootste afstand (km)", minimum="0.5", maximum=200, decimalen=1,
                           help_text="Een behoefte is een gat waar leerlingen verder dan dit van de dichtstbijzijnde "
                                     "school met aanbod wonen. Bijvoorbeeld 10 of 7,5.")
    wachtlijst_drempel = Aantal(label="Drempel wachtlijst", required=True,
                                help_text="Een speciale school met een langere wachtlijst staat op de gatenlijst.")
    bezetting_drempel_procent = Aantal(label="Drempel bezetting (%)", required=True,
                                       help_text="Aanbod met zoveel procent bezet of meer geldt als vol.")
    wegfactor = Getal(label="Wegfactor", minimum=1, maximum=3, decimalen=2,
                      help_text="De afstand hemelsbreed maal deze factor benadert de reisafstand (1 = hemelsbreed, "
                                "bijvoorbeeld 1,3 voor over de weg).")

    VELDEN = ("max_afstand_km", "wachtlijst_drempel", "bezetting_drempel_procent", "wegfactor")
