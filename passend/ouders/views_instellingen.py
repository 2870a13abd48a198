"""The portal settings of the samenwerkingsverband: may pupils get an own account, and from which age.

Everyone of the SWV's staff (and the beheerder) reads the page; the SWV-directeur and the beheerder change it,
through passend.ouders.services.instellingen_opslaan (the only writer). The page shows how many pupils have an own
account, as counts only: no names.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from passend.accounts.models import SWV_STAF, Rol, Roltoekenning
from passend.core.access import can
from passend.core.ui import fouten_naar_form, rol_vereist
from passend.register.models import Leerling

from . import services
from .models import Portaalinstellingen

LEZERS = (*SWV_STAF, Rol.BEHEERDER)


class PortaalinstellingenForm(forms.Form):
    leerlingaccounts = forms.BooleanField(
        label="Leerlingen kunnen een eigen account krijgen", required=False,
        help_text=Portaalinstellingen._meta.get_field("leerlingaccounts").help_text)
    minimumleeftijd = forms.IntegerField(
        label="Vanaf leeftijd (jaren)",
        help_text=f"Een leerling kan een eigen account krijgen vanaf deze leeftijd ({services.MIN_LEEFTIJD} tot en met "
                  f"{services.MAX_LEEFTIJD} jaar; meestal 16).",
        error_messages={"required": "Vul een leeftijd in.", "invalid": "Vul een leeftijd in hele jaren in."},
        widget=forms.NumberInput(attrs={"class": "kort", "min": services.MIN_LEEFTIJD, "max": services.MAX_LEEFTIJD}))


def _leerlingrollen(swv_id):
    """The LEERLING roles of this SWV's pupils with an own account."""
    users = Leerling.objects.filter(swv_id=swv_id, user__isnull=False).values("user_id")
    return Roltoekenning.objects.filter(swv_id=swv_id, rol=Rol.LEERLING, user_id__in=users)


def _actief(swv_id) -> set[int]:
    return set(_leerlingrollen(swv_id).filter(actief=True).values_list("pk", flat=True))


def tellingen(swv_id) -> dict:
    """Counts only: pupils whose own account is on (of which still waiting for the invitation to be accepted), and
    accounts switched off."""
    rollen = _leerlingrollen(swv_id)
    aan = rollen.filter(actief=True)
    return {
        "aan": aan.values("user_id").distinct().count(),
        "uitgenodigd": aan.filter(user__password__startswith="!").values("user_id").distinct().count(),
        "uit": rollen.filter(actief=False).exclude(user_id__in=aan.values("user_id")).values("user_id").distinct().count(),
    }


def _accounts(n: int) -> str:
    return f"{n} leerlingaccount{'s' if n != 1 else ''} {'zijn' if n != 1 else 'is'}"


def melding(inst: Portaalinstellingen, aangezet: int, uitgezet: int) -> str:
    if inst.leerlingaccounts:
        tekst = (f"De instellingen zijn opgeslagen. Leerlingen vanaf {inst.minimumleeftijd} jaar kunnen nu een eigen "
                 "account krijgen.")
    else:
        tekst = "De instellingen zijn opgeslagen. Leerlingen kunnen nu geen eigen account krijgen."
    if aangezet:
        tekst += f" {_accounts(aangezet)} weer aangezet."
    if uitgezet:
        tekst += f" {_accounts(uitgezet)} uitgezet: deze leerlingen kunnen Passend niet meer gebruiken."
    if not (aangezet or uitgezet):
        tekst += " Er zijn geen leerlingaccounts aan- of uitgezet."
    return tekst


@rol_vereist
@require_http_methods(["GET", "POST"])
def instellingen(request):
    rol = request.rol
    if rol.rol not in LEZERS:
        raise PermissionDenied("De instellingen van het portaal zijn voor het samenwerkingsverband.")
    inst = Portaalinstellingen.voor(rol.swv_id)
    mag_wijzigen = can(rol, "change", inst)
    if request.method == "POST" and not mag_wijzigen:
        raise PermissionDenied("Alleen de directeur van het samenwerkingsverband of de beheerder kan dit instellen.")
    if request.method == "POST":
        form = PortaalinstellingenForm(request.POST)
    else:
        form = PortaalinstellingenForm(initial={"leerlingaccounts": inst.leerlingaccounts,
                                                "minimumleeftijd": inst.minimumleeftijd})
    if request.method == "POST" and form.is_valid():
        voor = _actief(rol.swv_id)
        try:
            inst, _ = services.instellingen_opslaan(rol, **form.cleaned_data)
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            na = _actief(rol.swv_id)
            messages.success(request, melding(inst, len(na - voor), len(voor - na)))
            return redirect("ouders:instellingen")
    return render(request, "ouders/instellingen.html", {
        "form": form, "instellingen": inst, "mag_wijzigen": mag_wijzigen, "tellingen": tellingen(rol.swv_id),
    })
