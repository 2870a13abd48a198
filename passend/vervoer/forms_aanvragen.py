"""Forms of the leerlingenvervoer request pages: the worklist filters, the request (with plain-Dutch help texts for
parents), the gemeente's decision (confirm the proposal or depart from it) and the verordening's settings.

The forms only read input (Dutch numbers, yes/no); services.py checks every rule again and raises ValidationError
per field, which the views put on these forms: nothing the user typed is lost.
"""

from decimal import Decimal

from django import forms

from passend.core.velden import Getal
from passend.register.forms import Keuzerondjes
from passend.register.models import Soort

from .models import Vervoersaanvraag, Vervoersinstellingen, Vorm

TEKST = {"rows": 3}
JA_NEE = [("ja", "Ja"), ("nee", "Nee")]


# --------------------------------------------------------------------------------------------------------
# The worklist
# --------------------------------------------------------------------------------------------------------

class LijstFilter(forms.Form):
    q = forms.CharField(label="Naam leerling", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Status", required=False,
        choices=[("", "Alle (open eerst)"), (Vervoersaanvraag.Status.INGEDIEND, "Open (nog geen besluit)"),
                 (Vervoersaanvraag.Status.TOEGEKEND, "Toegekend"), (Vervoersaanvraag.Status.AFGEWEZEN, "Afgewezen")],
    )
    soort = forms.ChoiceField(label="Soort school", required=False, choices=[("", "Alle soorten"), *Soort.choices])
    vorm = forms.ChoiceField(
        label="Vorm van vervoer", required=False, choices=[("", "Alle vormen"), *Vorm.choices],
        help_text="Het besluit, of het voorstel als er nog geen besluit is.",
    )


# --------------------------------------------------------------------------------------------------------
# The request
# --------------------------------------------------------------------------------------------------------

def _ja_nee(label: str, help_text: str, fout: str) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, help_text=help_text, choices=JA_NEE, widget=Keuzerondjes,
                             error_messages={"required": fout, "invalid_choice": fout})


class AanvraagForm(forms.Form):
    """The fields of services.aanvraag_indienen. The school and the TLV are not asked: the register knows them.
    `ouder`: the texts speak to the parent ('uw kind'), else about 'de leerling'. `vraag_inkomen`: only for a pupil
    of a regular primary school or an SBO (the eigen bijdrage applies only there)."""

    kan_zelfstandig_reizen = _ja_nee(
        "Kan {kind} zelf naar school reizen?",
        "Zelf reizen: alleen met de bus, de trein of de fiets. Kies ‘Nee’ als {kind} dat niet kan, bijvoorbeeld "
        "door een beperking.",
        "Kies ja of nee: kan {kind} zelf naar school reizen?")
    beperking = _ja_nee(
        "Heeft {kind} een blijvende beperking?",
        "Een beperking van het lichaam, het verstand of de zintuigen (zoals zien of horen), die niet over gaat. "
        "Dan betaalt u geen eigen bijdrage.",
        "Kies ja of nee: heeft {kind} een blijvende beperking?")
    rolstoel = forms.BooleanField(
        label="{Kind} zit tijdens de rit in een rolstoel", required=False,
        help_text="Dan komt er een bus met een plek voor de rolstoel.")
    alleen_reizen = forms.BooleanField(
        label="{Kind} moet alleen reizen, zonder andere kinderen", required=False,
        help_text="Alleen als het echt nodig is, bijvoorbeeld op advies van een arts. Schrijf de reden bij de "
                  "toelichting.")
    max_rit_minuten = forms.IntegerField(
        label="Hoe lang mag één rit hoogstens duren?", required=False, min_value=10, max_value=180,
        widget=forms.NumberInput(attrs={"class": "kort", "inputmode": "numeric"}),
        help_text="In minuten. Alleen invullen als {kind} niet lang in de taxi kan zitten. Anders leeg laten.",
        error_messages={"invalid": "Vul een heel getal in (minuten), of laat het leeg.",
                        "min_value": "Vul een ritduur van 10 tot 180 minuten in, of laat het leeg.",
                        "max_value": "Vul een ritduur van 10 tot 180 minuten in, of laat het leeg."})
    chauffeur_info = forms.CharField(
        label="Wat moet de chauffeur weten?", required=False, max_length=300,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 300}),
        help_text="Alleen wat nodig is voor een veilige rit. Bijvoorbeeld: ‘zit graag achter de chauffeur’ of "
                  "‘epilepsie: medicijn zit in de tas’. Dit staat op de lijst van de chauffeur.",
        error_messages={"max_length": "Gebruik hoogstens 300 tekens."})
    inkomen_boven_grens = forms.ChoiceField(
        label="Is het inkomen van uw gezin hoger dan {grens} per jaar?", required=False,
        choices=[("ja", "Ja, hoger"), ("nee", "Nee, niet hoger"), ("", "Weet ik niet")], widget=Keuzerondjes,
        help_text="Dit bepaalt of u een eigen bijdrage betaalt. Weet u het niet? Kies dan ‘Weet ik niet’. De "
                  "gemeente vraagt het later.")
    toelichting = forms.CharField(
        label="Wilt u nog iets vertellen?", required=False, widget=forms.Textarea(attrs=TEKST),
        help_text="Bijvoorbeeld waarom {kind} alleen moet reizen, of iets anders dat de gemeente moet weten.")

    def __init__(self, *args, ouder: bool = False, vraag_inkomen: bool = True, inkomensgrens=None, **kwargs):
        super().__init__(*args, **kwargs)
        kind = "uw kind" if ouder else "de leerling"
        grens = euro(inkomensgrens if inkomensgrens is not None else Vervoersinstellingen().inkomensgrens,
                     centen=False)
        woorden = {"kind": kind, "Kind": kind[0].upper() + kind[1:], "grens": grens}
        for veld in self.fields.values():
            veld.label = str(veld.label).format(**woorden)
            veld.help_text = str(veld.help_text).format(**woorden)
            for sleutel, tekst in list(veld.error_messages.items()):
                veld.error_messages[sleutel] = str(tekst).format(**woorden)
        if not ouder:
            self.fields["inkomen_boven_grens"].label = (
                f"Is het inkomen van de ouders hoger dan {grens} per jaar?")
            self.fields["toelichting"].label = "Toelichting"
        if not vraag_inkomen:
            del self.fields["inkomen_boven_grens"]

    def service_gegevens(self) -> dict:
        d = self.cleaned_data
        inkomen = d.get("inkomen_boven_grens", "")
        return {
            "kan_zelfstandig_reizen": d["kan_zelfstandig_reizen"] == "ja",
            "beperking": d["beperking"] == "ja",
            "rolstoel": d["rolstoel"],
            "alleen_reizen": d["alleen_reizen"],
            "max_rit_minuten": d["max_rit_minuten"],
            "chauffeur_info": d["chauffeur_info"],
            "inkomen_boven_grens": {"ja": True, "nee": False}.get(inkomen),
            "toelichting": d["toelichting"],
        }


# --------------------------------------------------------------------------------------------------------
# The decision (gemeente)
# --------------------------------------------------------------------------------------------------------

def euro(bedrag, *, centen: bool = True) -> str:
    """€ 1.234,50 (without `centen`, a whole amount as € 29.700)."""
    d = Decimal(str(bedrag))
    tekst = f"{d:,.0f}" if not centen and d == d.to_integral_value() else f"{d:,.2f}"
    return "€ " + tekst.replace(",", "_").replace(".", ",").replace("_", ".")


def bedrag_tekst(bedrag) -> str:
    """An amount as a Dutch input value: 622,50."""
    return "" if bedrag in (None, "") else f"{Decimal(str(bedrag)):.2f}".replace(".", ",")


def _bijdrage(label: str, help_text: str) -> Getal:
    return Getal(label=label, required=False, minimum=0, maximum=10000, is_bedrag=True, eenheid="euro",
                 help_text=help_text)


class BevestigenForm(forms.Form):
    """Take the proposal over. Only when a means-tested contribution applies, the gemeente fills in its amount."""

    eigen_bijdrage = _bijdrage(
        "Eigen bijdrage per schooljaar (€)",
        "Er geldt ook een bijdrage naar draagkracht: vul het totale bedrag in, bijvoorbeeld 622,50. Leeg: het "
        "bedrag uit het voorstel.")

    def __init__(self, *args, draagkracht: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not draagkracht:
            del self.fields["eigen_bijdrage"]


class AfwijkenForm(forms.Form):
    """A decision other than the proposal. The motivering is required by services.besluiten when it departs."""

    besluit = forms.ChoiceField(
        label="Besluit", choices=[("toekennen", "Toekennen"), ("afwijzen", "Afwijzen")], widget=Keuzerondjes,
        error_messages={"required": "Kies toekennen of afwijzen.", "invalid_choice": "Kies toekennen of afwijzen."})
    vorm = forms.ChoiceField(
        label="Vorm van vervoer", required=False,
        choices=[("", "— kies bij toekennen —"), *((v, label) for v, label in Vorm.choices if v != Vorm.GEEN)],
        help_text="Alleen bij toekennen.")
    eigen_bijdrage = _bijdrage(
        "Eigen bijdrage per schooljaar (€)",
        "Bijvoorbeeld 622,50. Leeg laten: het bedrag uit het voorstel (of geen eigen bijdrage).")
    motivering = forms.CharField(
        label="Motivering", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Verplicht als het besluit afwijkt van het voorstel. Deze tekst staat in de brief aan de ouders.")

    def service_gegevens(self) -> dict:
        d = self.cleaned_data
        toekennen = d["besluit"] == "toekennen"
        # A refusal has no form of transport and no contribution, whatever was left in those fields.
        bijdrage = d["eigen_bijdrage"] if toekennen else None
        return {"toekennen": toekennen, "vorm": d["vorm"] if toekennen else "",
                "eigen_bijdrage": None if bijdrage is None else str(bijdrage), "motivering": d["motivering"]}


# --------------------------------------------------------------------------------------------------------
# The verordening's settings
# --------------------------------------------------------------------------------------------------------

LABELS = {"wegfactor": "Wegfactor", "schooltijd_begin": "School begint om", "schooltijd_eind": "School eindigt om"}
EENHEDEN = {"km_drempel": "km", "ov_max_minuten": "minuten", "ov_snelheid_kmh": "km/u", "snelheid_kmh": "km/u",
            "max_rit_minuten": "minuten", "inkomensgrens": "euro", "drempelbedrag": "euro", "draagkracht_km": "km",
            "aankomst_marge_min": "minuten"}


class InstellingenForm(forms.Form):
    """One field per services.INSTELLING_VELDEN, built from the model (label, help text, kind). Ranges are checked
    by services.instellingen_opslaan."""

    def __init__(self, *args, velden=(), **kwargs):
        super().__init__(*args, **kwargs)
        for naam in velden:
            mf = Vervoersinstellingen._meta.get_field(naam)
            label = LABELS.get(naam) or str(mf.verbose_name)[:1].upper() + str(mf.verbose_name)[1:]
            help_text = str(mf.help_text or "")
            if mf.get_internal_type() == "DecimalField":
                veld = Getal(label=label, decimalen=mf.decimal_places, minimum=0, eenheid=EENHEDEN.get(naam, ""),
                             is_bedrag=EENHEDEN.get(naam) == "euro", help_text=help_text,
                             error_messages={"required": f"Vul {label.lower()} in."})
            elif mf.get_internal_type() == "BooleanField":
                veld = forms.BooleanField(label=label, required=False, help_text=help_text)
            elif mf.get_internal_type() == "TimeField":
                veld = forms.TimeField(
                    label=label, help_text=help_text, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                    error_messages={"required": "Vul een tijd in, bijvoorbeeld 08:30.",
                                    "invalid": "Vul een tijd in, bijvoorbeeld 08:30."})
            else:
                veld = forms.IntegerField(
                    label=label, min_value=0, help_text=help_text,
                    widget=forms.NumberInput(attrs={"class": "kort", "inputmode": "numeric"}),
                    error_messages={"required": "Vul een heel getal in.", "invalid": "Vul een heel getal in.",
                                    "min_value": "Vul 0 of meer in."})
            self.fields[naam] = veld
