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


def fouten_naar_form(form, fout) -> None:
    """A service's ValidationError shown on the form: per field where the form has that field, else on top.
    The form keeps what the user typed; the service saved nothing."""
    if hasattr(fout, "error_dict"):
        for veld, fouten in fout.error_dict.items():
            form.add_error(veld if veld in form.fields else None, fouten)
    else:
        form.add_error(None, fout)


def opties(keuzes, gekozen) -> str:
    """<option> elements for a long select list, rendered in one pass (a template loop over hundreds of
    options cost more than the page's queries; see bench/). `keuzes` are (value, label) pairs."""
    from html import escape

    from django.utils.safestring import mark_safe

    gekozen = "" if gekozen is None else str(gekozen)
    delen = []
    for v, label in keuzes:
        v = "" if v is None else str(v)
        sel = " selected" if v == gekozen else ""
        delen.append(f'<option value="{escape(v)}"{sel}>{escape(str(label))}</option>')
    return mark_safe("".join(delen))  # noqa: S308 - every value and label is escaped above


class SnelleSelect:
    """Mixin for a Select widget that renders its options with `opties` instead of one template per option."""

    def render(self, name, value, attrs=None, renderer=None):
        from django.forms.utils import flatatt
        from django.utils.html import format_html

        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        waarde = value[0] if isinstance(value, list | tuple) and value else value
        # `keuzes` may be set directly (already as (value, label) pairs): assigning `choices` normalises the
        # whole list twice, which costs more than rendering it.
        keuzes = getattr(self, "keuzes", None) or self.choices
        return format_html("<select{}>{}</select>", flatatt(final), opties(
            ((v if v is not None else "", label) for v, label in keuzes), "" if waarde is None else waarde
        ))
