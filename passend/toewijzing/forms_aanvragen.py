"""Forms of the school's and parents' pages in toewijzing: the request list filters, the request form (one form
with a fieldset per kind of request), attachments and the parent's reaction.

The forms only check input; what the SWV needs before submitting is the completeness check (workflow.ontbrekend)
and every rule on the content is checked again by services.py, which owns the writes.
"""

from django import forms
from django.db.models import Exists, OuterRef, Q

from passend.core.access import visible
from passend.register.forms import DatumInput, Keuzerondjes, LeerlingKeuze, SchoolKeuze
from passend.register.forms import SnelleSelectWidget as _SnelleSelect
from passend.register.models import Inschrijving, Leerling, School, actief_op

from . import services
from .models import Bijlage, Categorie, Ouderreactie, Soort, Status, Tlv, TlvSoort
from .toegang import BEWERKBAAR, DESKUNDIGE_STATUSSEN

# Which fields belong to which kind of request (the rest of the form is shared). Fields of another kind are
# not sent to the service, so a value typed in a hidden fieldset never ends up in the request.
GEDEELD = ("vraag", "al_gedaan", "zienswijze_leerling", "zienswijze_ouders_school")
VELDEN_PER_SOORT = {
    Soort.TLV: ("tlv_soort", "categorie", "emb", "eerste_inschrijving_so", "zonder_instemming_toelichting"),
    Soort.VERLENGING: ("tlv_soort", "categorie", "emb", "vorige_tlv", "zonder_instemming_toelichting"),
    Soort.ARRANGEMENT: ("doel", "vorm", "uren", "bedrag", "periode_van", "periode_tot"),
    Soort.ADVIES: (),
}

# The list filter "status" also offers the group of running requests (submitted up to advice asked).
LOPEND = "lopend"
LOPEND_STATUSSEN = (Status.INGEDIEND, Status.IN_BEHANDELING, Status.ADVIES_GEVRAAGD)
# A parent can give or change their reaction while the request is in one of these (services.ouderreactie_geven).
REACTIE_STATUSSEN = (*BEWERKBAAR, *DESKUNDIGE_STATUSSEN)


def velden_voor(soort: str, data: dict) -> dict:
    """The cleaned values the service needs for a request of kind `soort`."""
    return {veld: data.get(veld) for veld in (*VELDEN_PER_SOORT.get(soort, ()), *GEDEELD)}


class Decimaal(forms.DecimalField):
    """A decimal field that accepts a Dutch comma (12,5) as well as a point."""

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "class": "kort"})


class TlvKeuze(forms.ModelChoiceField):
    def label_from_instance(self, obj: Tlv) -> str:
        return f"TLV {obj.nummer}: {obj.get_soort_display()}{f', {obj.categorie}' if obj.categorie else ''}, " \
               f"{obj.leerling.naam}, geldig t/m {obj.einddatum:%d-%m-%Y}"


def leerlingen_voor_aanvraag(rol):
    """Pupils this school user may request for: visible, and now (or from a future date) enrolled at one of
    the role's schools."""
    actief = Inschrijving.objects.filter(leerling_id=OuterRef("pk"), school__in=rol.scholen.all()).filter(actief_op())
    return visible(rol, Leerling).filter(Exists(actief))


TEKST = {"rows": 4}


class AanvraagForm(forms.Form):
    """A new request (with pupil, school and kind) or, with `aanvraag`, the content of an existing one."""

    leerling = LeerlingKeuze(
        queryset=Leerling.objects.none(), label="Leerling", empty_label="— kies een leerling —",
        help_text="Leerlingen die op uw school staan ingeschreven.",
        error_messages={"required": "Kies de leerling.", "invalid_choice": "Kies een leerling uit de lijst."},
    )
    school = SchoolKeuze(
        queryset=School.objects.none(), label="Aanvragende school", empty_label="— kies de school —",
        help_text="De school waar de leerling is ingeschreven of schriftelijk is aangemeld (zorgplicht).",
        error_messages={"required": "Kies de aanvragende school.", "invalid_choice": "Kies een school uit de lijst."},
    )
    soort = forms.ChoiceField(
        label="Wat vraagt u aan?", choices=Soort.choices, widget=Keuzerondjes,
        error_messages={"required": "Kies wat u aanvraagt.", "invalid_choice": "Kies wat u aanvraagt."},
    )
    # TLV and verlenging
    tlv_soort = forms.ChoiceField(
        label="Soort onderwijs", required=False, choices=[("", "— kies —"), *TlvSoort.choices],
    )
    categorie = forms.ChoiceField(
        label="Gevraagde bekostigingscategorie", required=False,
        choices=[("", "— geen (SBO of PrO) —"), *Categorie.choices],
        help_text="Alleen bij SO en VSO. Het samenwerkingsverband beslist volgens zijn eigen criteria.",
    )
    emb = forms.BooleanField(
        label="De leerling is ernstig meervoudig beperkt (EMB)", required=False,
        help_text="Alleen bij SO en VSO; een EMB-leerling valt in categorie hoog.",
    )
    eerste_inschrijving_so = forms.BooleanField(
        label="Eerste inschrijving in het speciaal onderwijs", required=False,
        help_text="De leerling komt niet van een reguliere school (bijvoorbeeld vanuit de voorschoolse voorziening); "
        "de speciale school vraagt dan aan.",
    )
    vorige_tlv = TlvKeuze(
        queryset=Tlv.objects.none(), label="TLV die verlengd moet worden", required=False,
        empty_label="— kies de TLV —",
        error_messages={"invalid_choice": "Kies een TLV uit de lijst."},
    )
    zonder_instemming_toelichting = forms.CharField(
        label="Toelichting als ouders (nog) niet instemmen", required=False, widget=forms.Textarea(attrs=TEKST),
        help_text="Een TLV mag volgens de wet ook zonder instemming van ouders worden aangevraagd. Licht dan toe "
        "waarom; het dossier laat dit zien.",
    )
    # Arrangement
    doel = forms.CharField(label="Doel van het arrangement", required=False, widget=forms.Textarea(attrs=TEKST))
    vorm = forms.CharField(
        label="Vorm", required=False, max_length=200,
        help_text="Bijvoorbeeld ambulante begeleiding, observatie of een groepsarrangement.",
    )
    uren = Decimaal(
        label="Aantal uren", required=False, min_value=0, max_digits=7, decimal_places=1,
        help_text="Vul uren of een bedrag in (of allebei).",
        error_messages={"invalid": "Vul een getal in, bijvoorbeeld 40 of 12,5."},
    )
    bedrag = Decimaal(
        label="Bedrag in euro", required=False, min_value=0, max_digits=10, decimal_places=2,
        error_messages={"invalid": "Vul een bedrag in, bijvoorbeeld 2500 of 2500,50."},
    )
    periode_van = forms.DateField(
        label="Periode van", required=False, widget=DatumInput(),
        error_messages={"invalid": "Vul een geldige datum in, bijvoorbeeld 01-09-2026."},
    )
    periode_tot = forms.DateField(
        label="Periode tot en met", required=False, widget=DatumInput(),
        error_messages={"invalid": "Vul een geldige datum in, bijvoorbeeld 31-07-2027."},
    )
    # Shared
    vraag = forms.CharField(
        label="Hulpvraag", required=False, widget=forms.Textarea(attrs=TEKST),
        help_text="Wat heeft de leerling nodig, en wat vraagt u aan het samenwerkingsverband?",
    )
    al_gedaan = forms.CharField(
        label="Wat de school al heeft gedaan", required=False, widget=forms.Textarea(attrs=TEKST),
        help_text="De ondersteuning die de school al heeft geboden, en met welk resultaat.",
    )
    zienswijze_leerling = forms.CharField(
        label="Zienswijze van de leerling", required=False, widget=forms.Textarea(attrs=TEKST),
        help_text="Wat vindt de leerling zelf? Schrijf zo nodig waarom dit ontbreekt (bijvoorbeeld de leeftijd).",
    )
    zienswijze_ouders_school = forms.CharField(
        label="Gesprek met ouders", required=False, widget=forms.Textarea(attrs=TEKST),
        help_text="Wat ouders in het gesprek met de school hebben gezegd. Ouders kunnen ook zelf in Passend reageren.",
    )

    def __init__(self, *args, rol, aanvraag=None, leerling=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rol = rol
        self.aanvraag = aanvraag
        if aanvraag is not None:
            # Editing: pupil, school and kind are fixed.
            for veld in ("leerling", "school", "soort"):
                del self.fields[veld]
            leerlingen = Leerling.objects.filter(pk=aanvraag.leerling_id)
            self.soort_vast = aanvraag.soort
        else:
            self.soort_vast = None
            leerlingen = leerlingen_voor_aanvraag(rol).order_by("achternaam", "voornaam", "pk")
            self.fields["leerling"].queryset = leerlingen
            self.fields["leerling"].widget.keuzes = [
                ("", "— kies een leerling —"),
                *((p.pk, LeerlingKeuze.label_from_instance(None, p)) for p in leerlingen),
            ]
            scholen = visible(rol, School).filter(pk__in=rol.scholen.values("pk")).order_by("naam")
            self.fields["school"].queryset = scholen
            if not self.is_bound:
                if leerling is not None:
                    self.initial.setdefault("leerling", leerling.pk)
                    eigen = services.scholen_voor_aanvraag(rol, leerling)
                    if len(eigen[:2]) == 1:
                        self.initial.setdefault("school", eigen[0].pk)
                if "school" not in self.initial and len(scholen[:2]) == 1:
                    self.initial.setdefault("school", scholen[0].pk)
            if leerling is not None:
                leerlingen = Leerling.objects.filter(pk=leerling.pk)
        huidige = Q(pk=aanvraag.vorige_tlv_id) if aanvraag is not None and aanvraag.vorige_tlv_id else Q(pk__in=[])
        self.fields["vorige_tlv"].queryset = (
            visible(rol, Tlv).filter(Q(ingetrokken_op__isnull=True) | huidige, leerling__in=leerlingen)
            .select_related("leerling").order_by("leerling__achternaam", "-einddatum")
        )

    def clean(self):
        data = super().clean()
        if self.aanvraag is not None:
            leerling, soort = self.aanvraag.leerling, self.aanvraag.soort
        else:
            leerling, soort = data.get("leerling"), data.get("soort")
            school = data.get("school")
            if leerling and school and not services.scholen_voor_aanvraag(self.rol, leerling).filter(pk=school.pk).exists():
                self.add_error("school", "De leerling staat niet (meer) ingeschreven op deze school. Kies de school "
                               "waar de leerling is ingeschreven of aangemeld.")
        if soort in VELDEN_PER_SOORT:
            # Fields of another kind are not used (and hidden once a kind is chosen): no errors on them.
            for naam in {v for velden in VELDEN_PER_SOORT.values() for v in velden} - set(VELDEN_PER_SOORT[soort]):
                self.errors.pop(naam, None)
        vorige = data.get("vorige_tlv")
        if soort == Soort.VERLENGING and vorige and leerling and vorige.leerling_id != leerling.pk:
            self.add_error("vorige_tlv", "Deze TLV hoort bij een andere leerling.")
        return data

    def velden(self) -> dict:
        soort = self.soort_vast or self.cleaned_data["soort"]
        return velden_voor(soort, self.cleaned_data)

    @classmethod
    def initial_van(cls, aanvraag) -> dict:
        namen = {*GEDEELD, *(v for velden in VELDEN_PER_SOORT.values() for v in velden)}
        return {naam: getattr(aanvraag, f"{naam}_id" if naam == "vorige_tlv" else naam) for naam in namen}


class BijlageForm(forms.Form):
    soort = forms.ChoiceField(
        label="Soort bijlage", choices=[("", "— kies —"), *Bijlage.Soort.choices],
        error_messages={"required": "Kies de soort bijlage.", "invalid_choice": "Kies de soort bijlage."},
    )
    bestand = forms.FileField(
        label="Bestand", help_text="PDF, Word, ODT, RTF, tekst, JPG of PNG; hoogstens 20 MB.",
        error_messages={"required": "Kies een bestand.", "empty": "Het bestand is leeg.",
                        "invalid": "Er is geen bestand ontvangen."},
    )


class OuderreactieForm(forms.Form):
    gezien = forms.BooleanField(
        label="Ik heb de aanvraag gelezen", required=True,
        error_messages={"required": "Bevestig dat u de aanvraag heeft gelezen."},
    )
    akkoord = forms.ChoiceField(
        label="Bent u het eens met de aanvraag?", choices=Ouderreactie.Akkoord.choices, widget=Keuzerondjes,
        error_messages={"required": "Geef aan of u akkoord bent met de aanvraag.",
                        "invalid_choice": "Geef aan of u akkoord bent met de aanvraag."},
    )
    zienswijze = forms.CharField(
        label="Uw zienswijze", required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Wat vindt u van de aanvraag? Wat is voor uw kind belangrijk? Het samenwerkingsverband leest "
        "dit bij de beoordeling.",
    )


class AanvraagZoekForm(forms.Form):
    q = forms.CharField(label="Leerling of aanvraagnummer", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Status", required=False,
        choices=[("", "Alle statussen"), (LOPEND, "Lopend (ingediend tot en met advies)"), *Status.choices],
    )
    soort = forms.ChoiceField(label="Soort", required=False, choices=[("", "Alle soorten"), *Soort.choices])
    school = forms.ModelChoiceField(
        queryset=School.objects.none(), required=False, label="School", empty_label="Alle scholen",
        widget=_SnelleSelect, error_messages={"invalid_choice": "Kies een school uit de lijst."},
    )

    def __init__(self, *args, scholen=None, **kwargs):
        super().__init__(*args, **kwargs)
        if scholen is None:
            del self.fields["school"]
        else:
            self.fields["school"].queryset = scholen
