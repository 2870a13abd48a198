"""Forms of the SWV's handling (werkvoorraad, consulent, MDO, notes, experts, decision, settings) and of the
expert's advice. Dutch labels; the checks that need the database or the law stay in services.py, which
raises ValidationError per field: the views put those on these forms so nothing typed is lost.
"""

import datetime as dt

from django import forms
from django.utils import timezone

from passend.register.forms import DatumInput

from . import services
from .models import (
    OPEN_STATUSSEN,
    Aanvraag,
    Adviesopdracht,
    Beroep,
    Besluit,
    Categorie,
    Soort,
    Status,
    TlvSoort,
    Toewijzingsinstellingen,
    vandaag,
)

ONGELDIGE_DATUM = "Vul een geldige datum in, bijvoorbeeld 31-07-2027."


def _datumveld(label: str, *, required: bool = False, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, help_text=help_text, widget=DatumInput(),
                           error_messages={"invalid": ONGELDIGE_DATUM, "required": f"Vul de {label.lower()} in."})


class TijdInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


# ------------------------------------------------------------------------------------------------------------
# Werkvoorraad
# ------------------------------------------------------------------------------------------------------------

class WerkvoorraadFilter(forms.Form):
    TERMIJNEN = [("", "Alle"), ("te_laat", "Termijn verstreken"), ("week", "Binnen een week"),
                 ("opgeschort", "Opgeschort (wacht op aanvulling)"),
                 ("aanvulling_verstreken", "Aanvultermijn verstreken (niet aangevuld)")]

    q = forms.CharField(label="Nummer of naam leerling", required=False, max_length=100)
    mijn = forms.BooleanField(label="Alleen mijn aanvragen", required=False)
    zonder_consulent = forms.BooleanField(label="Zonder consulent", required=False)
    status = forms.ChoiceField(label="Status", required=False,
                               choices=[("", "Alle open aanvragen"), *[(s.value, s.label) for s in OPEN_STATUSSEN]])
    soort = forms.ChoiceField(label="Soort", required=False, choices=[("", "Alle soorten"), *Soort.choices])
    termijn = forms.ChoiceField(label="Termijn", required=False, choices=TERMIJNEN)


# ------------------------------------------------------------------------------------------------------------
# On the request page (staff)
# ------------------------------------------------------------------------------------------------------------

BEHANDEL_STATUSSEN = OPEN_STATUSSEN  # consulent and MDO: on a submitted, undecided request
DESKUNDIGE_STAPPEN = (Status.IN_BEHANDELING, Status.ADVIES_GEVRAAGD)  # experts are asked while in behandeling


def detail_formulieren(a: Aanvraag) -> dict:
    """The SWV's small forms on the request page (detail/_behandeling.html, detail/_adviezen.html), each with
    its own ids so several fit on one page."""
    open_ = a.status in BEHANDEL_STATUSSEN
    ctx = {
        "consulent_form": ConsulentForm(aanvraag=a) if open_ else None,
        "overleg_form": OverlegForm(aanvraag=a) if open_ or a.status in (Status.BESLOTEN, Status.BEZWAAR) else None,
        "notitie_form": NotitieForm(),
        "kan_intrekken": a.status in DESKUNDIGE_STAPPEN,
        "deskundigen_compleet": False,
        "deskundige_form": None,
    }
    if a.status in DESKUNDIGE_STAPPEN:
        actief = {o.volgorde for o in a.adviesopdrachten.all()
                  if o.status in (Adviesopdracht.Status.GEVRAAGD, Adviesopdracht.Status.GEGEVEN)}
        ctx["deskundigen_compleet"] = {1, 2} <= actief
        if not ctx["deskundigen_compleet"]:
            ctx["deskundige_form"] = DeskundigeVragenForm(aanvraag=a)
    return ctx


class ConsulentForm(forms.Form):
    consulent = forms.ModelChoiceField(
        queryset=None, label="Consulent", empty_label="— kies een medewerker —",
        error_messages={"required": "Kies een consulent.", "invalid_choice": "Kies een medewerker uit de lijst."},
    )

    def __init__(self, *args, aanvraag: Aanvraag, **kwargs):
        kwargs.setdefault("auto_id", "consulent-%s")
        super().__init__(*args, **kwargs)
        self.fields["consulent"].queryset = services.swv_medewerkers(aanvraag.swv_id)
        if not self.is_bound and aanvraag.consulent_id:
            self.initial["consulent"] = aanvraag.consulent_id


class OverlegForm(forms.Form):
    datum = _datumveld("Datum", required=True)
    tijd = forms.TimeField(label="Tijd", widget=TijdInput(), error_messages={
        "required": "Vul de tijd in.", "invalid": "Vul een geldige tijd in, bijvoorbeeld 14:30."})
    locatie = forms.CharField(label="Locatie", required=False, max_length=200,
                              help_text="Bijvoorbeeld de school, het kantoor van het SWV of 'online'.")
    deelnemers = forms.ModelMultipleChoiceField(
        queryset=None, label="Deelnemers van het SWV", required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Kies deelnemers uit de lijst."},
    )
    externe_deelnemers = forms.CharField(
        label="Andere deelnemers", required=False, max_length=500,
        help_text="Namen en functies van wie geen account heeft (bijv. ouders, intern begeleider, jeugdhulp).",
    )

    def __init__(self, *args, aanvraag: Aanvraag, **kwargs):
        kwargs.setdefault("auto_id", "mdo-%s")
        super().__init__(*args, **kwargs)
        self.fields["deelnemers"].queryset = services.swv_medewerkers(aanvraag.swv_id)

    def clean(self):
        data = super().clean()
        if data.get("datum") and data.get("tijd"):
            data["tijdstip"] = timezone.make_aware(dt.datetime.combine(data["datum"], data["tijd"]))
        return data


class VerslagForm(forms.Form):
    verslag = forms.CharField(label="Verslag", widget=forms.Textarea(attrs={"rows": 6}), required=False,
                              help_text="Wie er waren, wat besproken is en wat is afgesproken. Alleen zichtbaar voor "
                              "het SWV en voor school en ouders van deze leerling; niet voor deskundigen.")


class NotitieForm(forms.Form):
    tekst = forms.CharField(label="Notitie", widget=forms.Textarea(attrs={"rows": 3}),
                            error_messages={"required": "Schrijf een notitie."},
                            help_text="Alleen zichtbaar voor medewerkers van het SWV.")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "notitie-%s")
        super().__init__(*args, **kwargs)


# ------------------------------------------------------------------------------------------------------------
# Experts
# ------------------------------------------------------------------------------------------------------------

# Checked in this order: the first that occurs in the expert's function wins ("orthopedagoog" before
# "pedagoog", "jeugdpsycholoog" before "psycholoog").
_BEROEP_WOORDEN = (
    ("kinderpsychiater", Beroep.KINDERPSYCHIATER),
    ("psychiater", Beroep.KINDERPSYCHIATER),
    ("jeugdpsycholoog", Beroep.KJ_PSYCHOLOOG),
    ("kinderpsycholoog", Beroep.KJ_PSYCHOLOOG),
    ("kinder- en jeugdpsycholoog", Beroep.KJ_PSYCHOLOOG),
    ("orthopedagoog", Beroep.ORTHOPEDAGOOG),
    ("psycholoog", Beroep.PSYCHOLOOG),
    ("pedagoog", Beroep.PEDAGOOG),
    ("maatschappelijk", Beroep.MAATSCHAPPELIJK_WERKER),
    ("arts", Beroep.ARTS),
)


def beroep_uit_functie(functie: str) -> str:
    """The Beroep that an expert's function (as entered on their role) names, or "" when none fits."""
    f = " ".join((functie or "").casefold().replace("_", " ").split())
    if not f:
        return ""
    for waarde, label in Beroep.choices:
        if f in (waarde.replace("_", " "), label.casefold()):
            return waarde
    for woord, beroep in _BEROEP_WOORDEN:
        if woord in f:
            return beroep
    return ""


class DeskundigeKeuze(forms.ModelChoiceField):
    def __init__(self, *args, functies: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.functies = functies or {}

    def label_from_instance(self, obj) -> str:
        functie = self.functies.get(obj.pk)
        return f"{obj} ({functie})" if functie else str(obj)


class DeskundigeVragenForm(forms.Form):
    deskundige = DeskundigeKeuze(
        queryset=None, label="Deskundige", empty_label="— kies een deskundige —",
        error_messages={"required": "Kies een deskundige.", "invalid_choice": "Kies een deskundige uit de lijst."},
    )
    volgorde = forms.TypedChoiceField(
        label="Gevraagd als", coerce=int, choices=Adviesopdracht.Volgorde.choices, widget=forms.RadioSelect,
        error_messages={"required": "Kies eerste of tweede deskundige."},
    )
    beroep = forms.ChoiceField(
        label="Beroep waarin de deskundige adviseert", required=False,
        choices=[("", "— volgens de functie van de deskundige —"), *Beroep.choices],
        help_text="Wordt ingevuld volgens de functie van de deskundige; controleer het. Eerste deskundige: "
        "orthopedagoog of psycholoog.",
    )
    uiterlijk = _datumveld("Advies uiterlijk", help_text="De datum waarop het advies binnen moet zijn.")

    def __init__(self, *args, aanvraag: Aanvraag, **kwargs):
        kwargs.setdefault("auto_id", "deskundige-%s")
        super().__init__(*args, **kwargs)
        self.aanvraag = aanvraag
        kandidaten = services.deskundigen(aanvraag.swv_id)
        self.functies = {u.pk: services.roltoekenning_functie(u, aanvraag.swv_id) for u in kandidaten}
        veld = self.fields["deskundige"]
        veld.queryset = kandidaten
        veld.functies = self.functies
        if not self.is_bound:
            actief = {o.volgorde for o in aanvraag.adviesopdrachten.all()
                      if o.status in (Adviesopdracht.Status.GEVRAAGD, Adviesopdracht.Status.GEGEVEN)}
            self.initial.setdefault("volgorde", 2 if 1 in actief and 2 not in actief else 1)
            self.initial.setdefault("uiterlijk", vandaag() + dt.timedelta(weeks=2))
            gekozen = self.initial.get("deskundige")
            if gekozen and not self.initial.get("beroep"):
                self.initial["beroep"] = beroep_uit_functie(self.functies.get(int(gekozen), ""))

    def clean(self):
        data = super().clean()
        deskundige = data.get("deskundige")
        if deskundige is not None and not data.get("beroep"):
            beroep = beroep_uit_functie(self.functies.get(deskundige.pk, ""))
            if beroep:
                data["beroep"] = beroep
            else:
                self.add_error("beroep", "Kies het beroep: de functie van deze deskundige noemt geen beroep uit de lijst.")
        return data


class AdviesForm(forms.Form):
    niet_eerder_betrokken = forms.TypedChoiceField(
        label="Ik ben niet eerder bij deze leerling betrokken geweest",
        choices=[("ja", "Ja, dat klopt: ik ben niet eerder betrokken geweest"),
                 ("nee", "Nee, ik ben wel eerder bij deze leerling betrokken geweest")],
        coerce=lambda v: v == "ja", widget=forms.RadioSelect,
        help_text="Wie eerder bij de leerling betrokken was, mag niet adviseren. Kiest u 'nee', dan gaat de "
        "adviesvraag terug naar het samenwerkingsverband en hoeft u verder niets in te vullen.",
        error_messages={"required": "Geef aan of u eerder bij deze leerling betrokken bent geweest."},
    )
    zelfstandig_opgesteld = forms.BooleanField(
        label="Ik heb dit advies zelfstandig en apart opgesteld", required=False,
        help_text="Een gezamenlijk advies van meerdere deskundigen telt niet mee.",
    )
    conclusie = forms.ChoiceField(label="Conclusie", required=False, choices=Adviesopdracht.Conclusie.choices,
                                  widget=forms.RadioSelect)
    advies = forms.CharField(label="Advies", required=False, widget=forms.Textarea(attrs={"rows": 10}),
                             help_text="Uw onderbouwing: wat de leerling nodig heeft en waarom.")
    categorie = forms.ChoiceField(label="Geadviseerde bekostigingscategorie", required=False,
                                  choices=[("", "Geen advies over de categorie"), *Categorie.choices])

    def __init__(self, *args, aanvraag: Aanvraag, **kwargs):
        super().__init__(*args, **kwargs)
        if aanvraag.tlv_soort not in (TlvSoort.SO, TlvSoort.VSO):
            del self.fields["categorie"]

    def gegevens(self) -> dict:
        d = self.cleaned_data
        if not d["niet_eerder_betrokken"]:
            return {"niet_eerder_betrokken": False}
        return {
            "niet_eerder_betrokken": True, "zelfstandig_opgesteld": d["zelfstandig_opgesteld"],
            "conclusie": d["conclusie"], "advies": d["advies"], "categorie": d.get("categorie", ""),
        }


# ------------------------------------------------------------------------------------------------------------
# Decision
# ------------------------------------------------------------------------------------------------------------

class BesluitForm(forms.Form):
    """The decision on one request; which fields depends on what was asked (TLV, arrangement, advice)."""

    uitkomst = forms.ChoiceField(label="Besluit", choices=Besluit.Uitkomst.choices, widget=forms.RadioSelect,
                                 error_messages={"required": "Kies: toekennen of afwijzen."})
    motivering = forms.CharField(
        label="Motivering", widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Staat in de brief aan ouders en school. Noem de adviezen van de deskundigen en de criteria.",
        error_messages={"required": "Motiveer het besluit; de motivering staat in de brief aan ouders en school."},
    )
    datum = _datumveld("Datum van het besluit", help_text="Leeg laten: vandaag. Niet in de toekomst.")

    def __init__(self, *args, aanvraag: Aanvraag, instellingen: Toewijzingsinstellingen, **kwargs):
        super().__init__(*args, **kwargs)
        self.aanvraag = aanvraag
        self.standaard = None
        if not self.is_bound:
            self.initial.setdefault("datum", vandaag())
        if aanvraag.is_tlv:
            self._tlv_velden(aanvraag, instellingen)
        elif aanvraag.soort == Soort.ARRANGEMENT:
            self._arrangement_velden(aanvraag)

    def _tlv_velden(self, a: Aanvraag, inst: Toewijzingsinstellingen) -> None:
        self.standaard = services.standaard_periode(a)
        begin, eind = self.standaard
        self.fields["tlv_soort"] = forms.ChoiceField(label="Soort onderwijs", choices=TlvSoort.choices, required=False)
        self.fields["categorie"] = forms.ChoiceField(
            label="Bekostigingscategorie (alleen SO en VSO)", required=False,
            choices=[("", "Geen (SBO of PrO)"), *Categorie.choices],
            help_text=("Criteria van het SWV: " + inst.categorie_criteria) if inst.categorie_criteria.strip()
            else "Het SWV heeft nog geen criteria voor de categorieën vastgelegd (zie instellingen).",
        )
        self.fields["emb"] = forms.BooleanField(
            label="EMB (ernstig meervoudig beperkt)", required=False,
            help_text="Alleen SO of VSO, altijd categorie hoog; de TLV geldt dan voor de hele SO- of VSO-periode.",
        )
        self.fields["begindatum"] = _datumveld("Begindatum")
        self.fields["einddatum"] = _datumveld("Einddatum", help_text=self._uitleg_einddatum(a, inst))
        self.fields["voorstel_einddatum"] = forms.DateField(required=False, widget=forms.HiddenInput)
        if not self.is_bound:
            self.initial.update(tlv_soort=a.tlv_soort, categorie=a.categorie, emb=a.emb, begindatum=begin,
                                einddatum=eind, voorstel_einddatum=eind)

    @staticmethod
    def _uitleg_einddatum(a: Aanvraag, inst: Toewijzingsinstellingen) -> str:
        jaren = inst.tlv_standaard_schooljaren
        if jaren == 1:
            duur = "aan het einde van het schooljaar waarin de TLV begint (instelling: 1 schooljaar"
        else:
            duur = (f"aan het einde van het {jaren}e schooljaar, het schooljaar waarin de TLV begint meegeteld "
                    f"(instelling: {jaren} schooljaren")
        return (
            f"Voorgesteld: 31 juli {duur}; begint de TLV in juli, dan telt het komende schooljaar als eerste). "
            f"Bij EMB: 31 juli van het schooljaar waarin de leerling {inst.emb_so_eindleeftijd} (SO) of "
            f"{inst.emb_vso_eindleeftijd} (VSO) jaar wordt. Laat u de voorgestelde datum staan en wijzigt u soort, "
            "EMB of begindatum, dan wordt de einddatum opnieuw zo berekend."
        )

    def _arrangement_velden(self, a: Aanvraag) -> None:
        getal = {"inputmode": "decimal", "class": "kort"}
        self.fields["uren"] = forms.CharField(label="Uren", required=False, max_length=12,
                                              widget=forms.TextInput(attrs=getal),
                                              help_text="Ken uren of een bedrag toe (of beide).")
        self.fields["bedrag"] = forms.CharField(label="Bedrag in euro", required=False, max_length=14,
                                                widget=forms.TextInput(attrs=getal))
        self.fields["begindatum"] = _datumveld("Begindatum")
        self.fields["einddatum"] = _datumveld("Einddatum")
        self.fields["aanbieder"] = forms.CharField(label="Aanbieder", required=False, max_length=200,
                                                   help_text="Wie de ondersteuning geeft.")
        self.fields["doel"] = forms.CharField(label="Doel", required=False, widget=forms.Textarea(attrs={"rows": 3}))
        self.fields["vorm"] = forms.CharField(label="Vorm", required=False, max_length=200)
        if not self.is_bound:
            self.initial.update(
                uren="" if a.uren is None else str(a.uren).replace(".", ","),
                bedrag="" if a.bedrag is None else str(a.bedrag).replace(".", ","),
                begindatum=a.periode_van, einddatum=a.periode_tot, doel=a.doel, vorm=a.vorm,
            )

    def gegevens(self) -> dict:
        """The keyword arguments for services.transitie(..., "besluiten", ...)."""
        d = dict(self.cleaned_data)
        voorstel = d.pop("voorstel_einddatum", None)
        if self.aanvraag.is_tlv and voorstel and d.get("einddatum") == voorstel:
            # The suggested end date left as it was: let the rule compute it from what was chosen.
            d["einddatum"] = None
        return d


# ------------------------------------------------------------------------------------------------------------
# Settings
# ------------------------------------------------------------------------------------------------------------

class InstellingenForm(forms.ModelForm):
    class Meta:
        model = Toewijzingsinstellingen
        fields = [
            "ouderinstemming_vereist", "besluittermijn_weken", "aanvultermijn_weken", "tlv_standaard_schooljaren", "emb_so_eindleeftijd",
            "emb_vso_eindleeftijd", "verloop_signaal_maanden", "beslistermijn_bezwaar_weken", "categorie_criteria",
            "contact_bezwaar",
        ]
        labels = {
            "ouderinstemming_vereist": "Instemming van ouders vereist bij arrangementen en adviesvragen",
            "besluittermijn_weken": "Besluittermijn (weken)",
            "aanvultermijn_weken": "Termijn voor de school om een aanvraag aan te vullen (weken)",
            "tlv_standaard_schooljaren": "Standaardduur van een TLV (schooljaren)",
            "emb_so_eindleeftijd": "EMB in het SO: TLV tot de leeftijd van",
            "emb_vso_eindleeftijd": "EMB in het VSO: TLV tot de leeftijd van",
            "verloop_signaal_maanden": "Signaal 'TLV verloopt binnenkort' (maanden vooraf)",
            "beslistermijn_bezwaar_weken": "Beslistermijn op bezwaar (weken)",
            "categorie_criteria": "Criteria voor de bekostigingscategorieën",
            "contact_bezwaar": "Adres voor bezwaar",
        }
        widgets = {
            "categorie_criteria": forms.Textarea(attrs={"rows": 6}),
            **{v: forms.NumberInput(attrs={"class": "kort", "min": 1}) for v in (
                "besluittermijn_weken", "aanvultermijn_weken", "tlv_standaard_schooljaren", "emb_so_eindleeftijd",
                "emb_vso_eindleeftijd",
                "verloop_signaal_maanden", "beslistermijn_bezwaar_weken")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for veld in self.fields.values():
            if isinstance(veld, forms.IntegerField):
                veld.error_messages["required"] = "Vul een aantal in."
                veld.error_messages["invalid"] = "Vul een heel getal in."
                veld.error_messages["min_value"] = "Vul minstens %(limit_value)s in."
