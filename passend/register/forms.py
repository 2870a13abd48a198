"""Forms of the register pages: pupils and their enrolments. Dutch labels, checks that say what to fix."""

import re

from django import forms
from django.utils import timezone

from passend.core.ui import SnelleSelect

from .models import Inschrijving, Leerling, School

POSTCODE = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")
HUISNUMMER = re.compile(r"^[1-9][0-9]{0,4}([ -]?[A-Za-z0-9]{1,4})?$")


class DatumInput(forms.DateInput):
    """A native date field; the browser shows it in the user's locale and sends YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class SnelleSelectWidget(SnelleSelect, forms.Select):
    """A select list that renders its (many) options in one pass (core/ui.py)."""


class Keuzerondjes(forms.RadioSelect):
    """Radio buttons whose field id is the first option's: the error summary's link then lands on a radio."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, 0 if index is None else index)


def schoonmaken(waarde: str) -> str:
    """Spaces tidied: no leading, trailing or double spaces."""
    return " ".join((waarde or "").split())


class LeerlingKeuze(forms.ModelChoiceField):
    """A pupil to choose, shown as 'Achternaam, Voornaam (geboren dd-mm-jjjj)'."""

    widget = SnelleSelectWidget

    def label_from_instance(self, obj: Leerling) -> str:
        voornaam = f"{obj.voornaam} {obj.tussenvoegsel}".strip()
        return f"{obj.achternaam}, {voornaam} (geboren {obj.geboortedatum:%d-%m-%Y})"


class SchoolKeuze(forms.ModelChoiceField):
    widget = SnelleSelectWidget

    def label_from_instance(self, obj: School) -> str:
        return f"{obj.naam} ({obj.plaats}, {obj.vestigingscode})" if obj.plaats else f"{obj.naam} ({obj.vestigingscode})"


class LeerlingVeldenMixin:
    """The checks on a pupil's postcode, house number and date of birth, for every form that asks for them."""

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"].replace(" ", "").upper()
        if postcode and not POSTCODE.match(postcode):
            raise forms.ValidationError("Vul de postcode in als vier cijfers en twee letters, bijvoorbeeld 1234AB.")
        return postcode

    def clean_huisnummer(self):
        huisnummer = self.cleaned_data["huisnummer"].strip()
        if huisnummer and not HUISNUMMER.match(huisnummer):
            raise forms.ValidationError("Vul een huisnummer in dat met een cijfer begint, bijvoorbeeld 12 of 12a.")
        return huisnummer

    def clean_geboortedatum(self):
        datum = self.cleaned_data["geboortedatum"]
        if datum and datum > timezone.localdate():
            raise forms.ValidationError("De geboortedatum kan niet in de toekomst liggen.")
        return datum


class LeerlingForm(LeerlingVeldenMixin, forms.ModelForm):
    # Longer than the stored 6 characters: "1234 ab" is accepted and normalised to "1234AB".
    postcode = forms.CharField(
        label="Postcode woonadres",
        required=False,
        max_length=10,
        help_text="Vier cijfers en twee letters, bijvoorbeeld 8011AB.",
        widget=forms.TextInput(attrs={"class": "kort", "autocomplete": "off"}),
    )

    class Meta:
        model = Leerling
        fields = ["voornaam", "tussenvoegsel", "achternaam", "geboortedatum", "postcode", "huisnummer"]
        labels = {
            "voornaam": "Voornaam",
            "tussenvoegsel": "Tussenvoegsel",
            "achternaam": "Achternaam",
            "geboortedatum": "Geboortedatum",
            "postcode": "Postcode woonadres",
            "huisnummer": "Huisnummer",
        }
        help_texts = {
            "tussenvoegsel": "Bijvoorbeeld: van, de, van der. Mag leeg blijven.",
            "postcode": "Vier cijfers en twee letters, bijvoorbeeld 8011AB.",
            "huisnummer": "Met toevoeging als die er is, bijvoorbeeld 12a of 12-2.",
        }
        widgets = {
            "geboortedatum": DatumInput(),
            "voornaam": forms.TextInput(attrs={"autocomplete": "off"}),
            "achternaam": forms.TextInput(attrs={"autocomplete": "off"}),
            "postcode": forms.TextInput(attrs={"class": "kort", "autocomplete": "off", "inputmode": "text"}),
            "huisnummer": forms.TextInput(attrs={"class": "kort", "autocomplete": "off"}),
        }
        error_messages = {
            "voornaam": {"required": "Vul de voornaam in."},
            "achternaam": {"required": "Vul de achternaam in."},
            "geboortedatum": {"required": "Vul de geboortedatum in.", "invalid": "Vul een geldige datum in, bijvoorbeeld 28-11-2016."},
        }

    def clean_voornaam(self):
        return " ".join(self.cleaned_data["voornaam"].split())

    def clean_achternaam(self):
        return " ".join(self.cleaned_data["achternaam"].split())

    def clean_tussenvoegsel(self):
        return " ".join(self.cleaned_data["tussenvoegsel"].split())


    def clean(self):
        data = super().clean()
        if data.get("huisnummer") and not data.get("postcode") and "postcode" not in self.errors:
            self.add_error("postcode", "Vul ook de postcode in, of laat het huisnummer leeg.")
        if data.get("postcode") and not data.get("huisnummer") and "huisnummer" not in self.errors:
            self.add_error("huisnummer", "Vul ook het huisnummer in, of laat de postcode leeg.")
        return data


class LeerlingNieuwForm(LeerlingForm):
    """A new pupil, with the first enrolment (required for school users: at one of their own schools)."""

    school = SchoolKeuze(
        queryset=School.objects.none(),
        required=False,
        label="School",
        empty_label="— kies een school —",
        error_messages={"required": "Kies de school waar de leerling staat ingeschreven.",
                        "invalid_choice": "Kies een school uit de lijst."},
    )
    begindatum = forms.DateField(
        label="Ingeschreven sinds",
        required=False,
        widget=DatumInput(),
        error_messages={"invalid": "Vul een geldige datum in, bijvoorbeeld 22-08-2025."},
    )

    class Meta(LeerlingForm.Meta):
        pass

    def __init__(self, *args, scholen, school_verplicht: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = scholen
        self.fields["school"].required = school_verplicht
        if school_verplicht:
            if not self.is_bound and len(scholen[:2]) == 1:
                self.initial.setdefault("school", scholen[0].pk)
            self.fields["begindatum"].required = True
            self.fields["begindatum"].error_messages["required"] = "Vul in sinds wanneer de leerling op deze school staat."
        else:
            self.fields["school"].help_text = "Mag leeg blijven als de leerling (nog) niet op een school staat."

    def clean(self):
        data = super().clean()
        school, begin = data.get("school"), data.get("begindatum")
        if school and not begin and "begindatum" not in self.errors:
            self.add_error("begindatum", "Vul in sinds wanneer de leerling op deze school staat.")
        if begin and not school and "school" not in self.errors:
            self.add_error("school", "Kies de school, of laat ook de datum leeg.")
        if begin and data.get("geboortedatum") and begin < data["geboortedatum"]:
            self.add_error("begindatum", "De inschrijving kan niet vóór de geboortedatum beginnen.")
        return data


class InschrijvingForm(forms.ModelForm):
    class Meta:
        model = Inschrijving
        fields = ["school", "begindatum", "einddatum"]
        field_classes = {"school": SchoolKeuze}
        labels = {"school": "School", "begindatum": "Begindatum", "einddatum": "Einddatum"}
        help_texts = {"einddatum": "Leeg laten als de inschrijving nog loopt."}
        widgets = {"begindatum": DatumInput(), "einddatum": DatumInput()}
        error_messages = {
            "school": {"required": "Kies een school.", "invalid_choice": "Kies een school uit de lijst."},
            "begindatum": {"required": "Vul de begindatum in.", "invalid": "Vul een geldige datum in."},
            "einddatum": {"invalid": "Vul een geldige datum in."},
        }

    def __init__(self, *args, scholen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = scholen
        self.fields["school"].empty_label = "— kies een school —"

    def clean(self):
        data = super().clean()
        begin, einde = data.get("begindatum"), data.get("einddatum")
        if begin and einde and einde < begin:
            self.add_error("einddatum", "De einddatum mag niet vóór de begindatum liggen.")
        leerling = self.instance.leerling if self.instance.leerling_id else None
        if begin and leerling and begin < leerling.geboortedatum:
            self.add_error("begindatum", "De inschrijving kan niet vóór de geboortedatum beginnen.")
        school = data.get("school")
        if leerling and school and not einde:
            lopend = [i for i in leerling.inschrijvingen.all() if i.school_id == school.pk and i.is_actief()]
            if lopend:
                self.add_error("school", "De leerling staat al actief ingeschreven op deze school.")
        return data


class InschrijvingBeeindigenForm(forms.ModelForm):
    class Meta:
        model = Inschrijving
        fields = ["einddatum"]
        labels = {"einddatum": "Einddatum"}
        help_texts = {"einddatum": "De laatste dag dat de leerling op deze school staat ingeschreven."}
        widgets = {"einddatum": DatumInput()}
        error_messages = {"einddatum": {"required": "Vul de einddatum in.", "invalid": "Vul een geldige datum in."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["einddatum"].required = True
        if not self.is_bound and self.instance.einddatum is None:
            self.initial["einddatum"] = timezone.localdate()

    def clean_einddatum(self):
        einde = self.cleaned_data["einddatum"]
        if einde and einde < self.instance.begindatum:
            raise forms.ValidationError(
                f"De einddatum mag niet vóór de begindatum ({self.instance.begindatum:%d-%m-%Y}) liggen."
            )
        return einde


class LeerlingZoekForm(forms.Form):
    q = forms.CharField(label="Naam", required=False, max_length=100)
    geboortedatum = forms.DateField(label="Geboortedatum", required=False, widget=DatumInput(),
                                    error_messages={"invalid": "Vul een geldige datum in."})
    school = SchoolKeuze(queryset=School.objects.none(), required=False, label="School", empty_label="Alle scholen",
                         error_messages={"invalid_choice": "Kies een school uit de lijst."})
    actief = forms.ChoiceField(
        label="Inschrijving",
        required=False,
        choices=[("", "Alle leerlingen"), ("ja", "Actief ingeschreven"), ("nee", "Zonder actieve inschrijving")],
    )

    def __init__(self, *args, scholen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = scholen
