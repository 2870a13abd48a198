"""Audit trail pages: the tenant's trail with filters and CSV export, and one pupil's full trail.

Read-only: there is no page that changes or deletes an audit row. Every export is itself recorded.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from passend.core.access import can, get_or_refuse, visible
from passend.core.ui import pagineer, rol_vereist
from passend.register.models import Leerling

from .models import AuditEvent
from .services import export_csv, record

PER_PAGINA = 50


def mag_audit_zien(rol) -> bool:
    """Whether this role may see audit rows of its tenant (asked of the access rules, on a sample row)."""
    return rol is not None and can(rol, "view", AuditEvent(swv_id=rol.swv_id))


def _vereis_audit(rol) -> None:
    if not mag_audit_zien(rol):
        raise PermissionDenied("U heeft in deze rol geen toegang tot de audittrail.")


class DatumInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class AuditFilterForm(forms.Form):
    gebruiker = forms.CharField(label="Gebruikersnaam (of een deel)", required=False, max_length=150)
    actie = forms.ChoiceField(label="Actie", required=False, choices=[("", "Alle acties"), *AuditEvent.Actie.choices])
    van = forms.DateField(label="Vanaf", required=False, widget=DatumInput(),
                          error_messages={"invalid": "Vul een geldige datum in."})
    tot = forms.DateField(label="Tot en met", required=False, widget=DatumInput(),
                          error_messages={"invalid": "Vul een geldige datum in."})
    leerling = forms.IntegerField(label="Leerlingnummer", required=False, min_value=1,
                                  error_messages={"invalid": "Vul een nummer in.", "min_value": "Vul een nummer in."})

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot") and data["tot"] < data["van"]:
            self.add_error("tot", "De einddatum ligt vóór de begindatum.")
        return data


def _gefilterd(request):
    form = AuditFilterForm(request.GET or None)
    qs = visible(request.rol, AuditEvent)
    if form.is_bound:
        if not form.is_valid():
            return form, qs.none()
        d = form.cleaned_data
        if d["gebruiker"]:
            qs = qs.filter(gebruikersnaam__icontains=d["gebruiker"])
        if d["actie"]:
            qs = qs.filter(actie=d["actie"])
        if d["van"]:
            qs = qs.filter(tijdstip__date__gte=d["van"])
        if d["tot"]:
            qs = qs.filter(tijdstip__date__lte=d["tot"])
        if d["leerling"]:
            qs = qs.filter(leerling_id=d["leerling"])
    return form, qs


@rol_vereist
@require_safe
def overzicht(request):
    _vereis_audit(request.rol)
    form, qs = _gefilterd(request)
    page = pagineer(request, qs, PER_PAGINA)
    return render(request, "audit/overzicht.html", {
        "form": form, "page": page, "export_query": request.GET.urlencode(),
        # One reverse() instead of one per row.
        "leerling_trail_url": reverse("audit:leerling", args=[0]).removesuffix("0/"),
    })


@rol_vereist
@require_safe
def export(request):
    _vereis_audit(request.rol)
    form, qs = _gefilterd(request)
    qs = qs.filter(tijdstip__lte=timezone.now())  # not the export row written below
    aantal = qs.count()
    record("export", None, object_type_label="audit.auditevent",
           omschrijving=f"Audittrail geëxporteerd als CSV ({aantal} regels)")
    return export_csv(qs, f"audittrail-{timezone.localdate():%Y%m%d}.csv")


@rol_vereist
@require_safe
def leerling(request, pk: int):
    _vereis_audit(request.rol)
    lln = get_or_refuse(request.rol, Leerling, pk)
    events = visible(request.rol, AuditEvent).filter(leerling_id=lln.pk)
    page = pagineer(request, events, PER_PAGINA)
    return render(request, "audit/leerling.html", {"leerling": lln, "page": page})


@rol_vereist
@require_safe
def leerling_export(request, pk: int):
    _vereis_audit(request.rol)
    lln = get_or_refuse(request.rol, Leerling, pk)
    events = visible(request.rol, AuditEvent).filter(leerling_id=lln.pk, tijdstip__lte=timezone.now())
    record("export", lln, omschrijving=f"Audittrail van de leerling geëxporteerd als CSV ({events.count()} regels)")
    return export_csv(events, f"audittrail-leerling-{lln.pk}.csv")
