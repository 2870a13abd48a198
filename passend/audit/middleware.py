from .context import actor_for, reset_actor, set_actor


def client_ip(request) -> str | None:
    """The client's address. Behind a proxy, set PASSEND_TRUST_X_FORWARDED_FOR=1 (see README)."""
    from django.conf import settings

    if getattr(settings, "PASSEND_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    """Makes the requesting user, role and address the actor of everything written during the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_actor(actor_for(getattr(request, "user", None), getattr(request, "rol", None), client_ip(request)))
        try:
            return self.get_response(request)
        finally:
            reset_actor(token)
