"""Forms of the knowledge base: the public search with filters, the editors' list filter and the article form.

The article form checks little itself: services.artikel_opslaan says what is missing or wrong (a title, a text,
a real PDF) and the view shows that on the form, keeping what the editor typed."""

from django import forms

from passend.register.forms import Keuzerondjes

from .models import Artikel, Doelgroep, Sector, Thema

LEEG = [("", "Alle")]


class KennisFilter(forms.Form):
    """?q=&soort=&thema=&sector=&doelgroep= on the public knowledge base. Unknown values are ignored."""

    q = forms.CharField(label="Zoek op woorden", required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))
    soort = forms.ChoiceField(label="Soort", required=False)
    thema = forms.ChoiceField(label="Thema", required=False)
    sector = forms.ChoiceField(label="Sector", required=False, choices=LEEG + list(Sector.choices))
    doelgroep = forms.ChoiceField(label="Voor wie", required=False, choices=LEEG + list(Doelgroep.choices))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["soort"].choices = LEEG + list(Artikel.Soort.choices)
        self.fields["thema"].choices = LEEG + list(Thema.objects.values_list("slug", "naam"))

    def waarden(self) -> dict:
        """The valid filters (an invalid value counts as not filtered)."""
        if self.is_valid():
            return self.cleaned_data
        return {naam: (self.cleaned_data.get(naam) or "") for naam in self.fields
                if naam not in self.errors}


class RedactieFilter(forms.Form):
    q = forms.CharField(label="Zoek op woorden", required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))
    status = forms.ChoiceField(label="Status", required=False, choices=LEEG + list(Artikel.Status.choices))
    soort = forms.ChoiceField(label="Soort", required=False, choices=LEEG + list(Artikel.Soort.choices))


class ThemaKeuze(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.naam


class ArtikelForm(forms.Form):
    titel = forms.CharField(label="Titel", max_length=200,
                            error_messages={"required": "Geef het artikel een titel."})
    soort = forms.ChoiceField(label="Soort", choices=Artikel.Soort.choices, widget=Keuzerondjes,
                              initial=Artikel.Soort.ARTIKEL, error_messages={"required": "Kies een soort."})
    samenvatting = forms.CharField(
        label="Samenvatting", max_length=400, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Eén of twee zinnen; staat in de zoekresultaten en de nieuwsbrief.")
    tekst = forms.CharField(
        label="Tekst", required=False, widget=forms.Textarea(attrs={"rows": 18}),
        help_text="Markdown: een lege regel tussen alinea's, ## voor een kopje, - voor een lijstje, "
                  "[tekst](https://…) voor een link. Bij een document mag de tekst leeg blijven.")
    bestand = forms.FileField(
        label="Pdf-bestand", required=False, widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text="Alleen pdf, hoogstens 20 MB. Nodig bij de soort ‘Document’.")
    themas = ThemaKeuze(label="Thema's", required=False, queryset=Thema.objects.all(),
                        widget=forms.CheckboxSelectMultiple)
    sectoren = forms.MultipleChoiceField(label="Sectoren", required=False, choices=Sector.choices,
                                         widget=forms.CheckboxSelectMultiple)
    doelgroepen = forms.MultipleChoiceField(label="Voor wie", required=False, choices=Doelgroep.choices,
                                            widget=forms.CheckboxSelectMultiple)
    bronnen = forms.CharField(label="Bronnen", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="Eén webadres per regel, beginnend met https://.")

    @classmethod
    def van(cls, a: Artikel) -> "ArtikelForm":
        return cls(initial={
            "titel": a.titel, "soort": a.soort, "samenvatting": a.samenvatting, "tekst": a.tekst,
            "themas": list(a.themas.all()), "sectoren": a.sector_lijst, "doelgroepen": a.doelgroep_lijst,
            "bronnen": a.bronnen,
        })
