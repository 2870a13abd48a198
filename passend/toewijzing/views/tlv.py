"""The TLV register: search and filter, the worklist of TLV's that expire soon without a renewal, one TLV's
page with its chain (vervangt / vervangen door), withdrawal by the director, and the Excel export a special
school can use to register TLV's with DUO.

Every row comes through visible(rol, Tlv); the status of a TLV (actief, verloopt binnenkort, verlopen,
ingetrokken, toekomstig) is regels.tlv_status with the SWV's verloop_signaal_maanden, translated here into
date filters for the lists.
"""

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, CharField, Exists, OuterRef, Q, Value, When
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from passend.accounts.models import SWV_STAF, Rol
from passend.audit.services import record, record_view
from passend.core.access import can, get_or_refuse, visible
from passend.core.ui import fouten_naar_form, opties, pagineer, rol_vereist
from passend.register.forms import DatumInput
from passend.register.models import Leerling, School

from .. import export, regels, services
from ..models import (
    OPEN_STATUSSEN,
    Aanvraag,
    Afsluitreden,
    Besluit,
    Categorie,
    Soort,
    Status,
    Tlv,
    TlvSoort,
    Toewijzingsinstellingen,
    vandaag,
)
from ..toegang import aanvraag_q, aanvraag_zichtbaar

PER_PAGINA = 25

STATUSSEN = [
    ("actief", "Actief"),
    ("verloopt", "Verloopt binnenkort"),
    ("verlopen", "Verlopen"),
    ("ingetrokken", "Ingetrokken"),
    ("toekomstig", "Nog niet ingegaan"),
]
# How each status shows: label text and the CSS modifier of .label (the text carries the meaning).
STATUS_KLASSE = {"actief": "goed", "verloopt": "let-op", "verlopen": "", "ingetrokken": "fout", "toekomstig": ""}


# ------------------------------------------------------------------------------------------------------------
# Queries (also used by the start panel)
# ------------------------------------------------------------------------------------------------------------

def signaal_maanden(rol) -> int:
    return Toewijzingsinstellingen.voor(rol.swv_id).verloop_signaal_maanden


def status_q(status: str, peildatum: dt.date, maanden: int) -> Q:
    """regels.tlv_status as a filter on Tlv: the TLV's that have `status` on `peildatum`."""
    ingetrokken = Q(ingetrokken_op__isnull=False, ingetrokken_op__lte=peildatum)
    if status == "ingetrokken":
        return ingetrokken
    staat = ~ingetrokken
    if status == "toekomstig":
        return staat & Q(begindatum__gt=peildatum)
    begonnen = staat & Q(begindatum__lte=peildatum)
    if status == "verlopen":
        return begonnen & Q(einddatum__lt=peildatum)
    grens = regels.plus_maanden(peildatum, maanden)
    if status == "verloopt":
        return begonnen & Q(einddatum__gte=peildatum, einddatum__lte=grens)
    if status == "actief":
        return begonnen & Q(einddatum__gt=grens)
    raise ValueError(f"Onbekende status: {status}")


VERLENGING_LOPEND = (Status.CONCEPT, *OPEN_STATUSSEN)


def met_verlenging(qs, rol):
    """Annotate `verlenging_aangevraagd`: a renewal of this TLV is under way (a concept of the school or a request
    the SWV has not decided yet) or was granted. A refused or withdrawn renewal does not count: the TLV still
    expires, so it stays on the worklist.

    And `verlenging_stand`, what the register shows: "ja" (as above), else what became of the renewals asked:
    "afgewezen", "niet behandeld" (not completed in time, Awb 4:5) or "ingetrokken", else "nee". Those outcomes
    are read only from the renewal requests `rol` may see (a school does not learn that another school's
    renewal was refused)."""
    verlengingen = Aanvraag.objects.filter(soort=Soort.VERLENGING, vorige_tlv_id=OuterRef("pk"))
    verlenging = verlengingen.filter(
        Q(status__in=VERLENGING_LOPEND) | Q(besluit__uitkomst=Besluit.Uitkomst.TOEGEKEND)
    )
    eigen = verlengingen.filter(aanvraag_q(rol))
    stand = Case(
        When(verlenging_aangevraagd=True, then=Value("ja")),
        When(Exists(eigen.filter(besluit__uitkomst=Besluit.Uitkomst.AFGEWEZEN)), then=Value("afgewezen")),
        When(Exists(eigen.filter(status=Status.AFGESLOTEN, afsluitreden=Afsluitreden.BUITEN_BEHANDELING)),
             then=Value("niet behandeld")),
        When(Exists(eigen.filter(status=Status.INGETROKKEN)), then=Value("ingetrokken")),
        default=Value("nee"), output_field=CharField(),
    )
    return qs.annotate(verlenging_aangevraagd=Exists(verlenging)).annotate(verlenging_stand=stand)


def verlopend(rol, peildatum: dt.date | None = None):
    """The worklist: TLV's that end within the SWV's signal window and have no renewal requested, soonest
    first. A school sees those of the pupils now at its school(s)."""
    peildatum = peildatum or vandaag()
    qs = met_verlenging(visible(rol, Tlv), rol).filter(status_q("verloopt", peildatum, signaal_maanden(rol)))
    qs = qs.filter(verlenging_aangevraagd=False)
    if rol.rol == Rol.SCHOOL:
        qs = qs.filter(leerling__in=visible(rol, Leerling))
    return qs.select_related("leerling", "aanvragende_school").order_by("einddatum", "leerling__achternaam", "pk")


def _met_status(tlvs, peildatum: dt.date, maanden: int):
    for t in tlvs:
        t.status = regels.tlv_status(t.begindatum, t.einddatum, t.ingetrokken_op, peildatum, maanden)
        t.status_label = dict(STATUSSEN)[t.status]
        t.status_klasse = STATUS_KLASSE[t.status]
    return tlvs


def _register(request):
    """The filtered register of this role and what the page needs to show the filters."""
    rol = request.rol
    g = request.GET
    peildatum = vandaag()
    maanden = signaal_maanden(rol)
    zichtbaar = visible(rol, Tlv)
    filters = {
        "q": g.get("q", "").strip()[:100],
        "status": g.get("status", "") if g.get("status", "") in dict(STATUSSEN) else "",
        "soort": g.get("soort", "") if g.get("soort", "") in TlvSoort.values else "",
        "categorie": g.get("categorie", "") if g.get("categorie", "") in Categorie.values else "",
        "school": g.get("school", "") if g.get("school", "").isdigit() else "",
    }
    qs = zichtbaar
    for woord in filters["q"].casefold().split():
        qs = qs.filter(Q(leerling__zoeknaam__icontains=woord) | Q(nummer__icontains=woord))
    if filters["status"]:
        qs = qs.filter(status_q(filters["status"], peildatum, maanden))
    if filters["soort"]:
        qs = qs.filter(soort=filters["soort"])
    if filters["categorie"]:
        qs = qs.filter(categorie=filters["categorie"])
    if filters["school"]:
        qs = qs.filter(aanvragende_school_id=int(filters["school"]))
    qs = met_verlenging(qs, rol).select_related("leerling", "aanvragende_school", "swv", "vervangt")
    scholen = (
        School.objects.filter(pk__in=zichtbaar.values("aanvragende_school_id")).only("pk", "naam", "plaats")
        .order_by("naam", "plaats")
    )
    # One pass for the (long) school list instead of a template loop per option (see bench/).
    school_opties = opties(
        [("", "Alle scholen"), *((s.pk, f"{s.naam} ({s.plaats})" if s.plaats else s.naam) for s in scholen)],
        filters["school"],
    )
    return qs.order_by("-afgegeven_op", "-pk"), filters, {
        "peildatum": peildatum, "maanden": maanden, "school_opties": school_opties,
    }


def _mag_exporteren(rol) -> bool:
    return rol.rol in SWV_STAF or rol.rol == Rol.SCHOOL


# ------------------------------------------------------------------------------------------------------------
# Pages
# ------------------------------------------------------------------------------------------------------------

@rol_vereist
def tlvs(request):
    qs, filters, extra = _register(request)
    page = pagineer(request, qs, PER_PAGINA)
    _met_status(page.object_list, extra["peildatum"], extra["maanden"])
    return render(request, "toewijzing/tlvs.html", {
        "page": page,
        "filters": filters,
        "statussen": STATUSSEN,
        "soorten": TlvSoort.choices,
        "categorieen": Categorie.choices,
        "export_query": request.GET.urlencode(),
        "kan_exporteren": _mag_exporteren(request.rol),
        **extra,
    })


@rol_vereist
def tlvs_verlopend(request):
    rol = request.rol
    peildatum = vandaag()
    maanden = signaal_maanden(rol)
    page = pagineer(request, verlopend(rol, peildatum), PER_PAGINA)
    for t in page.object_list:
        t.dagen = (t.einddatum - peildatum).days
    return render(request, "toewijzing/tlv_verlopend.html", {
        "page": page, "maanden": maanden, "peildatum": peildatum, "is_school": rol.rol == Rol.SCHOOL,
    })


@rol_vereist
def tlvs_export(request):
    """The filtered register as an Excel workbook, recorded in the audit trail."""
    rol = request.rol
    if not _mag_exporteren(rol):
        raise PermissionDenied("Het TLV-register exporteren kan alleen het samenwerkingsverband of een school.")
    qs, filters, extra = _register(request)
    tlvs = list(qs)
    wb = export.tlv_werkboek(tlvs, extra["peildatum"], extra["maanden"])
    gekozen = ", ".join(f"{k}={v}" for k, v in filters.items() if v)
    record("export", None, object_type_label="toewijzing.tlv",
           omschrijving=f"TLV-register geëxporteerd ({len(tlvs)} TLV's){': ' + gekozen if gekozen else ''}"[:200])
    return export.als_download(wb, f"tlv-register-{extra['peildatum']:%Y%m%d}.xlsx")


class IntrekkenForm(forms.Form):
    datum = forms.DateField(
        label="Ingetrokken per", required=False, widget=DatumInput(attrs={"class": "kort"}),
        help_text="Leeg: vandaag.",
    )
    reden = forms.CharField(
        label="Reden van de intrekking", max_length=300, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="De reden staat in het dossier; school en ouders zien haar in het verloop van de aanvraag.",
    )


def _detail(request, t: Tlv, form=None):
    rol = request.rol
    peildatum = vandaag()
    maanden = signaal_maanden(rol)
    _met_status([t], peildatum, maanden)
    vervangt = t.vervangt if t.vervangt_id and can(rol, "view", t.vervangt) else None
    vervangen_door = _met_status(
        list(visible(rol, Tlv).filter(vervangt=t).order_by("afgegeven_op", "pk")), peildatum, maanden
    )
    verlengingen = list(
        visible(rol, Aanvraag).filter(soort=Soort.VERLENGING, vorige_tlv=t).order_by("-aangemaakt", "-pk")
    )
    kan_intrekken = can(rol, "change", t) and t.ingetrokken_op is None
    if kan_intrekken and form is None:
        form = IntrekkenForm()
    return render(request, "toewijzing/tlv_detail.html", {
        "t": t,
        "vervangt": vervangt,
        "vervangen_door": vervangen_door,
        "verlengingen": verlengingen,
        "aanvraag_zichtbaar": aanvraag_zichtbaar(rol, t.aanvraag),
        "leerling_zichtbaar": can(rol, "view", t.leerling),
        "kan_intrekken": kan_intrekken,
        "form": form,
        "maanden": maanden,
    })


def _laad(rol, pk: int, action: str = "view") -> Tlv:
    t = get_or_refuse(rol, Tlv, pk, action)
    return Tlv.objects.select_related("leerling", "swv", "aanvragende_school", "aanvraag", "vervangt").get(pk=t.pk)


@rol_vereist
def tlv(request, pk: int):
    t = _laad(request.rol, pk)
    record_view(t)
    return _detail(request, t)


@rol_vereist
@require_POST
def tlv_intrekken(request, pk: int):
    rol = request.rol
    t = _laad(rol, pk, "change")
    form = IntrekkenForm(request.POST)
    if form.is_valid():
        try:
            services.tlv_intrekken(rol, t, datum=form.cleaned_data["datum"], reden=form.cleaned_data["reden"])
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, f"TLV {t.nummer} is ingetrokken.")
            return redirect("toewijzing:tlv", pk=t.pk)
    return _detail(request, t, form=form)


urlpatterns = [
    path("tlvs/", tlvs, name="tlvs"),
    path("tlvs/verlopend/", tlvs_verlopend, name="tlvs_verlopend"),
    path("tlvs/export/", tlvs_export, name="tlvs_export"),
    path("tlvs/<int:pk>/", tlv, name="tlv"),
    path("tlvs/<int:pk>/intrekken/", tlv_intrekken, name="tlv_intrekken"),
]
