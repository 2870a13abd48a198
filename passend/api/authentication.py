"""API authentication: a token per user for other systems, or the browser session. After authentication the
active role is set on the request and the audit actor is updated, so API writes are recorded like page writes.
"""

from rest_framework import authentication

from passend.audit.context import actor_for, set_actor
from passend.audit.middleware import client_ip

from .exceptions import Geweigerd


def _bind(request, user):
    rollen = list(user.actieve_rollen())
    wanted = request.META.get("HTTP_X_PASSEND_ROL")
    rol = None
    if wanted:
        # A role asked for explicitly must be one of the user's own active roles: never fall back silently.
        rol = next((r for r in rollen if str(r.pk) == wanted.strip()), None)
        if rol is None:
            raise Geweigerd(f"Rol {wanted.strip()} (header X-Passend-Rol) is geen actieve rol van deze gebruiker.")
    if rol is None:
        session_rol = getattr(request, "rol", None)
        rol = session_rol if session_rol in rollen else (rollen[0] if rollen else None)
    request._request.rol = rol
    request._request.rollen = rollen
    set_actor(actor_for(user, rol, client_ip(request._request)))


class TokenAuthentication(authentication.TokenAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            _bind(request, result[0])
        return result


class SessionAuthentication(authentication.SessionAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            _bind(request, result[0])
        return result
