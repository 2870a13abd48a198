"""Forms of the zorgplicht pages: the worklist filters, recording an aanmelding (a known or a new pupil, up to
two parents), and the school's actions on one aanmelding.

The forms only check input; the rules (deadlines, who may act, the legal grounds for refusal) are checked again
by services.py, which owns every write and raises ValidationError per field: the views put those errors on these
forms, so nothing the user typed is lost.
"""

from django import forms
from django.utils import timezone

from passend.register.forms import DatumInput, Keuzerondjes, LeerlingKeuze, LeerlingVeldenMixin, SchoolKeuze
from passend.register.forms import SnelleSelectWidget as _SnelleSelect
from passend.register.forms import schoonmaken as _schoonmaken
from passend.register.models import Leerling, OuderKind, School

from . import regels
from .models import Weigergrond
from .services import weken_tekst

ONGELDIGE_DATUM = "Vul een geldige datum in, bijvoorbeeld 01-09-2026."
TEKST = {"rows": 3}

OPEN, BESLOTEN, ALLE = "open", "besloten", "alle"


def _lange_datum(datum) -> str:
    """"dinsdag 10 november 2026" (in Dutch, as the letter to the parents writes it)."""
    from django.utils import dateformat, translation

    with translation.override("nl"):
        return dateformat.format(datum, "l j F Y")


def _datum(label: str, *, required: bool = False, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, help_text=help_text, widget=DatumInput(),
        error_messages={"invalid": ONGELDIGE_DATUM, "required": f"Vul de {label.lower()} in."},
    )


def _tekst(label: str, *, required: bool = True, help_text: str = "", fout: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, help_text=help_text, widget=forms.Textarea(attrs=TEKST),
        error_messages={"required": fout or f"Vul de {label.lower()} in."},
    )


# --------------------------------------------------------------------------------------------------------
# The worklist
# --------------------------------------------------------------------------------------------------------

class LijstFilter(forms.Form):
    TERMIJNEN = [("", "Alle termijnen"), ("bijna", "Bijna verlopen"), ("verlopen", "Termijn verstreken"),
                 ("tijdelijke_plaatsing", "10 weken voorbij (recht op tijdelijke plaatsing)")]

    q = forms.CharField(label="Naam leerling", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Status", required=False,
        choices=[(OPEN, "Open (nog geen besluit)"), (BESLOTEN, "Besloten of ingetrokken"), (ALLE, "Alle")],
    )
    termijn = forms.ChoiceField(label="Termijn", required=False, choices=TERMIJNEN,
                                help_text="Alleen bij open aanmeldingen.")
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
            self.fields["school"].widget.keuzes = [
                ("", "Alle scholen"), *((s.pk, f"{s.naam} ({s.plaats})" if s.plaats else s.naam) for s in scholen)
            ]


# --------------------------------------------------------------------------------------------------------
# Recording an aanmelding
# --------------------------------------------------------------------------------------------------------

LEERLING_VELDEN = ("voornaam", "tussenvoegsel", "achternaam", "geboortedatum", "postcode", "huisnummer")
OUDER_VELDEN = ("voornaam", "achternaam", "email", "telefoon", "relatie", "heeft_gezag")
OUDERS = ("ouder1", "ouder2")


class AanmeldingForm(LeerlingVeldenMixin, forms.Form):
    """A written aanmelding at one of the school user's schools, for a known pupil or a new one."""

    school = SchoolKeuze(
        queryset=School.objects.none(), label="School van aanmelding", empty_label="— kies de school —",
        error_messages={"required": "Kies de school waar de leerling is aangemeld.",
                        "invalid_choice": "Kies een school uit de lijst."},
    )
    ontvangen_op = _datum(
        "Datum van ontvangst", required=True,
        help_text="De dag waarop de schriftelijke aanmelding binnenkwam. Vanaf die dag lopen de termijnen.",
    )
    # The pupil: a known one, or a new one.
    leerling = LeerlingKeuze(
        queryset=Leerling.objects.none(), label="Bekende leerling", required=False,
        empty_label="— geen: nieuwe leerling (vul hieronder in) —",
        help_text="Alleen leerlingen die u al in Passend ziet. Meestal is de leerling nieuw: laat dit dan leeg.",
        error_messages={"invalid_choice": "Kies een leerling uit de lijst."},
    )
    voornaam = forms.CharField(label="Voornaam", required=False, max_length=100)
    tussenvoegsel = forms.CharField(label="Tussenvoegsel", required=False, max_length=30,
                                    help_text="Bijvoorbeeld: van, de, van der. Mag leeg blijven.")
    achternaam = forms.CharField(label="Achternaam", required=False, max_length=150)
    geboortedatum = _datum("Geboortedatum")
    postcode = forms.CharField(label="Postcode woonadres", required=False, max_length=10,
                               help_text="Vier cijfers en twee letters, bijvoorbeeld 8011AB.",
                               widget=forms.TextInput(attrs={"class": "kort", "autocomplete": "off"}))
    huisnummer = forms.CharField(label="Huisnummer", required=False, max_length=10,
                                 help_text="Met toevoeging als die er is, bijvoorbeeld 12a.",
                                 widget=forms.TextInput(attrs={"class": "kort", "autocomplete": "off"}))
    # The aanmelding
    voorkeur = forms.IntegerField(
        label="Plaats van uw school in de voorkeur van de ouders", min_value=1, max_value=20, initial=1,
        widget=forms.NumberInput(attrs={"class": "kort"}),
        help_text="1 = eerste voorkeur. De school van de eerste voorkeur heeft de zorgplicht: die school zorgt "
        "dat de leerling een passende plek krijgt, op de eigen school of op een andere school.",
        error_messages={"required": "Vul de plaats in de voorkeur in (1 = eerste voorkeur).",
                        "invalid": "Vul een getal in, 1 = eerste voorkeur.",
                        "min_value": "De voorkeur is 1 of hoger.", "max_value": "De voorkeur is hoogstens 20."},
    )
    andere_scholen = forms.CharField(
        label="Andere scholen waar de ouders hun kind hebben aangemeld", required=False, max_length=500,
        help_text="In de volgorde van hun voorkeur. Ouders moeten dit bij de aanmelding vertellen.",
    )
    gewenste_startdatum = _datum("Gewenste startdatum")
    extra_ondersteuning_verwacht = forms.BooleanField(
        label="Ouders of school verwachten dat de leerling extra ondersteuning nodig heeft", required=False,
    )
    toelichting = _tekst("Toelichting", required=False,
                         help_text="Wat ouders bij de aanmelding over de ondersteuning van hun kind vertelden.")

    def __init__(self, *args, scholen, leerlingen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = scholen
        self.een_school = scholen[0] if len(scholen[:2]) == 1 else None
        if self.een_school is not None:
            self.fields["school"].required = False
            self.fields["school"].widget = forms.HiddenInput()
            self.initial.setdefault("school", self.een_school.pk)
        self.fields["leerling"].queryset = leerlingen
        self.fields["leerling"].widget.keuzes = [
            ("", self.fields["leerling"].empty_label),
            *((p.pk, LeerlingKeuze.label_from_instance(None, p)) for p in leerlingen),
        ]
        self.initial.setdefault("ontvangen_op", timezone.localdate())
        for o in OUDERS:
            nr = o[-1]
            self.fields[f"{o}_voornaam"] = forms.CharField(label=f"Voornaam ouder {nr}", required=False, max_length=100)
            self.fields[f"{o}_achternaam"] = forms.CharField(label=f"Achternaam ouder {nr}", required=False,
                                                             max_length=150)
            self.fields[f"{o}_email"] = forms.EmailField(
                label=f"E-mailadres ouder {nr}", required=False,
                error_messages={"invalid": "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."})
            self.fields[f"{o}_telefoon"] = forms.CharField(label=f"Telefoon ouder {nr}", required=False, max_length=30,
                                                           widget=forms.TextInput(attrs={"type": "tel"}))
            self.fields[f"{o}_relatie"] = forms.ChoiceField(
                label=f"Relatie tot de leerling (ouder {nr})", required=False, choices=OuderKind.Relatie.choices,
                initial=OuderKind.Relatie.OUDER)
            self.fields[f"{o}_heeft_gezag"] = forms.BooleanField(
                label=f"Ouder {nr} heeft ouderlijk gezag of voogdij", required=False, initial=True)

    def ouder_velden(self, o: str) -> list:
        return [self[f"{o}_{v}"] for v in OUDER_VELDEN]

    def leerling_velden(self) -> list:
        return [self[v] for v in LEERLING_VELDEN]


    def clean_ontvangen_op(self):
        datum = self.cleaned_data["ontvangen_op"]
        if datum and datum > timezone.localdate():
            raise forms.ValidationError("De datum van ontvangst ligt in de toekomst.")
        return datum

    def clean(self):
        data = super().clean()
        if self.een_school is not None:
            data["school"] = self.een_school
        for veld in ("voornaam", "tussenvoegsel", "achternaam", "andere_scholen"):
            if veld in data:
                data[veld] = _schoonmaken(data[veld])
        nieuw_ingevuld = any(data.get(v) for v in LEERLING_VELDEN)
        if data.get("leerling") and nieuw_ingevuld:
            self.add_error("leerling", "Kies een bekende leerling óf vul een nieuwe leerling in, niet allebei.")
        elif not data.get("leerling") and "leerling" not in self.errors:
            for veld, fout in (("voornaam", "Vul de voornaam van de leerling in."),
                               ("achternaam", "Vul de achternaam van de leerling in."),
                               ("geboortedatum", "Vul de geboortedatum van de leerling in.")):
                if not data.get(veld) and veld not in self.errors:
                    self.add_error(veld, fout)
            if data.get("huisnummer") and not data.get("postcode") and "postcode" not in self.errors:
                self.add_error("postcode", "Vul ook de postcode in, of laat het huisnummer leeg.")
            if data.get("postcode") and not data.get("huisnummer") and "huisnummer" not in self.errors:
                self.add_error("huisnummer", "Vul ook het huisnummer in, of laat de postcode leeg.")
        for o in OUDERS:
            ingevuld = any(data.get(f"{o}_{v}") for v in ("voornaam", "achternaam", "email", "telefoon"))
            if ingevuld and not _schoonmaken(data.get(f"{o}_achternaam")) and f"{o}_achternaam" not in self.errors:
                self.add_error(f"{o}_achternaam", f"Vul de achternaam van ouder {o[-1]} in, of laat ouder {o[-1]} "
                               "helemaal leeg.")
        if not data.get("leerling") and not _schoonmaken(data.get("ouder1_achternaam")) \
                and "ouder1_achternaam" not in self.errors:
            self.add_error("ouder1_achternaam", "Vul ten minste één ouder of verzorger in: de ouders krijgen "
                           "bericht over de aanmelding.")
        return data

    def service_gegevens(self) -> dict:
        d = self.cleaned_data
        gegevens = {
            "school": d["school"], "ontvangen_op": d["ontvangen_op"], "voorkeur": d["voorkeur"],
            "andere_scholen": d["andere_scholen"], "extra_ondersteuning_verwacht": d["extra_ondersteuning_verwacht"],
            "toelichting": d["toelichting"], "gewenste_startdatum": d["gewenste_startdatum"],
            "ouders": [],
        }
        if d.get("leerling"):
            gegevens["leerling"] = d["leerling"]
        else:
            gegevens["nieuwe_leerling"] = {v: d[v] for v in LEERLING_VELDEN}
        for o in OUDERS:
            if _schoonmaken(d.get(f"{o}_achternaam")):
                ouder = {v: d[f"{o}_{v}"] for v in OUDER_VELDEN}
                ouder["voornaam"] = _schoonmaken(ouder["voornaam"])
                ouder["achternaam"] = _schoonmaken(ouder["achternaam"])
                ouder["relatie"] = ouder["relatie"] or OuderKind.Relatie.OUDER
                gegevens["ouders"].append(ouder)
        return gegevens


# --------------------------------------------------------------------------------------------------------
# The school's actions on one aanmelding (each with its own prefix: several fit on the detail page)
# --------------------------------------------------------------------------------------------------------

class VerlengenForm(forms.Form):
    """How many weeks (1-4, default 4; each choice shows the new deadline) and why."""

    weken = forms.TypedChoiceField(
        label="Hoeveel weken verlengen?", widget=Keuzerondjes, coerce=int, initial=regels.MAX_VERLENGING_WEKEN,
        # Not chosen (an older client, a script): the default, the full 4 weeks. A wrong value is an error.
        required=False, empty_value=regels.MAX_VERLENGING_WEKEN,
        choices=[(str(w), weken_tekst(w)) for w in regels.VERLENGING_WEKEN],
        help_text="Eén keer, met hoogstens 4 weken. Kies niet langer dan de school echt nodig heeft.",
        error_messages={"invalid_choice": regels.verlenging_weken_fout(None)},
    )
    reden = _tekst(
        "Reden van de verlenging", fout="Schrijf de reden; die staat in de brief aan de ouders.",
        help_text="Schrijf in gewone woorden waarom de school meer tijd nodig heeft, bijvoorbeeld omdat een "
        "onderzoek of een gesprek nog loopt. Deze tekst komt in de brief aan de ouders.",
    )

    def __init__(self, *args, ontvangen_op=None, **kwargs):
        super().__init__(*args, **kwargs)
        if ontvangen_op is not None:
            # Each choice names the deadline it gives, so the school sees the date the parents will read.
            self.fields["weken"].choices = [
                (str(w), f"{weken_tekst(w)}: beslissen uiterlijk "
                 f"{_lange_datum(regels.verlengd_uiterlijk(ontvangen_op, w))}")
                for w in regels.VERLENGING_WEKEN
            ]


class ToelatenForm(forms.Form):
    met_extra_ondersteuning = forms.TypedChoiceField(
        label="Ondersteuning", widget=Keuzerondjes, coerce=lambda v: v == "ja",
        choices=[("ja", "Toelaten met extra ondersteuning"), ("nee", "Toelaten zonder extra ondersteuning")],
        error_messages={"required": "Kies met of zonder extra ondersteuning.",
                        "invalid_choice": "Kies met of zonder extra ondersteuning."},
    )
    begindatum = _datum("Begindatum", help_text="De leerling wordt vanaf deze dag ingeschreven. Leeg: de gewenste "
                        "startdatum, of vandaag.")


class EldersForm(forms.Form):
    andere_school = SchoolKeuze(
        queryset=School.objects.none(), label="Andere school", empty_label="— kies de school —",
        help_text="Een school in de regio die bereid is de leerling toe te laten. Die school moet dit in Passend "
        "bevestigen.",
        error_messages={"required": "Kies de school die de leerling wil toelaten.",
                        "invalid_choice": "Kies een school uit de lijst."},
    )
    motivering = _tekst(
        "Motivering", fout="Motiveer waarom de school geen passende plek kan bieden.",
        help_text="Waarom kan uw school geen passende plek bieden, en waarom past de andere school wel?",
    )

    def __init__(self, *args, scholen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["andere_school"].queryset = scholen
        veld = self.fields["andere_school"]
        veld.widget.keuzes = [("", veld.empty_label), *((s.pk, veld.label_from_instance(s)) for s in scholen)]


class WeigerenForm(forms.Form):
    grond = forms.ChoiceField(
        label="Wettelijke grond", widget=Keuzerondjes, choices=Weigergrond.choices,
        error_messages={
            "required": "Kies de wettelijke grond voor de weigering.",
            "invalid_choice": "Weigeren kan alleen op een van deze wettelijke gronden. Anders moet de school eerst "
            "een andere school vinden die de leerling toelaat.",
        },
    )
    motivering = _tekst("Motivering", fout="Motiveer de weigering; ouders krijgen de motivering.",
                        help_text="De ouders krijgen deze motivering.")


class IntrekkenForm(forms.Form):
    reden = _tekst("Reden", fout="Schrijf de reden.",
                   help_text="Bijvoorbeeld: de ouders hebben gekozen voor een andere school.")


class HulpForm(forms.Form):
    vraag = _tekst(
        "Uw vraag aan het samenwerkingsverband", fout="Beschrijf wat u van het samenwerkingsverband vraagt.",
        help_text="Wat heeft de leerling nodig, en waarom vindt de school geen passende plek? Passend maakt er een "
        "adviesvraag van (concept) die u daarna aanvult en indient.",
    )


class BevestigenForm(forms.Form):
    """For the proposed other school: confirm (the pupil is enrolled) or decline."""

    akkoord = forms.TypedChoiceField(
        label="Kan uw school de leerling toelaten?", widget=Keuzerondjes, coerce=lambda v: v == "ja",
        choices=[("ja", "Ja, wij laten de leerling toe"), ("nee", "Nee, wij kunnen de leerling niet plaatsen")],
        error_messages={"required": "Kies ja of nee.", "invalid_choice": "Kies ja of nee."},
    )
    begindatum = _datum("Begindatum", help_text="Bij ja: de leerling wordt vanaf deze dag bij uw school "
                        "ingeschreven. Leeg: de gewenste startdatum, of vandaag.")
    toelichting = _tekst("Toelichting", required=False, help_text="Bij nee: waarom uw school de leerling niet "
                         "kan plaatsen. De school van aanmelding ziet deze toelichting.")

    def clean(self):
        data = super().clean()
        if data.get("akkoord") is False and not (data.get("toelichting") or "").strip():
            self.add_error("toelichting", "Schrijf waarom uw school de leerling niet kan plaatsen.")
        return data
