"""Forms of the helpdesk and the antenna setting: a question, the Steunpunt's worklist filters, an answer, and an
SWV's choice to be named in the antenna. The forms only read input; services.py checks again and raises
ValidationError per field, which the views put on these forms (nothing the user typed is lost)."""

from django import forms

from passend.register.forms import Keuzerondjes

from .models import Sector, Thema, Vraag

OPEN = "open"


class Vinkjes(forms.CheckboxSelectMultiple):
    """Checkboxes whose field id is the first option's: the error summary's link then lands on a checkbox."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, 0 if index is None else index)


class VraagForm(forms.Form):
    """A question to the helpdesk (services.vraag_stellen)."""

    onderwerp = forms.CharField(
        label="Onderwerp", max_length=200,
        help_text="Vat uw vraag samen in een paar woorden, bijvoorbeeld ‘Wanneer loopt de zorgplicht af?’",
        error_messages={"required": "Vat uw vraag samen in een onderwerp.",
                        "max_length": "Het onderwerp is te lang: houd het onder de 200 tekens."},
    )
    tekst = forms.CharField(
        label="Uw vraag", widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Beschrijf uw vraag zo duidelijk mogelijk. Noem geen namen of andere gegevens van leerlingen.",
        error_messages={"required": "Schrijf uw vraag."},
    )
    thema = forms.ModelChoiceField(
        label="Thema", queryset=Thema.objects.all(), empty_label="Kies een thema",
        help_text="Waar gaat uw vraag over? Weet u het niet zeker, kies dan het thema dat er het dichtst bij ligt.",
        error_messages={"required": "Kies het thema waar uw vraag over gaat.",
                        "invalid_choice": "Kies een thema uit de lijst."},
    )
    sectoren = forms.MultipleChoiceField(
        label="Sector", required=False, choices=Sector.choices, widget=Vinkjes,
        help_text="Over welk onderwijs gaat uw vraag? U mag meer dan één sector kiezen.",
        error_messages={"invalid_choice": "Kies een sector uit de lijst."},
    )


class WerklijstFilter(forms.Form):
    """The Steunpunt's filters on all questions."""

    status = forms.ChoiceField(
        label="Status", required=False,
        choices=[("", "Alle (open eerst)"), (OPEN, "Open (nieuw of in behandeling)"), *Vraag.Status.choices],
    )
    thema = forms.ModelChoiceField(label="Thema", required=False, queryset=Thema.objects.all(),
                                   empty_label="Alle thema's")
    sector = forms.ChoiceField(label="Sector", required=False, choices=[("", "Alle sectoren"), *Sector.choices])
    behandelaar = forms.ChoiceField(
        label="Behandelaar", required=False,
        choices=[("", "Iedereen"), ("mij", "Door mij"), ("niemand", "Nog niet opgepakt")],
    )


class AntwoordForm(forms.Form):
    antwoord = forms.CharField(
        label="Antwoord", widget=forms.Textarea(attrs={"rows": 10}),
        help_text="De vrager krijgt een e-mail dat er een antwoord is en leest het na inloggen in Passend.",
        error_messages={"required": "Schrijf het antwoord."},
    )


class AntenneInstellingForm(forms.Form):
    naam_tonen = forms.ChoiceField(
        label="Hoe staat uw samenwerkingsverband in de vergelijkingen van het Steunpunt?",
        choices=[("ja", "Met naam: het Steunpunt en andere samenwerkingsverbanden zien onze naam"),
                 ("nee", "Anoniem: wij staan er in als ‘SWV A’, ‘SWV B’ …")],
        widget=Keuzerondjes,
        error_messages={"required": "Kies met naam of anoniem.", "invalid_choice": "Kies met naam of anoniem."},
    )
