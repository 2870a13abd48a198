"""Forms of the objection pages: registering an objection, the LBT steps, and the decision on it.

The forms only read and type the input; the rules (dates against the decision and the receipt, LBT advice
needed, who may do what) are checked by services.py, whose errors the views put back on these forms.
"""

from django import forms

from passend.register.forms import DatumInput

from .models import Bezwaar, Categorie, TlvSoort


class Keuzerondjes(forms.RadioSelect):
    """Radio buttons whose field points at the first button, so the error summary links to the group."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


class _BijnaAltijdVerplicht(forms.CharField):
    """Shown as required; an empty value passes the form, and services.py refuses it unless the objection
    was withdrawn (ingetrokken), with its own message."""

    def validate(self, value):
        pass


DATUM_FOUT = {"invalid": "Vul een geldige datum in, bijvoorbeeld 14-03-2027."}


def _datum(label: str, *, required: bool = False, help_text: str = "") -> forms.DateField:
    fouten = dict(DATUM_FOUT, required=f"Vul de datum in: {label.lower()}.")
    return forms.DateField(label=label, required=required, help_text=help_text, widget=DatumInput(),
                           error_messages=fouten)


class BezwaarNieuwForm(forms.Form):
    ontvangen_op = _datum(
        "Ontvangen op", required=True,
        help_text="De dag waarop het bezwaarschrift bij het samenwerkingsverband binnenkwam.",
    )
    indiener = forms.ChoiceField(
        label="Ingediend door", choices=Bezwaar.Indiener.choices, widget=Keuzerondjes,
        error_messages={"required": "Kies wie het bezwaar indient."},
    )
    indiener_naam = forms.CharField(
        label="Naam van de indiener", max_length=200, required=False,
        help_text="Bijvoorbeeld de naam van de ouder of van het schoolbestuur.",
    )
    gronden = forms.CharField(
        label="Gronden van het bezwaar", widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Vat samen waarom de indiener het niet eens is met het besluit.",
        error_messages={"required": "Vat de gronden van het bezwaar samen."},
    )


class BezwaarStappenForm(forms.Form):
    """The steps of the LBT procedure, each a date (the hearing may lie in the future). A plain form, so a
    refused change never touches the objection the page shows."""

    lbt_gevraagd_op = _datum("LBT om advies gevraagd op", help_text="Binnen 2 weken na ontvangst van het bezwaar.")
    verweer_verzonden_op = _datum(
        "Verweerschrift verzonden op",
        help_text="Het verweerschrift met de stukken, binnen 14 dagen na het vragen van de LBT.",
    )
    hoorzitting_op = _datum("Hoorzitting op", help_text="De datum die de LBT heeft vastgesteld; mag in de toekomst liggen.")
    lbt_advies_op = _datum("Advies van de LBT ontvangen op")
    lbt_advies = forms.ChoiceField(
        label="Advies van de LBT", required=False, choices=[("", "— nog geen advies —"), *Bezwaar.LbtAdvies.choices],
    )

    VELDEN = ("lbt_gevraagd_op", "verweer_verzonden_op", "hoorzitting_op", "lbt_advies_op", "lbt_advies")

    @classmethod
    def voor(cls, bezwaar: Bezwaar, data=None) -> "BezwaarStappenForm":
        return cls(data, initial={veld: getattr(bezwaar, veld) for veld in cls.VELDEN}, prefix="lbt")


class BeslissenOpBezwaarForm(forms.Form):
    uitkomst = forms.ChoiceField(
        label="Beslissing op het bezwaar", choices=Bezwaar.Uitkomst.choices, widget=Keuzerondjes,
        error_messages={"required": "Kies de uitkomst."},
    )
    motivering = _BijnaAltijdVerplicht(
        label="Motivering", widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Staat in de brief aan ouders en school. Alleen niet nodig als de indiener het bezwaar introk.",
    )
    beslist_op = _datum("Datum van de beslissing", help_text="Leeg laten: vandaag.")
    # The revised TLV, when the objection is upheld (gegrond).
    tlv_soort = forms.ChoiceField(
        label="Soort onderwijs", required=False, choices=[("", "— kies —"), *TlvSoort.choices],
    )
    categorie = forms.ChoiceField(
        label="Bekostigingscategorie", required=False, choices=[("", "— geen (SBO of PrO) —"), *Categorie.choices],
        help_text="Alleen bij SO en VSO.",
    )
    begindatum = _datum("Begindatum", help_text="Leeg laten: de standaard van het samenwerkingsverband.")
    einddatum = _datum("Einddatum", help_text="Leeg laten: 31 juli volgens de instellingen van het samenwerkingsverband.")
    emb = forms.BooleanField(label="EMB (ernstig meervoudig beperkt)", required=False)

    HERZIEN = ("tlv_soort", "categorie", "begindatum", "einddatum", "emb")

    def herzien(self) -> dict:
        return {veld: self.cleaned_data.get(veld) for veld in self.HERZIEN}
