"""Request middleware for roles, session limits and two-factor authentication."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

SESSION_ROL = "passend_rol_id"
SESSION_LOGIN_AT = "passend_login_at"


class ActiveRoleMiddleware:
    """Sets `request.rol`: the Roltoekenning the user acts in (chosen in the session, else the first one)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.rol = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            rollen = list(user.actieve_rollen())
            chosen = request.session.get(SESSION_ROL)
            request.rol = next((r for r in rollen if r.pk == chosen), rollen[0] if rollen else None)
            request.rollen = rollen
        return self.get_response(request)


# What a national role (LANDELIJKE_ROLLEN: the Steunpunt) may open: its own part, the account pages, public
# reference data and jobs. Every other page belongs to one SWV's tenant and is refused with a clear 403 here,
# in one place, rather than in each view.
LANDELIJK_TOEGESTAAN = ("/steunpunt/", "/account/", "/scholen/", "/static/", "/healthz", "/taken/",
                        "/api/v1/steunpunt/", "/api/v1/schema", "/api/v1/docs", "/api/v1/redoc", "/api/v1/scholen")


class LandelijkeRolMiddleware:
    """Refuses SWV-bound pages to a role without SWV (after ActiveRoleMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.core.exceptions import PermissionDenied

        from .models import LANDELIJKE_ROLLEN

        rol = getattr(request, "rol", None)
        if (rol is not None and rol.rol in LANDELIJKE_ROLLEN and request.path != "/"
                and not request.path.startswith(LANDELIJK_TOEGESTAAN)):
            raise PermissionDenied("Deze pagina hoort bij een samenwerkingsverband. In uw landelijke rol werkt u in "
                                   "het deel van het Steunpunt.")
        return self.get_response(request)


class SessionLimitMiddleware:
    """Ends a session PASSEND_SESSION_MAX_HOURS after login, however active (idle expiry is SESSION_COOKIE_AGE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(SESSION_LOGIN_AT)
            if started is None:
                request.session[SESSION_LOGIN_AT] = time.time()
            elif time.time() - started > settings.PASSEND_SESSION_MAX_HOURS * 3600:
                logout(request)
                return redirect(f"{reverse('accounts:login')}?verlopen=1")
        return self.get_response(request)


TWO_FACTOR_EXEMPT_PREFIXES = ("/static/", "/account/", "/healthz", "/api/v1/schema", "/api/v1/docs", "/api/v1/redoc")


class TwoFactorMiddleware:
    """Staff roles must pass a TOTP check before they see anything (PASSEND_TWO_FACTOR=0 switches it off)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PASSEND_TWO_FACTOR or request.path.startswith(TWO_FACTOR_EXEMPT_PREFIXES):
            return self.get_response(request)
        user = getattr(request, "user", None)
        rol = getattr(request, "rol", None)
        if user is None or not user.is_authenticated or rol is None or not rol.vereist_tweestaps:
            return self.get_response(request)
        if user.is_verified():
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": "Tweestapsverificatie is vereist voor deze rol."}, status=403)
        return redirect(f"{reverse('accounts:tweestaps')}?next={request.path}")
