"""Login, logout, two-factor, the user's own account page, role switching and user management (beheer)."""

import base64
import time
from functools import wraps

import segno
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from passend.core.access import get_or_refuse, visible
from passend.core.ui import fouten_naar_form

from . import services
from .forms import LOGIN_FOUT_ID, CodeForm, GebruikerNieuwForm, GebruikerWijzigenForm, LoginForm, RolForm
from .middleware import SESSION_LOGIN_AT, SESSION_ROL
from .models import Rol, Roltoekenning, User

PAGE_SIZE = 25


def _safe_next(request, default: str | None = None) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or reverse("core:start")


# --- Login and logout -----------------------------------------------------------------------------------

class InloggenView(LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["verlopen"] = self.request.GET.get("verlopen") == "1"
        context["fout_id"] = LOGIN_FOUT_ID
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        rol = form.get_user().actieve_rollen().first()
        self.request.session[SESSION_LOGIN_AT] = time.time()
        self.request.session[SESSION_ROL] = rol.pk
        return response


class UitloggenView(LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "U bent uitgelogd.")
        return response


@require_POST
@login_required
def overal_uitloggen(request):
    services.overal_uitloggen(request.user)
    logout(request)
    messages.success(request, "U bent overal uitgelogd: alle sessies zijn beëindigd en uw API-token is ingetrokken.")
    return redirect("accounts:login")


@require_POST
@login_required
def rol_wisselen(request):
    wanted = request.POST.get("rol_id", "")
    rol = next((r for r in getattr(request, "rollen", []) if str(r.pk) == wanted.strip()), None)
    if rol is None:
        raise PermissionDenied("Deze rol is niet van u.")
    request.session[SESSION_ROL] = rol.pk
    messages.info(request, f"U werkt nu als {rol.label} bij {rol.swv}.")
    return redirect("core:start")


# --- Two-factor -----------------------------------------------------------------------------------------

def _qr_svg(url: str) -> str:
    qr = segno.make(url, error="m")
    svg = qr.svg_inline(scale=4, border=3, dark="#000", light="#fff", svgclass="qr-code",
                        title="QR-code om Passend aan uw authenticator-app toe te voegen")
    return mark_safe(svg.replace("<svg ", '<svg role="img" aria-labelledby="qr-titel" ', 1).replace(
        "<title>", '<title id="qr-titel">', 1))


def _base32(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


@never_cache
@login_required
def tweestaps(request):
    user = request.user
    bevestigd = list(TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk"))
    next_url = _safe_next(request)
    if bevestigd and user.is_verified() and request.method != "POST":
        return redirect(next_url)

    form = CodeForm(request.POST or None)
    device = None if bevestigd else services.tweestaps_apparaat(user)
    if request.method == "POST" and form.is_valid():
        kandidaten = bevestigd or [device]
        if not any(d.verify_is_allowed()[0] for d in kandidaten):
            form.add_error("code", "Te veel onjuiste codes achter elkaar. Wacht een minuut en probeer het opnieuw.")
        else:
            geldig = next((d for d in kandidaten if services.tweestaps_controleren(d, form.cleaned_data["code"])), None)
            if geldig is None:
                form.add_error("code", "Deze code klopt niet. Controleer de tijd op uw telefoon en probeer de "
                                       "nieuwste code.")
            else:
                if not bevestigd:
                    services.tweestaps_bevestigen(geldig)
                    messages.success(request, "Tweestapsverificatie is ingesteld.")
                otp_login(request, geldig)
                return redirect(next_url)

    context = {"form": form, "next": request.POST.get("next") or request.GET.get("next", ""), "instellen": not bevestigd}
    if device is not None:
        context.update(qr_svg=_qr_svg(device.config_url), geheim=_base32(device))
    return render(request, "accounts/tweestaps.html", context)


# --- The user's own account -----------------------------------------------------------------------------

def _account_pagina(request, nieuwe_sleutel: str | None = None):
    user = request.user
    context = {
        "rollen_lijst": getattr(request, "rollen", []),
        "tweestaps_ingesteld": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        "tweestaps_geverifieerd": user.is_verified(),
        "token": Token.objects.filter(user=user).first(),
        "nieuwe_sleutel": nieuwe_sleutel,
    }
    return render(request, "accounts/account.html", context)


@never_cache
@login_required
def account(request):
    return _account_pagina(request)


@never_cache
@require_POST
@login_required
def api_token_nieuw(request):
    token = services.api_token_aanmaken(request.user)
    # Shown in this response only: not in a message, not after a redirect.
    return _account_pagina(request, nieuwe_sleutel=token.key)


@require_POST
@login_required
def api_token_intrekken(request):
    if services.api_token_intrekken(request.user):
        messages.success(request, "Uw API-token is ingetrokken; systemen die het gebruikten hebben geen toegang meer.")
    return redirect("accounts:account")


# --- Beheer ---------------------------------------------------------------------------------------------

def beheerder_vereist(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        rol = getattr(request, "rol", None)
        if rol is None or rol.rol != Rol.BEHEERDER:
            raise PermissionDenied("Alleen een beheerder kan gebruikers beheren.")
        return view(request, *args, **kwargs)

    return wrapper


@beheerder_vereist
def beheer(request):
    door = request.rol
    users = visible(door, User).order_by("last_name", "first_name", "username")
    q = request.GET.get("q", "").strip()
    for woord in q.split()[:5]:
        users = users.filter(
            Q(username__icontains=woord) | Q(first_name__icontains=woord)
            | Q(last_name__icontains=woord) | Q(email__icontains=woord)
        )
    rol_filter = request.GET.get("rol", "")
    if rol_filter in Rol.values:
        users = users.filter(pk__in=visible(door, Roltoekenning).filter(rol=rol_filter).values("user_id"))
    else:
        rol_filter = ""
    users = users.prefetch_related(
        Prefetch("rollen", queryset=visible(door, Roltoekenning).order_by("rol"), to_attr="swv_rollen")
    )
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "accounts/beheer.html", {
        "page": page, "q": q, "rol_filter": rol_filter, "rol_keuzes": Rol.choices,
    })


@beheerder_vereist
def gebruiker_nieuw(request):
    door = request.rol
    form = GebruikerNieuwForm(request.POST or None, door=door)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user = services.gebruiker_aanmaken(
                door, username=d["username"], password=d["password1"], first_name=d["first_name"],
                last_name=d["last_name"], email=d["email"], **form.rol_waarden(),
            )
        except ValidationError as e:
            fouten_naar_form(form, e)
        else:
            messages.success(request, f"Gebruiker {user.username} is aangemaakt.")
            return redirect("accounts:gebruiker", pk=user.pk)
    return render(request, "accounts/gebruiker_nieuw.html", {"form": form})


def _gebruiker_pagina(request, user, *, wijzig_form=None, rol_form=None):
    door = request.rol
    context = {
        "gebruiker": user,
        "toekenningen": visible(door, Roltoekenning).filter(user=user).select_related(
            "swv", "bestuur", "gemeente").prefetch_related("scholen").order_by("-actief", "rol"),
        "tweestaps_ingesteld": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        "wijzig_form": wijzig_form or GebruikerWijzigenForm.voor(user),
        "rol_form": rol_form or RolForm(door=door),
        "is_zelf": user.pk == request.user.pk,
    }
    return render(request, "accounts/gebruiker.html", context)


@beheerder_vereist
def gebruiker(request, pk):
    user = get_or_refuse(request.rol, User, pk, "change")
    if request.method != "POST":
        return _gebruiker_pagina(request, user)
    form = GebruikerWijzigenForm.voor(user, request.POST)
    if form.is_valid():
        try:
            changed = services.gebruiker_wijzigen(request.rol, user, **form.cleaned_data)
        except ValidationError as e:
            fouten_naar_form(form, e)
        else:
            messages.success(request, "De gegevens zijn opgeslagen." if changed else "Er was niets gewijzigd.")
            return redirect("accounts:gebruiker", pk=user.pk)
    return _gebruiker_pagina(request, user, wijzig_form=form)


@require_POST
@beheerder_vereist
def gebruiker_rol_nieuw(request, pk):
    user = get_or_refuse(request.rol, User, pk, "change")
    form = RolForm(request.POST, door=request.rol)
    if form.is_valid():
        try:
            toekenning = services.rol_toekennen(request.rol, user, **form.rol_waarden())
        except ValidationError as e:
            fouten_naar_form(form, e)
        else:
            messages.success(request, f"Rol {toekenning.label} is toegekend.")
            return redirect("accounts:gebruiker", pk=user.pk)
    return _gebruiker_pagina(request, user, rol_form=form)


@require_POST
@beheerder_vereist
def gebruiker_rol_actief(request, pk, rol_pk):
    user = get_or_refuse(request.rol, User, pk, "change")
    toekenning = get_or_refuse(request.rol, Roltoekenning, rol_pk, "change")
    if toekenning.user_id != user.pk:
        raise PermissionDenied("Deze rol hoort niet bij deze gebruiker.")
    actief = request.POST.get("actief") == "1"
    try:
        services.rol_actief_zetten(request.rol, toekenning, actief)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, f"Rol {toekenning.label} is {'weer actief' if actief else 'ingetrokken'}.")
    return redirect("accounts:gebruiker", pk=user.pk)


@require_POST
@beheerder_vereist
def gebruiker_tweestaps_reset(request, pk):
    user = get_or_refuse(request.rol, User, pk, "change")
    services.tweestaps_resetten(request.rol, user)
    messages.success(request, f"Tweestapsverificatie van {user} is gereset; bij de volgende keer inloggen stelt "
                              "de gebruiker die opnieuw in.")
    return redirect("accounts:gebruiker", pk=user.pk)


@require_POST
@beheerder_vereist
def gebruiker_overal_uitloggen(request, pk):
    user = get_or_refuse(request.rol, User, pk, "change")
    services.overal_uitloggen(user, door=request.rol)
    if user.pk == request.user.pk:
        logout(request)
        messages.success(request, "U bent overal uitgelogd.")
        return redirect("accounts:login")
    messages.success(request, f"{user} is overal uitgelogd en het API-token is ingetrokken.")
    return redirect("accounts:gebruiker", pk=user.pk)
