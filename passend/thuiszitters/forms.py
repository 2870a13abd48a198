"""Forms of the thuiszitters pages: the worklist filters, reporting a thuiszitter (a known pupil, or the pupil's
data for leerplicht), and the steps on one case (bewerken, actie, contact, thuiszittersoverleg, afsluiten).

The forms only check input; the rules (who may do what, the categories, the hours, one open case per pupil)
are checked again by services.py, which owns every write and raises ValidationError per field: the views put
those errors on these forms, so nothing the user typed is lost.
"""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone

from passend.register.forms import HUISNUMMER, POSTCODE, DatumInput, Keuzerondjes, LeerlingKeuze, SchoolKeuze
from passend.register.forms import SnelleSelectWidget as _SnelleSelect
from passend.register.forms import schoonmaken as _schoonmaken
from passend.register.models import Leerling, School

from . import regels, services
from .models import Categorie, Contact, Partij, Reden, Uitkomst

ONGELDIGE_DATUM = "Vul een geldige datum in, bijvoorbeeld 01-09-2026."
OPEN, GESLOTEN, ALLE = "open", "gesloten", "alle"

# Short explanations of the categories (domain.md section 5), shown under each radio button.
CATEGORIE_UITLEG = {
    Categorie.ABSOLUUT: "Leerplichtig, niet ingeschreven op een school en geen vrijstelling.",
    Categorie.RELATIEF: "Ingeschreven op een school, maar langer dan 4 weken zonder geldige reden afwezig en geen "
                        "vrijstelling.",
    Categorie.VRIJSTELLING_5A: "Lichamelijk of psychisch niet in staat een school te bezoeken; verklaring van een "
                               "arts die de gemeente heeft aangewezen (vaak de GGD), niet de eigen huisarts.",
    Categorie.VRIJSTELLING_5B: "De ouders hebben overwegende bedenkingen tegen de richting van alle scholen binnen "
                               "redelijke afstand.",
    Categorie.VRIJSTELLING_5C: "Ingeschreven op en bezoekt een school in het buitenland.",
    Categorie.VRIJSTELLING_5A_TREKKEND: "Trekkend bestaan van de ouders (kermis, circus).",
    Categorie.VRIJSTELLING_11G: "Vrijstelling van geregeld schoolbezoek om andere gewichtige omstandigheden "
                                "(directeur tot 10 schooldagen, leerplichtambtenaar daarboven).",
    Categorie.VRIJSTELLING_15: "Kwalificatieplichtig (16 of 17 jaar) en volgt ander passend onderwijs.",
    Categorie.DREIGEND: "Nog (deels) op school, maar dreigt thuis te komen zitten. Telt (nog) niet als thuiszitter.",
}


class Vinkjes(forms.CheckboxSelectMultiple):
    """Checkboxes whose field id is the first option's (for the error summary's link)."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, 0 if index is None else index)


def _datum(label: str, *, required: bool = False, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, help_text=help_text, widget=DatumInput(),
        error_messages={"invalid": ONGELDIGE_DATUM, "required": f"Vul de {label.lower()} in."},
    )


def _tekst(label: str, *, required: bool = True, help_text: str = "", fout: str = "", rows: int = 3):
    return forms.CharField(
        label=label, required=required, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": fout or f"Vul de {label.lower()} in."},
    )


class UrenVeld(forms.CharField):
    """Hours per week as text ("2,5" or "2.5"), checked here so every error shows at once; services.py reads and
    checks the number again (0 to 40)."""

    def clean(self, value):
        value = super().clean(value)
        if value:
            try:
                uren = Decimal(value.replace(",", "."))
            except InvalidOperation:
                raise forms.ValidationError("Vul een aantal uren in, bijvoorbeeld 4 of 2,5.") from None
            if not uren.is_finite() or not Decimal(0) <= uren <= services.MAX_UREN:
                raise forms.ValidationError(f"Het aantal uren per week ligt tussen 0 en {services.MAX_UREN}.")
        return value


def _uren(label: str, *, required: bool = True, help_text: str = "") -> forms.CharField:
    return UrenVeld(
        label=label, required=required, max_length=6, help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "kort", "autocomplete": "off"}),
        error_messages={"required": "Vul het aantal uren onderwijs per week in (0 als de leerling geen onderwijs "
                                    "krijgt)."},
    )


class PersoonKeuze(forms.ModelChoiceField):
    widget = _SnelleSelect

    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


def _keuzes_zetten(veld, qs, label=None):
    """Fill a SnelleSelect with (value, label) pairs in one pass."""
    veld.queryset = qs
    maak = label or veld.label_from_instance
    veld.widget.keuzes = [("", veld.empty_label or ""), *((o.pk, maak(o)) for o in qs)]


# --------------------------------------------------------------------------------------------------------
# The worklist
# --------------------------------------------------------------------------------------------------------

class LijstFilter(forms.Form):
    q = forms.CharField(label="Naam of nummer", required=False, max_length=100)
    status = forms.ChoiceField(label="Status", required=False,
                               choices=[(OPEN, "Open"), (GESLOTEN, "Afgesloten"), (ALLE, "Alle")])
    categorie = forms.ChoiceField(label="Categorie", required=False,
                                  choices=[("", "Alle categorieën"), *Categorie.choices])
    duurklasse = forms.ChoiceField(label="Duur", required=False,
                                   choices=[("", "Alle duren"), *regels.DUURKLASSEN.items()])
    escalatie = forms.BooleanField(label="Alleen naar thuiszittersoverleg", required=False)
    school = forms.ModelChoiceField(
        queryset=School.objects.none(), required=False, label="School", empty_label="Alle scholen",
        widget=_SnelleSelect, error_messages={"invalid_choice": "Kies een school uit de lijst."},
    )
    gemeente = forms.ModelChoiceField(
        queryset=None, required=False, label="Gemeente", empty_label="Alle gemeenten",
        error_messages={"invalid_choice": "Kies een gemeente uit de lijst."},
    )

    def __init__(self, *args, scholen=None, gemeenten=None, **kwargs):
        super().__init__(*args, **kwargs)
        if scholen is None:
            del self.fields["school"]
        else:
            _keuzes_zetten(self.fields["school"], scholen,
                           lambda s: f"{s.naam} ({s.plaats})" if s.plaats else s.naam)
        if gemeenten is None:
            del self.fields["gemeente"]
        else:
            self.fields["gemeente"].queryset = gemeenten


# --------------------------------------------------------------------------------------------------------
# Reporting a thuiszitter
# --------------------------------------------------------------------------------------------------------

NIEUWE_LEERLING = ("leerling_voornaam", "leerling_tussenvoegsel", "leerling_achternaam", "leerling_geboortedatum",
                   "leerling_postcode", "leerling_huisnummer")


class _GegevensVelden(forms.Form):
    """The fields a case shares between reporting and changing it."""

    categorie = forms.ChoiceField(
        label="Categorie", widget=Keuzerondjes, choices=Categorie.choices,
        error_messages={"required": "Kies de categorie.", "invalid_choice": "Kies een categorie uit de lijst."},
    )
    uren_onderwijs = _uren("Uren onderwijs per week", help_text="Hoeveel uur onderwijs de leerling nog krijgt. "
                           "0 als de leerling helemaal geen onderwijs krijgt; bijvoorbeeld 2,5.")
    redenen = forms.MultipleChoiceField(
        label="Redenen", required=False, widget=Vinkjes, choices=Reden.choices,
        help_text="Kies alles wat van toepassing is.",
        error_messages={"invalid_choice": "Kies redenen uit de lijst."},
    )
    reden_anders = forms.CharField(label="Andere reden", required=False, max_length=300,
                                   help_text="Verplicht als u ‘Anders’ kiest.")
    partijen = forms.MultipleChoiceField(
        label="Betrokken partijen", required=False, widget=Vinkjes, choices=Partij.choices,
        error_messages={"invalid_choice": "Kies partijen uit de lijst."},
    )
    casushouder = PersoonKeuze(
        queryset=None, label="Casushouder", required=False, empty_label="— nog niet bekend —",
        help_text="Wie de casus trekt: iemand van het samenwerkingsverband, de school of leerplicht.",
        error_messages={"invalid_choice": "Kies een casushouder uit de lijst."},
    )
    toelichting = _tekst("Toelichting", required=False, rows=4,
                         help_text="Wat er speelt en wat er al is geprobeerd. Schrijf zakelijk; ouders kunnen "
                         "de gegevens opvragen.")

    def __init__(self, *args, casushouders, **kwargs):
        super().__init__(*args, **kwargs)
        _keuzes_zetten(self.fields["casushouder"], casushouders)

    def categorie_keuzes(self) -> list:
        """The category's radio buttons, each with its short explanation."""
        return [(k, CATEGORIE_UITLEG.get(k.data["value"], "")) for k in self["categorie"]]

    def clean(self):
        data = super().clean()
        if "reden_anders" in data:
            data["reden_anders"] = _schoonmaken(data["reden_anders"])
        if "anders" in (data.get("redenen") or []) and not data.get("reden_anders") \
                and "reden_anders" not in self.errors:
            self.add_error("reden_anders", "Beschrijf de andere reden.")
        return data


class MeldingForm(_GegevensVelden):
    """Report a thuiszitter. `leerlingen` None: no known pupil to pick (leerplicht); `nieuw`: the pupil's data
    can be filled in; `scholen` None: no school field; `een_school`: the school user's only school."""

    leerling = LeerlingKeuze(
        queryset=Leerling.objects.none(), label="Leerling", required=False, empty_label="— kies de leerling —",
        error_messages={"invalid_choice": "Kies een leerling uit de lijst."},
    )
    leerling_voornaam = forms.CharField(label="Voornaam", required=False, max_length=100)
    leerling_tussenvoegsel = forms.CharField(label="Tussenvoegsel", required=False, max_length=30,
                                             help_text="Bijvoorbeeld: van, de, van der. Mag leeg blijven.")
    leerling_achternaam = forms.CharField(label="Achternaam", required=False, max_length=150)
    leerling_geboortedatum = _datum("Geboortedatum")
    leerling_postcode = forms.CharField(label="Postcode woonadres", required=False, max_length=10,
                                        help_text="Vier cijfers en twee letters, bijvoorbeeld 8011AB.",
                                        widget=forms.TextInput(attrs={"class": "kort", "autocomplete": "off"}))
    leerling_huisnummer = forms.CharField(label="Huisnummer", required=False, max_length=10,
                                          help_text="Met toevoeging als die er is, bijvoorbeeld 12a.",
                                          widget=forms.TextInput(attrs={"class": "kort", "autocomplete": "off"}))
    startdatum = _datum("Startdatum", required=True,
                        help_text="Sinds wanneer de leerling geen (volledig) onderwijs krijgt.")
    school = SchoolKeuze(
        queryset=School.objects.none(), label="School van inschrijving", required=False,
        empty_label="— geen of onbekend —",
        help_text="Leeg: de school waar de leerling op de startdatum staat ingeschreven. Bij relatief verzuim is "
        "de school nodig.",
        error_messages={"invalid_choice": "Kies een school uit de lijst."},
    )

    field_order = ["leerling", *NIEUWE_LEERLING, "categorie", "startdatum", "uren_onderwijs", "redenen",
                   "reden_anders", "partijen", "casushouder", "school", "toelichting"]

    def __init__(self, *args, leerlingen=None, nieuw: bool = False, scholen=None, een_school=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.een_school = een_school
        self.kies_leerling = leerlingen is not None
        self.nieuw = nieuw
        if self.kies_leerling:
            _keuzes_zetten(self.fields["leerling"], leerlingen)
            if nieuw:
                self.fields["leerling"].empty_label = "— geen: nieuwe leerling (vul hieronder in) —"
                self.fields["leerling"].widget.keuzes[0] = ("", self.fields["leerling"].empty_label)
                self.fields["leerling"].label = "Bekende leerling"
                self.fields["leerling"].help_text = ("Staat de leerling nog niet in Passend? Laat dit leeg en vul "
                                                     "de gegevens hieronder in.")
        else:
            del self.fields["leerling"]
        if not nieuw:
            for v in NIEUWE_LEERLING:
                del self.fields[v]
        if scholen is None:
            del self.fields["school"]
        else:
            _keuzes_zetten(self.fields["school"], scholen)
        self.initial.setdefault("uren_onderwijs", "0")

    # The same checks as every other form that asks for a pupil's address and date of birth.
    def clean_leerling_postcode(self):
        postcode = self.cleaned_data["leerling_postcode"].replace(" ", "").upper()
        if postcode and not POSTCODE.match(postcode):
            raise forms.ValidationError("Vul de postcode in als vier cijfers en twee letters, bijvoorbeeld 1234AB.")
        return postcode

    def clean_leerling_huisnummer(self):
        huisnummer = self.cleaned_data["leerling_huisnummer"].strip()
        if huisnummer and not HUISNUMMER.match(huisnummer):
            raise forms.ValidationError("Vul een huisnummer in dat met een cijfer begint, bijvoorbeeld 12 of 12a.")
        return huisnummer

    def clean_leerling_geboortedatum(self):
        datum = self.cleaned_data["leerling_geboortedatum"]
        if datum and datum > timezone.localdate():
            raise forms.ValidationError("De geboortedatum kan niet in de toekomst liggen.")
        return datum

    def clean_startdatum(self):
        d = self.cleaned_data["startdatum"]
        if d and d > timezone.localdate():
            raise forms.ValidationError("De startdatum ligt in de toekomst.")
        return d

    def leerling_velden(self) -> list:
        return [self[v] for v in NIEUWE_LEERLING if v in self.fields]

    def clean(self):
        data = super().clean()
        for v in ("leerling_voornaam", "leerling_tussenvoegsel", "leerling_achternaam"):
            if v in data:
                data[v] = _schoonmaken(data[v])
        gekozen = data.get("leerling")
        ingevuld = self.nieuw and any(data.get(v) for v in NIEUWE_LEERLING)
        if gekozen and ingevuld:
            self.add_error("leerling", "Kies een bekende leerling óf vul een nieuwe leerling in, niet allebei.")
        elif not gekozen and "leerling" not in self.errors:
            if not self.nieuw:
                self.add_error("leerling", "Kies de leerling.")
            else:
                for veld, fout in (("leerling_voornaam", "Vul de voornaam van de leerling in."),
                                   ("leerling_achternaam", "Vul de achternaam van de leerling in."),
                                   ("leerling_geboortedatum", "Vul de geboortedatum van de leerling in.")):
                    if not data.get(veld) and veld not in self.errors:
                        self.add_error(veld, fout)
                if data.get("leerling_huisnummer") and not data.get("leerling_postcode") \
                        and "leerling_postcode" not in self.errors:
                    self.add_error("leerling_postcode", "Vul ook de postcode in, of laat het huisnummer leeg.")
        return data

    def service_gegevens(self) -> dict:
        d = self.cleaned_data
        gegevens = {v: d[v] for v in ("categorie", "startdatum", "uren_onderwijs", "redenen", "reden_anders",
                                      "partijen", "casushouder", "toelichting")}
        if self.een_school is not None:
            gegevens["school"] = self.een_school
        elif "school" in self.fields:
            gegevens["school"] = d.get("school")
        if d.get("leerling"):
            gegevens["leerling"] = d["leerling"]
        else:
            gegevens["nieuwe_leerling"] = {v.removeprefix("leerling_"): d.get(v) for v in NIEUWE_LEERLING}
        return gegevens


# --------------------------------------------------------------------------------------------------------
# The steps on one case (each with its own prefix: several fit on the detail page)
# --------------------------------------------------------------------------------------------------------

class BewerkenForm(_GegevensVelden):
    """Change the case while it is open (services.melding_bijwerken). A change of category or of hours takes
    effect from a date (default today): the report of an earlier reference date keeps the category and the hours
    of then."""

    categorie_sinds = _datum("Nieuwe categorie geldt vanaf", help_text="Alleen nodig als de categorie verandert. "
                             "Leeg: vandaag. Niet in de toekomst en niet vóór een eerdere wijziging van de "
                             "categorie. Wordt een dreigende thuiszitter een thuiszitter, dan telt de duur vanaf "
                             "deze dag. Absoluut verzuim: de leerling staat dan nergens ingeschreven; relatief "
                             "verzuim: de leerling staat dan wel ingeschreven.")
    uren_sinds = _datum("Nieuwe uren gelden vanaf", help_text="Alleen nodig als het aantal uren verandert. Leeg: "
                        "vandaag. Niet in de toekomst en niet vóór een eerdere wijziging van de uren.")

    field_order = ["categorie", "categorie_sinds", "uren_onderwijs", "uren_sinds", "redenen", "reden_anders",
                   "partijen", "casushouder", "toelichting"]

    def service_gegevens(self) -> dict:
        return dict(self.cleaned_data)


class ActieForm(forms.Form):
    omschrijving = forms.CharField(label="Actie", max_length=300,
                                   help_text="Wat er gebeurt, bijvoorbeeld: gesprek met ouders en school plannen.",
                                   error_messages={"required": "Beschrijf de actie."})
    eigenaar = forms.CharField(label="Wie", max_length=150, help_text="Naam of organisatie die de actie uitvoert.",
                               error_messages={"required": "Schrijf wie de actie uitvoert."})
    partij = forms.ChoiceField(label="Partij", required=False, choices=[("", "—"), *Partij.choices])
    uiterlijk = _datum("Uiterlijk", required=True)


class ContactForm(forms.Form):
    datum = _datum("Datum", required=True)
    soort = forms.ChoiceField(label="Soort contact", error_messages={"required": "Kies wat voor contact het was."})
    partij = forms.ChoiceField(label="Met of door", required=False, choices=[("", "—"), *Partij.choices])
    verslag = _tekst("Verslag", fout="Schrijf kort wat er is besproken of gedaan.", rows=4)

    def __init__(self, *args, met_tafel: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        soorten = [(v, label) for v, label in Contact.Soort.choices
                   if v != Contact.Soort.STAP and (met_tafel or v != Contact.Soort.TAFEL)]
        self.fields["soort"].choices = [("", "— kies —"), *soorten]
        self.initial.setdefault("datum", timezone.localdate())


class TafelForm(forms.Form):
    datum = _datum("Datum van het overleg", help_text="Leeg: vandaag.")
    verslag = _tekst("Toelichting", required=False,
                     help_text="Bijvoorbeeld waarom de casus naar het overleg gaat, of wat er is afgesproken.")


class AfsluitenForm(forms.Form):
    einddatum = _datum("Einddatum", required=True, help_text="De dag waarop de leerling weer onderwijs (of zorg) "
                       "kreeg, of waarop de melding om een andere reden eindigde. Niet vóór de laatste wijziging van "
                       "de categorie of van de uren.")
    uitkomst = forms.ChoiceField(
        label="Uitkomst", widget=Keuzerondjes, choices=Uitkomst.choices,
        error_messages={"required": "Kies hoe de melding eindigt.", "invalid_choice": "Kies een uitkomst uit de lijst."},
    )
    school = SchoolKeuze(
        queryset=School.objects.none(), label="School", required=False, empty_label="— geen —",
        help_text="Bij ‘terug op school’: de school waar de leerling naartoe gaat.",
        error_messages={"invalid_choice": "Kies een school uit de lijst."},
    )
    uren = _uren("Uren onderwijs per week", required=False, help_text="Bij ‘terug op school’ verplicht.")
    toelichting = _tekst("Toelichting", required=False,
                         help_text="Verplicht bij ander onderwijs, zorg of anders: waar krijgt de leerling nu "
                         "onderwijs of zorg?")

    def __init__(self, *args, scholen, **kwargs):
        super().__init__(*args, **kwargs)
        _keuzes_zetten(self.fields["school"], scholen)
        self.initial.setdefault("einddatum", timezone.localdate())
