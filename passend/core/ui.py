"""Helpers shared by the server-rendered pages: role requirement and paging."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator


def rol_vereist(view):
    """Login required, and the user must act in an active role (else a 403 page)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if getattr(request, "rol", None) is None:
            raise PermissionDenied("U heeft geen actieve rol in Passend. Vraag de beheerder om een rol.")
        return view(request, *args, **kwargs)

    return wrapper


def pagineer(request, queryset, per_pagina: int):
    """The requested page of `queryset` (invalid or too high page numbers give the nearest valid page)."""
    return Paginator(queryset, per_pagina).get_page(request.GET.get("page"))
