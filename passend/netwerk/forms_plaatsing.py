"""Forms of the placement pages and the pupil's needs. They only read and shape the input; every rule (which
needs, which postcode, who may) is services.py's, whose Dutch messages land on these forms."""

from django import forms

from passend.register.models import School

from .models import Leerlingbehoefte, Plaatsingsverzoek

LOPEND = "lopend"
ALLE = "alle"
LOPENDE_STATUSSEN = (Plaatsingsverzoek.Status.OPEN, Plaatsingsverzoek.Status.GEKOZEN,
                     Plaatsingsverzoek.Status.AFGEWEZEN)


class Vinkjes(forms.CheckboxSelectMultiple):
    """Checkboxes whose field id is the first option's (for the error summary's link)."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, 0 if index is None else index)


class BehoefteKeuze(forms.ModelMultipleChoiceField):
    widget = Vinkjes

    def label_from_instance(self, obj):
        return obj.naam


def _behoeften_veld(queryset, **kwargs) -> BehoefteKeuze:
    # Not required here: services.py says "Kies minstens één ondersteuningsbehoefte" in its own words.
    return BehoefteKeuze(queryset=queryset, required=False, label="Ondersteuningsbehoeften",
                         error_messages={"invalid_choice": "Kies behoeften uit de lijst.",
                                         "invalid_pk_value": "Kies behoeften uit de lijst."}, **kwargs)


class SchoolKeuze(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.naam} ({obj.plaats})" if obj.plaats else obj.naam


class LijstFilter(forms.Form):
    status = forms.ChoiceField(label="Status", required=False, choices=[
        (LOPEND, "Lopend (zoekt plaats, wacht op antwoord of afgewezen)"), *Plaatsingsverzoek.Status.choices,
        (ALLE, "Alle")])
    q = forms.CharField(label="Naam leerling", required=False, max_length=100)


class PlaatsingForm(forms.Form):
    behoeften = None  # set in __init__ (the SWV's list)
    pc4 = forms.CharField(
        label="Postcode van het woonadres (4 cijfers)", required=False, max_length=7,
        help_text="De afstand naar de scholen wordt gemeten vanaf het midden van dit postcodegebied.",
        widget=forms.TextInput(attrs={"class": "kort", "inputmode": "numeric", "autocomplete": "off"}))
    vanuit_school = SchoolKeuze(
        queryset=School.objects.none(), required=False, label="Vanuit school",
        help_text="De school die een andere plaats zoekt (zorgplicht). Zij staat niet tussen de voorstellen.",
        error_messages={"invalid_choice": "Kies een school uit de lijst."})
    toelichting = forms.CharField(
        label="Toelichting", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Wat de ontvangende school moet weten, bijvoorbeeld wat al geprobeerd is.")
    aanmelding = forms.IntegerField(required=False, widget=forms.HiddenInput)

    field_order = ["behoeften", "pc4", "vanuit_school", "toelichting", "aanmelding"]

    def __init__(self, *args, behoeften, scholen=None, school_verplicht=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["behoeften"] = _behoeften_veld(
            behoeften, help_text="Vink aan wat de leerling nodig heeft. De voorstellen passen bij deze behoeften.")
        self.order_fields(self.field_order)
        if scholen is None:
            del self.fields["vanuit_school"]
        else:
            veld = self.fields["vanuit_school"]
            veld.queryset = scholen
            veld.required = school_verplicht
            veld.empty_label = None if school_verplicht else "Geen school (het samenwerkingsverband zoekt)"


class KiesForm(forms.Form):
    school = forms.IntegerField(widget=forms.HiddenInput, error_messages={
        "required": "Kies een school.", "invalid": "Kies een school uit de lijst."})
    reden = forms.CharField(label="Waarom deze school", required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 2}))


class AntwoordForm(forms.Form):
    akkoord = forms.ChoiceField(choices=[("1", "Bevestigen"), ("0", "Afwijzen")], widget=forms.HiddenInput,
                                error_messages={"required": "Kies bevestigen of afwijzen.",
                                                "invalid_choice": "Kies bevestigen of afwijzen."})
    toelichting = forms.CharField(
        label="Toelichting", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Verplicht bij afwijzen: waarom kan de school de leerling niet plaatsen?")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "antwoord_%s")  # unique ids next to the other forms of the page
        super().__init__(*args, **kwargs)


class IntrekkenForm(forms.Form):
    toelichting = forms.CharField(label="Waarom intrekken", required=False, max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "intrekken_%s")
        super().__init__(*args, **kwargs)


BRONNEN = [(b.value, b.label) for b in Leerlingbehoefte.Bron if b != Leerlingbehoefte.Bron.PLAATSING]


class LeerlingbehoeftenForm(forms.Form):
    bron = forms.ChoiceField(label="Waar blijken nieuwe behoeften uit?", choices=BRONNEN,
                             initial=Leerlingbehoefte.Bron.SCHOOL,
                             help_text="Geldt voor de behoeften die u nu aanvinkt; bestaande houden hun bron.")

    def __init__(self, *args, behoeften, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["behoeften"] = _behoeften_veld(behoeften)
        self.order_fields(["behoeften", "bron"])
