from rest_framework.permissions import BasePermission

from passend.accounts.middleware import LANDELIJK_TOEGESTAAN
from passend.accounts.models import LANDELIJKE_ROLLEN
from passend.core.access import can


class ScopedPermission(BasePermission):
    """Logged in with an active role; object access decided by passend.core.access.can."""

    message = "U heeft geen toegang tot deze gegevens."

    def has_permission(self, request, view):
        rol = getattr(request._request, "rol", None)
        if not (request.user and request.user.is_authenticated and rol):
            return False
        # A national role (the Steunpunt) uses only its own endpoints and public reference data: the rest is
        # bound to one SWV (see LandelijkeRolMiddleware for the pages).
        if rol.rol in LANDELIJKE_ROLLEN and not request.path.startswith(LANDELIJK_TOEGESTAAN):
            return False
        return True

    def has_object_permission(self, request, view, obj):
        action = "view" if request.method in ("GET", "HEAD", "OPTIONS") else "change"
        return can(request._request.rol, action, obj)
