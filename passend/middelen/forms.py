"""Forms of the Middelen pages: the distribution models' parameters (to look at the effect without saving),
the settings, one rate, a rates file and the official pupil count. Dutch labels and messages; numbers may be
typed the Dutch way (12,5 and 7.000). The services check everything again: these forms give the messages early
and next to the field, and keep what was typed."""

from decimal import Decimal

from django import forms

from passend.core.invoer import getal
from passend.core.velden import Getal, als_tekst

from .models import Component, Verdeelmodel

MAX_BESTAND = 2 * 1024 * 1024


def lees_getal(tekst: str) -> Decimal:
    """'12,5', '12.5', '7.000', '€ 7.000,50' -> Decimal (core.invoer.getal). Raises ValueError when it is no number."""
    return getal(tekst)


def _procent(label, help_text="", **kw):
    return Getal(label=label, minimum=0, maximum=100, eenheid="%", help_text=help_text, **kw)


def _bedrag(label, help_text="", maximum=Decimal("99999999.99"), **kw):
    return Getal(label=label, minimum=0, maximum=maximum, help_text=help_text, is_bedrag=True, **kw)


def _groei(label, help_text=""):
    return Getal(label=label, minimum=-50, maximum=50, eenheid="% per jaar", help_text=help_text)


HYBRIDE_VELDEN = ("hybride_school_procent", "hybride_leerling_procent", "hybride_expertise_procent")


class HybrideSomMixin:
    def clean(self):
        data = super().clean()
        delen = [data.get(v) for v in HYBRIDE_VELDEN]
        if all(d is not None for d in delen) and sum(delen) != 100:
            som = als_tekst(sum(delen))
            self.add_error(None, f"De delen van het hybride model (schoolmodel, leerlingmodel en expertisemodel) "
                                 f"tellen samen op tot {som} %, niet tot 100 %. Pas ze aan zodat ze samen 100 % zijn.")
        return data


class VerdelingForm(HybrideSomMixin, forms.Form):
    """The year and the parameters of the models, to see their effect (GET) or save them (POST)."""

    jaar = forms.TypedChoiceField(label="Begrotingsjaar", coerce=int,
                                  error_messages={"invalid_choice": "Kies een jaar uit de lijst."})
    apparaat_procent = _procent("Deel voor de eigen organisatie van het SWV (%)",
                                "In elk model houdt het SWV dit deel van het vrije budget voor de eigen organisatie.")
    vaste_voet_per_school = _bedrag("Vaste voet per school (euro)",
                                    "Schoolmodel: elke school krijgt eerst dit bedrag, de rest gaat naar "
                                    "leerlingaantal. Past het niet in het budget, dan alles naar leerlingaantal.")
    hybride_school_procent = _procent("Deel via het schoolmodel (%)")
    hybride_leerling_procent = _procent("Deel via het leerlingmodel (%)")
    hybride_expertise_procent = _procent("Deel via het expertisemodel (%)")

    def __init__(self, *args, jaren: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jaar"].choices = [(j, str(j)) for j in jaren]


class InstellingenForm(HybrideSomMixin, forms.Form):
    gekozen_model = forms.ChoiceField(
        label="Gekozen verdeelmodel", choices=Verdeelmodel.choices, widget=forms.RadioSelect,
        help_text="Het model waarmee het SWV het vrije budget verdeelt; de vergelijking markeert het.",
        error_messages={"required": "Kies een verdeelmodel.", "invalid_choice": "Kies een verdeelmodel."})
    apparaat_procent = VerdelingForm.base_fields["apparaat_procent"]
    vaste_voet_per_school = VerdelingForm.base_fields["vaste_voet_per_school"]
    hybride_school_procent = VerdelingForm.base_fields["hybride_school_procent"]
    hybride_leerling_procent = VerdelingForm.base_fields["hybride_leerling_procent"]
    hybride_expertise_procent = VerdelingForm.base_fields["hybride_expertise_procent"]
    vangnet_drempel_procent = _procent(
        "Drempel vangnet (%)",
        "Groei na de teldatum telt pas mee boven dit percentage van de leerlingen met een TLV op de teldatum.")
    vangnet_factor = Getal(
        label="Deel van het jaarbedrag per groeileerling", minimum=0, maximum=1, decimalen=3,
        help_text="Tussen 0 en 1. 7/12 = 0,583: van 1 februari tot het einde van het kalenderjaar.")
    reserve = _bedrag("Eigen vermogen (reserve) in euro", "Uit de jaarrekening. Mag leeg blijven.",
                      maximum=Decimal("9999999999.99"), required=False)
    totale_baten = _bedrag("Totale baten in euro", "Uit de jaarrekening. Mag leeg blijven.",
                           maximum=Decimal("9999999999.99"), required=False)
    signalering_minimum = _bedrag("Minimum van de signaleringswaarde (euro)", maximum=Decimal("9999999999.99"))
    signalering_procent = _procent("Percentage van de totale baten (%)")
    prognose_jaren = forms.TypedChoiceField(
        label="Aantal jaren in de prognose", coerce=int, choices=[(3, "3"), (4, "4"), (5, "5")],
        error_messages={"required": "Kies 3, 4 of 5 jaar.", "invalid_choice": "Kies 3, 4 of 5 jaar."})
    groei_leerlingen_procent = _groei("Groei van het aantal leerlingen (% per jaar)",
                                      "Negatief bij krimp, bijvoorbeeld -1.")
    groei_tlv_procent = _groei("Groei van het aantal leerlingen met een TLV (% per jaar)")
    indexatie_procent = _groei("Indexatie van de normbedragen (% per jaar)")


GROEPEN = [
    ("verdeling", "Verdeling", ("gekozen_model", "apparaat_procent", "vaste_voet_per_school", *HYBRIDE_VELDEN)),
    ("vangnet", "Vangnet: groei na de teldatum", ("vangnet_drempel_procent", "vangnet_factor")),
    ("reserve", "Reserve en signaleringswaarde", ("reserve", "totale_baten", "signalering_minimum",
                                                  "signalering_procent")),
    ("prognose", "Prognose", ("prognose_jaren", "groei_leerlingen_procent", "groei_tlv_procent",
                              "indexatie_procent")),
]


class NormbedragForm(forms.Form):
    jaar = forms.IntegerField(label="Jaar", min_value=2014, max_value=2100,
                              help_text="Het eerste kalenderjaar van de periode, bijvoorbeeld 2025.",
                              error_messages={"required": "Vul het jaar in.", "invalid": "Vul een jaartal in.",
                                              "min_value": "Kies een jaar vanaf 2014.",
                                              "max_value": "Kies een jaar tot en met 2100."},
                              widget=forms.NumberInput(attrs={"class": "kort"}))
    periode = forms.CharField(label="Periode zoals de bron haar noemt", max_length=20, required=False,
                              help_text="Bijvoorbeeld 2025 of 2025-2026. Leeg: het jaar.",
                              widget=forms.TextInput(attrs={"class": "kort"}))
    sector = forms.ChoiceField(label="Sector", choices=[("PO", "PO"), ("VO", "VO")])
    component = forms.ChoiceField(label="Onderdeel", choices=Component.choices,
                                  error_messages={"required": "Kies een onderdeel."})
    bedrag = _bedrag("Bedrag in euro", "Per leerling (of per schoolgewicht bij schoolmaatschappelijk werk).")
    bron = forms.CharField(label="Bron", max_length=500,
                           help_text="Waar het bedrag vandaan komt: regeling en artikel, of het bericht van DUO.",
                           error_messages={"required": "Vermeld de bron van het bedrag."})

    def rij(self) -> dict:
        d = self.cleaned_data
        return {"jaar": d["jaar"], "periode": d["periode"] or str(d["jaar"]), "sector": d["sector"],
                "component": d["component"], "bedrag": d["bedrag"], "bron": d["bron"]}


class NormbedragenBestandForm(forms.Form):
    bestand = forms.FileField(
        label="Bestand met normbedragen (CSV of Excel)",
        help_text="Kolommen jaar, sector, component, bedrag, bron (en eventueel periode). Gebruik het sjabloon.",
        error_messages={"required": "Kies een bestand.", "empty": "Het bestand is leeg."},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv,"
                                                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}))

    def clean_bestand(self):
        f = self.cleaned_data["bestand"]
        if not f.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Kies een CSV- of Excel-bestand (.csv of .xlsx).")
        if f.size > MAX_BESTAND:
            raise forms.ValidationError("Het bestand is groter dan 2 MB.")
        return f


class TellingForm(forms.Form):
    jaar = forms.IntegerField(label="Begrotingsjaar", min_value=2014, max_value=2100,
                              help_text="Het jaar van de begroting waarvoor deze telling geldt.",
                              error_messages={"required": "Vul het jaar in.", "invalid": "Vul een jaartal in.",
                                              "min_value": "Kies een jaar vanaf 2014.",
                                              "max_value": "Kies een jaar tot en met 2100."},
                              widget=forms.NumberInput(attrs={"class": "kort"}))
    bo = forms.IntegerField(label="Leerlingen basisonderwijs", min_value=0)
    sbo = forms.IntegerField(label="Leerlingen speciaal basisonderwijs (SBO)", min_value=0)
    vo = forms.IntegerField(label="Leerlingen voortgezet onderwijs", min_value=0)
    schoolgewichten = forms.IntegerField(label="Som van de schoolgewichten", min_value=0, required=False,
                                         help_text="Voor schoolmaatschappelijk werk, als DUO die telling geeft.")
    bron = forms.CharField(label="Bron", max_length=300, required=False,
                           help_text="Bijvoorbeeld: DUO, Mijn DUO, telling 1-2-2025.")

    def __init__(self, *args, sector: str, **kwargs):
        super().__init__(*args, **kwargs)
        weg = ("vo",) if sector == "PO" else ("bo", "sbo", "schoolgewichten")
        for veld in weg:
            del self.fields[veld]
        for naam, veld in self.fields.items():
            if isinstance(veld, forms.IntegerField) and naam != "jaar":
                veld.error_messages.update({"required": "Vul een aantal in (0 als er geen zijn).",
                                            "invalid": "Vul een heel getal in.",
                                            "min_value": "Een aantal kan niet negatief zijn."})
                veld.widget.attrs.update({"class": "kort", "inputmode": "numeric"})
