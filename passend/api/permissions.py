from rest_framework.permissions import BasePermission

from passend.core.access import can


class ScopedPermission(BasePermission):
    """Logged in with an active role; object access decided by passend.core.access.can."""

    message = "U heeft geen toegang tot deze gegevens."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and getattr(request._request, "rol", None))

    def has_object_permission(self, request, view, obj):
        action = "view" if request.method in ("GET", "HEAD", "OPTIONS") else "change"
        return can(request._request.rol, action, obj)
