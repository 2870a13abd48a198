"""Forms of the newsletter: the public signup and the editor's issue (subject, introduction, articles and
activities as checkboxes). services.abonneren and services.nieuwsbrief_opslaan check the input."""

from django import forms
from django.utils import timezone

from .models import Activiteit, Artikel


class AanmeldForm(forms.Form):
    # A CharField, not an EmailField: services.abonneren checks the address and says how to fix it.
    email = forms.CharField(label="Uw e-mailadres", max_length=254,
                            widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages["required"] = "Vul uw e-mailadres in."


class ArtikelKeuze(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Artikel) -> str:
        datum = f" ({obj.gepubliceerd_op:%d-%m-%Y})" if obj.gepubliceerd_op else ""
        return f"{obj.titel}{datum}"


class ActiviteitKeuze(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Activiteit) -> str:
        return f"{timezone.localtime(obj.begin):%d-%m-%Y %H:%M} uur: {obj.titel} ({obj.get_soort_display().lower()})"


class NieuwsbriefForm(forms.Form):
    onderwerp = forms.CharField(label="Onderwerp", max_length=200, help_text="De onderwerpregel van de e-mail.",
                                error_messages={"required": "Geef de nieuwsbrief een onderwerp."})
    inleiding = forms.CharField(label="Inleiding", required=False, widget=forms.Textarea(attrs={"rows": 6}),
                                help_text="Gewone tekst; staat bovenaan de nieuwsbrief.")
    artikelen = ArtikelKeuze(label="Artikelen", required=False, queryset=Artikel.objects.none(),
                             widget=forms.CheckboxSelectMultiple)
    activiteiten = ActiviteitKeuze(label="Activiteiten", required=False, queryset=Activiteit.objects.none(),
                                   widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, artikelen=None, activiteiten=None, **kwargs):
        super().__init__(*args, **kwargs)
        if artikelen is not None:
            self.fields["artikelen"].queryset = artikelen
        if activiteiten is not None:
            self.fields["activiteiten"].queryset = activiteiten
