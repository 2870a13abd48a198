"""Forms of the OPP pages. They only check input; every rule (who may, completeness, dates) is checked again by
services.py, which owns the writes, and its ValidationErrors are shown on these forms (core.ui.fouten_naar_form).
"""

from django import forms
from django.db.models import Exists, OuterRef

from passend.accounts.models import Rol, User
from passend.core.access import visible
from passend.register.forms import DatumInput
from passend.register.models import Inschrijving, Leerling, School, actief_op
from passend.toewijzing.forms_aanvragen import Keuzerondjes, LeerlingKeuze

from .models import Aanleiding, Instemming, Oppinstellingen, OppVersie, Uitstroom
from .services import MENING_MAX, SPECIAAL

TEKST = {"rows": 5}


def standaard_aanleiding(school: School | None, swv) -> str:
    """What starts the 6-week term by default: enrolment in SBO/SO/VSO, else the SWV's setting for regular
    schools (enrolment or the start of extra support)."""
    if school is not None and school.soort in SPECIAAL:
        return Aanleiding.INSCHRIJVING
    return Oppinstellingen.voor(swv).aanleiding_regulier


def leerlingen_voor_opp(rol):
    """Pupils this school user may start an OPP for: visible and now enrolled at one of the role's schools."""
    actief = Inschrijving.objects.filter(leerling_id=OuterRef("pk"), school__in=rol.scholen.all()).filter(actief_op())
    return visible(rol, Leerling).filter(Exists(actief))


class _GebruikerKeuze(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class OppNieuwForm(forms.Form):
    leerling = LeerlingKeuze(
        queryset=Leerling.objects.none(), label="Leerling", empty_label="— kies een leerling —",
        help_text="Leerlingen die nu op uw school staan ingeschreven.",
        error_messages={"required": "Kies de leerling.", "invalid_choice": "Kies een leerling uit de lijst."},
    )
    school = forms.ModelChoiceField(
        queryset=School.objects.none(), label="School", empty_label="— kies de school —",
        help_text="De school die het OPP opstelt; de leerling moet daar ingeschreven staan.",
        error_messages={"required": "Kies de school.", "invalid_choice": "Kies een school uit de lijst."},
    )
    aanleiding = forms.ChoiceField(
        label="Wat start de termijn van 6 weken?", choices=Aanleiding.choices, widget=Keuzerondjes,
        help_text="In het speciaal (basis)onderwijs is dat de inschrijving. In het regulier onderwijs zegt de "
        "instelling van het samenwerkingsverband wat gebruikelijk is.",
        error_messages={"required": "Kies wat de termijn start.", "invalid_choice": "Kies wat de termijn start."},
    )
    aanleiding_datum = forms.DateField(
        label="Datum van inschrijving of start van de extra ondersteuning", widget=DatumInput(attrs={"class": "kort"}),
        help_text="Het OPP moet binnen 6 weken na deze datum zijn vastgesteld.",
        error_messages={"required": "Vul de datum in.", "invalid": "Vul een geldige datum in, bijvoorbeeld 01-09-2026."},
    )
    contactpersoon = _GebruikerKeuze(
        queryset=User.objects.none(), label="Contactpersoon voor de ouders", required=False,
        empty_label="— nog niemand —", help_text="Wie ouders kunnen aanspreken over dit OPP.",
        error_messages={"invalid_choice": "Kies een contactpersoon uit de lijst."},
    )

    def __init__(self, *args, rol, **kwargs):
        super().__init__(*args, **kwargs)
        self.rol = rol
        self.fields["leerling"].queryset = leerlingen_voor_opp(rol).order_by("achternaam", "voornaam", "pk")
        scholen = rol.scholen.order_by("naam")
        self.fields["school"].queryset = scholen
        self.scholen = list(scholen)
        if len(self.scholen) == 1:
            # One school: no choice to make.
            self.fields["school"].widget = forms.HiddenInput()
            self.fields["school"].initial = self.scholen[0].pk
        self.fields["contactpersoon"].queryset = (
            User.objects.filter(rollen__rol=Rol.SCHOOL, rollen__actief=True, rollen__swv_id=rol.swv_id,
                                rollen__scholen__in=self.scholen, is_active=True)
            .distinct().order_by("last_name", "first_name", "username")
        )

    def clean(self):
        data = super().clean()
        leerling, school = data.get("leerling"), data.get("school")
        if leerling is not None and school is not None and not leerling.inschrijvingen.filter(
            school=school
        ).filter(actief_op()).exists():
            self.add_error("leerling", "Deze leerling staat niet (meer) ingeschreven op de gekozen school.")
        return data


class VersieForm(forms.ModelForm):
    """The content of a concept version; the fields of services.VERSIE_VELDEN."""

    class Meta:
        model = OppVersie
        fields = ["uitstroombestemming", "onderbouwing", "belemmerende_factoren", "bevorderende_factoren",
                  "ondersteuning", "afwijkingen", "doelen", "zienswijze_leerling", "oogo_op", "oogo_verslag"]
        labels = {
            "uitstroombestemming": "Verwachte uitstroombestemming",
            "onderbouwing": "Onderbouwing van de uitstroombestemming",
            "belemmerende_factoren": "Belemmerende factoren",
            "bevorderende_factoren": "Bevorderende factoren",
            "ondersteuning": "Te bieden begeleiding en ondersteuning",
            "afwijkingen": "Afwijkingen van het onderwijsprogramma",
            "doelen": "Doelen",
            "zienswijze_leerling": "Zienswijze van de leerling",
            "oogo_op": "Besproken met de ouders op",
            "oogo_verslag": "Verslag van het gesprek met de ouders (OOGO)",
        }
        help_texts = {
            "uitstroombestemming": "Naar welk onderwijs of welke plek de leerling naar verwachting uitstroomt.",
            "onderbouwing": "Waarom deze bestemming: wat weet de school over het leren en de ontwikkeling.",
            "belemmerende_factoren": "Wat het leren en de ontwikkeling in de weg staat.",
            "bevorderende_factoren": "Wat helpt: sterke kanten, steun thuis en op school.",
            "ondersteuning": "Welke begeleiding en ondersteuning de school biedt, hoe vaak en door wie.",
            "afwijkingen": "Bijvoorbeeld vakken die vervallen of een aangepast programma. Niet verplicht: leeg als er "
            "geen zijn.",
            "doelen": "Wat de leerling aan het eind van de periode kan; liefst meetbaar.",
            "zienswijze_leerling": "Wat vindt de leerling zelf (hoorrecht)? Schrijf zo nodig waarom die ontbreekt.",
            "oogo_op": "Het perspectiefdeel bespreekt de school met de ouders (op overeenstemming gericht overleg).",
            "oogo_verslag": "Wat is besproken en wat vinden de ouders. Niet verplicht, wel aan te raden.",
        }
        widgets = {
            "onderbouwing": forms.Textarea(attrs=TEKST),
            "belemmerende_factoren": forms.Textarea(attrs=TEKST),
            "bevorderende_factoren": forms.Textarea(attrs=TEKST),
            "ondersteuning": forms.Textarea(attrs=TEKST),
            "afwijkingen": forms.Textarea(attrs=TEKST),
            "doelen": forms.Textarea(attrs=TEKST),
            "zienswijze_leerling": forms.Textarea(attrs=TEKST),
            "oogo_op": DatumInput(attrs={"class": "kort"}),
            "oogo_verslag": forms.Textarea(attrs=TEKST),
        }
        error_messages = {
            "oogo_op": {"invalid": "Vul een geldige datum in, bijvoorbeeld 15-10-2026."},
            "uitstroombestemming": {"invalid_choice": "Kies een uitstroombestemming uit de lijst."},
        }

    PERSPECTIEFDEEL = ("uitstroombestemming", "onderbouwing", "belemmerende_factoren", "bevorderende_factoren")
    HANDELINGSDEEL = ("ondersteuning", "afwijkingen", "doelen")
    LEERLING_OUDERS = ("zienswijze_leerling", "oogo_op", "oogo_verslag")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["uitstroombestemming"].choices = [("", "— nog niet gekozen —"), *Uitstroom.choices]
        for naam in self.NODIG:
            self.fields[naam].help_text = f"{self.fields[naam].help_text} Nodig om vast te stellen.".strip()

    def _post_clean(self):
        # The service validates and saves; the form must not change the instance the page holds.
        pass

    # Needed before the version can be set (services.ontbrekend); saving a concept needs none of them.
    NODIG = ("uitstroombestemming", "onderbouwing", "belemmerende_factoren", "bevorderende_factoren",
             "ondersteuning", "doelen", "zienswijze_leerling", "oogo_op")

    def velden(self) -> dict:
        return {veld: self.cleaned_data.get(veld) for veld in self.Meta.fields}

    def groep(self, namen):
        return [self[n] for n in namen]

    @property
    def perspectiefdeel(self):
        return self.groep(self.PERSPECTIEFDEEL)

    @property
    def handelingsdeel(self):
        return self.groep(self.HANDELINGSDEEL)

    @property
    def leerling_ouders(self):
        return self.groep(self.LEERLING_OUDERS)


class VaststellenForm(forms.Form):
    datum = forms.DateField(
        label="Vastgesteld op", required=False, widget=DatumInput(attrs={"class": "kort"}),
        help_text="Leeg: vandaag. Niet in de toekomst.",
        error_messages={"invalid": "Vul een geldige datum in, bijvoorbeeld 15-10-2026."},
    )


class EvaluatieForm(forms.Form):
    datum = forms.DateField(
        label="Datum van de evaluatie", widget=DatumInput(attrs={"class": "kort"}),
        error_messages={"required": "Vul de datum van de evaluatie in.",
                        "invalid": "Vul een geldige datum in, bijvoorbeeld 15-10-2026."},
    )
    met_ouders = forms.BooleanField(label="Geëvalueerd met de ouders", required=False, initial=True)
    verslag = forms.CharField(
        label="Verslag", widget=forms.Textarea(attrs=TEKST),
        help_text="Wat is bereikt, wat werkte en wat niet, en wat de ouders en de leerling ervan vinden.",
        error_messages={"required": "Schrijf wat er uit de evaluatie kwam."},
    )
    bijstelling_nodig = forms.BooleanField(
        label="Het OPP moet worden bijgesteld", required=False,
        help_text="Maak daarna een nieuwe versie en bespreek die met de ouders.",
    )


class ExternForm(forms.Form):
    bestand = forms.FileField(
        label="OPP als PDF", help_text="Een OPP dat buiten Passend is gemaakt; hoogstens 20 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={"required": "Kies een PDF-bestand.", "empty": "Het bestand is leeg.",
                        "invalid": "Er is geen bestand ontvangen."},
    )


class InstemmingForm(forms.Form):
    besluit = forms.ChoiceField(
        label="Uw keuze", choices=Instemming.Besluit.choices, widget=Keuzerondjes,
        error_messages={"required": "Kies of u wel of niet instemt met het handelingsdeel.",
                        "invalid_choice": "Kies of u wel of niet instemt met het handelingsdeel."},
    )
    toelichting = forms.CharField(
        label="Toelichting", required=False, max_length=4000, widget=forms.Textarea(attrs=TEKST),
        help_text="Waarom kiest u dit? Wat wilt u anders? De school leest dit.",
    )


class MeningForm(forms.Form):
    """The pupil's own view on their OPP (hoorrecht); services.mening_geven checks it again and saves it."""

    tekst = forms.CharField(
        label="Jouw mening", widget=forms.Textarea(attrs={**TEKST, "maxlength": MENING_MAX}),
        help_text="Wat vind je van je plan? Wat gaat goed, wat wil je anders? Je mag het in je eigen woorden zeggen.",
        error_messages={"required": "Schrijf je mening op voordat je hem verstuurt."},
    )
