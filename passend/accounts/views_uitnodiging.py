"""Inviting a parent to the parent portal (a button on the pupil page) and accepting the invitation (the link
in the e-mail: choose a password, then straight into the portal)."""

import time

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from passend.core.access import get_or_refuse
from passend.core.ui import fouten_naar_form, rol_vereist
from passend.register.models import Leerling, Ouder

from . import uitnodigingen
from .middleware import SESSION_LOGIN_AT, SESSION_ROL
from .models import BETROKKENEN, Rol


class WachtwoordKiezenForm(forms.Form):
    wachtwoord = forms.CharField(
        label="Kies een wachtwoord", strip=False,
        help_text="Ten minste 10 tekens. Niet alleen cijfers en niet te makkelijk te raden.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Kies een wachtwoord."},
    )
    wachtwoord2 = forms.CharField(
        label="Typ het wachtwoord nog een keer", strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Typ het wachtwoord nog een keer."},
    )

    def clean(self):
        data = super().clean()
        w1, w2 = data.get("wachtwoord"), data.get("wachtwoord2")
        if w1 and w2 and w1 != w2:
            self.add_error("wachtwoord2", "De twee wachtwoorden zijn niet gelijk. Typ ze nog een keer.")
        return data


def _terug(request, ouder) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    kind = ouder.kindrelaties.order_by("pk").first()
    return reverse("register:leerling", args=[kind.leerling_id]) if kind else reverse("core:start")


@require_POST
@rol_vereist
def ouder_uitnodigen(request, pk: int):
    rol = request.rol
    # /account/ is exempt from the two-factor middleware (login pages): check it here for staff roles.
    if settings.PASSEND_TWO_FACTOR and rol.vereist_tweestaps and not request.user.is_verified():
        raise PermissionDenied("Rond eerst de tweestapsverificatie af.")
    if not uitnodigingen.mag_uitnodigen(rol):
        raise PermissionDenied("Alleen de school of het samenwerkingsverband kan ouders uitnodigen.")
    ouder = get_or_refuse(rol, Ouder, pk)
    opnieuw = ouder.user_id is not None
    try:
        u = uitnodigingen.ouder_uitnodigen(rol, ouder, basis_url=request.build_absolute_uri("/"))
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        if u is None:  # the address already belongs to this parent's account: linked, no second account
            messages.success(request, f"{ouder} had al een account voor het ouderportaal met {ouder.email}. Het kind "
                                      "staat nu ook bij dat account; de ouder heeft een e-mail gekregen.")
            return redirect(_terug(request, ouder))
        messages.success(request, f"{'Een nieuwe uitnodiging' if opnieuw else 'De uitnodiging'} voor het ouderportaal "
                                  f"is verstuurd naar {ouder.email}. De link is 14 dagen geldig.")
    return redirect(_terug(request, ouder))


@never_cache
@sensitive_post_parameters("wachtwoord", "wachtwoord2")
@require_http_methods(["GET", "POST"])
def uitnodiging(request, token: str):
    u = uitnodigingen.geldige_uitnodiging(token)
    if u is None:
        return render(request, "accounts/uitnodiging_ongeldig.html", {"melding": uitnodigingen.ONGELDIG}, status=404)
    form = WachtwoordKiezenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = uitnodigingen.uitnodiging_accepteren(token, form.cleaned_data["wachtwoord"])
        except uitnodigingen.OngeldigeUitnodiging as e:
            return render(request, "accounts/uitnodiging_ongeldig.html", {"melding": e.message}, status=404)
        except ValidationError as e:
            fouten_naar_form(form, e)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            rol = user.actieve_rollen().filter(rol__in=BETROKKENEN).first() or user.actieve_rollen().first()
            request.session[SESSION_LOGIN_AT] = time.time()
            if rol is not None:
                request.session[SESSION_ROL] = rol.pk
            if rol is not None and rol.rol == Rol.LEERLING:
                messages.success(request, f"Welkom! Je wachtwoord is opgeslagen. Voortaan log je in met de "
                                          f"gebruikersnaam {user.get_username()} en dit wachtwoord.")
                return redirect("ouders:leerling")
            messages.success(request, f"Welkom! Uw wachtwoord is opgeslagen. Voortaan logt u in met de gebruikersnaam "
                                      f"{user.get_username()} en dit wachtwoord.")
            return redirect("ouders:overzicht")
    is_leerling = u.user.rollen.filter(rol=Rol.LEERLING, actief=True).exists()
    return render(request, "accounts/uitnodiging.html", {"form": form, "uitnodiging": u, "is_leerling": is_leerling})


class LeerlingUitnodigenForm(forms.Form):
    email = forms.EmailField(label="E-mailadres van de leerling", max_length=254,
                             error_messages={"required": "Vul het e-mailadres van de leerling in.",
                                             "invalid": "Vul een geldig e-mailadres van de leerling in."})


@require_http_methods(["GET", "POST"])
@rol_vereist
def leerling_uitnodigen(request, pk: int):
    """A small page: the pupil's e-mail address and a button. A wrong address shows the form again with what
    was typed; nothing is saved until the invitation can be sent."""
    rol = request.rol
    if settings.PASSEND_TWO_FACTOR and rol.vereist_tweestaps and not request.user.is_verified():
        raise PermissionDenied("Rond eerst de tweestapsverificatie af.")
    leerling = get_or_refuse(rol, Leerling, pk)
    if not uitnodigingen.mag_leerling_uitnodigen(rol, leerling):
        raise PermissionDenied("U kunt deze leerling (nu) geen eigen account geven. Het samenwerkingsverband moet "
                               "leerlingaccounts toestaan en de leerling moet oud genoeg zijn.")
    initial = {"email": leerling.user.email} if leerling.user_id else {}
    form = LeerlingUitnodigenForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        opnieuw = leerling.user_id is not None
        try:
            uitnodigingen.leerling_uitnodigen(rol, leerling, form.cleaned_data["email"],
                                              basis_url=request.build_absolute_uri("/"))
        except ValidationError as e:
            fouten_naar_form(form, e)
        else:
            messages.success(request, f"{'Een nieuwe uitnodiging' if opnieuw else 'De uitnodiging'} voor een eigen "
                                      f"account is verstuurd naar {form.cleaned_data['email']}. De link is 14 dagen geldig.")
            return redirect("register:leerling", leerling.pk)
    return render(request, "accounts/leerling_uitnodigen.html", {
        "form": form, "leerling": leerling, "status": uitnodigingen.leerling_status(leerling)})


urlpatterns = [
    path("ouders/<int:pk>/uitnodigen/", ouder_uitnodigen, name="ouder_uitnodigen"),
    path("leerlingen/<int:pk>/uitnodigen/", leerling_uitnodigen, name="leerling_uitnodigen"),
    path("uitnodiging/<str:token>/", uitnodiging, name="uitnodiging"),
]
