"""The thuiszitters worklist (SWV staff, school, leerplicht) and its Excel export (SWV staff).

Every row comes through passend.core.access (visible); the duration class and the escalation badge are
regels.py's, through the shared queries in ..panels.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import DateField, DurationField, ExpressionWrapper, F, Q, Value
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_safe

from passend.accounts.models import SWV_STAF, Rol
from passend.audit.services import record
from passend.core.access import visible
from passend.core.ui import pagineer, rol_vereist
from passend.register.models import Gemeente, School
from passend.toewijzing import export

from ..forms import GESLOTEN, OPEN, LijstFilter
from ..models import Melding, Partij, Reden
from ..panels import escalatie_q, escalatie_weken, kengetallen, met_duur, met_duurklasse, met_plan
from ..services import vandaag
from ..toegang import mag_melden, mag_register_zien

PER_PAGINA = 25


def eis_registerrol(rol) -> None:
    if not mag_register_zien(rol):
        raise PermissionDenied("In deze rol heeft u geen toegang tot het thuiszittersregister.")


def _gefilterd(request):
    """(form, filtered queryset sorted longest first, status, context) for the list and the export."""
    rol = request.rol
    eis_registerrol(rol)
    peildatum = vandaag()
    weken = escalatie_weken(rol)
    zichtbaar = visible(rol, Melding)
    scholen = gemeenten = None
    if rol.rol in SWV_STAF or (rol.rol == Rol.SCHOOL and len(rol.scholen.all()[:2]) > 1) or rol.rol == Rol.LEERPLICHT:
        scholen = (visible(rol, School).filter(pk__in=zichtbaar.values("school_id"))
                   .only("pk", "naam", "plaats").order_by("naam", "plaats"))
    if rol.rol != Rol.LEERPLICHT:
        gemeenten = Gemeente.objects.filter(pk__in=zichtbaar.values("gemeente_id")).order_by("naam")
    form = LijstFilter(request.GET or None, scholen=scholen, gemeenten=gemeenten)
    qs = zichtbaar
    status = OPEN
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        status = d["status"] or OPEN
        for woord in d["q"].casefold().split():
            qs = qs.filter(Q(leerling__zoeknaam__icontains=woord) | Q(nummer__icontains=woord))
        if d["categorie"]:
            qs = qs.filter(categorie=d["categorie"])
        if d.get("school"):
            qs = qs.filter(school=d["school"])
        if d.get("gemeente"):
            qs = qs.filter(gemeente=d["gemeente"])
        if d["escalatie"]:
            status = OPEN
            qs = qs.filter(escalatie_q(peildatum, weken))
        if d["duurklasse"]:
            qs = met_duurklasse(_status(qs, status), d["duurklasse"], peildatum)
    elif form.is_bound:
        qs = qs.none()
    qs = _status(qs, status)
    duur = ExpressionWrapper(Coalesce(F("einddatum"), Value(peildatum, output_field=DateField())) - F("duur_sinds"),
                             output_field=DurationField())
    qs = (met_plan(qs, peildatum).select_related("leerling", "school", "gemeente", "casushouder")
          .alias(_duur=duur).order_by("-_duur", "startdatum", "pk"))
    return form, qs, status, {"peildatum": peildatum, "escalatie_weken": weken, "zichtbaar": zichtbaar,
                              "toon_school": scholen is not None or rol.rol == Rol.SCHOOL,
                              "toon_gemeente": gemeenten is not None}


def _status(qs, status: str):
    if status == OPEN:
        return qs.filter(einddatum__isnull=True)
    if status == GESLOTEN:
        return qs.filter(einddatum__isnull=False)
    return qs


def mag_exporteren(rol) -> bool:
    return rol is not None and rol.rol in SWV_STAF


@rol_vereist
@require_safe
def lijst(request):
    rol = request.rol
    form, qs, status, ctx = _gefilterd(request)
    page = pagineer(request, qs, PER_PAGINA)
    page.object_list = met_duur(page.object_list, ctx["peildatum"], ctx["escalatie_weken"])
    return render(request, "thuiszitters/lijst.html", {
        "form": form,
        "page": page,
        "status": status,
        "k": kengetallen(rol, ctx["zichtbaar"], ctx["peildatum"]),
        "kan_melden": mag_melden(rol),
        "kan_exporteren": mag_exporteren(rol),
        "staf": rol.rol in SWV_STAF,
        "is_school": rol.rol == Rol.SCHOOL,
        "is_leerplicht": rol.rol == Rol.LEERPLICHT,
        "export_query": request.GET.urlencode(),
        # One reverse() instead of one per row.
        "detail_url": reverse("thuiszitters:detail", args=[0]).removesuffix("0/"),
        **ctx,
    })


EXPORT_KOLOMMEN = [
    export.Kolom("Nummer", 22),
    export.Kolom("Achternaam", 20),
    export.Kolom("Tussenvoegsel", 10),
    export.Kolom("Voornaam", 16),
    export.Kolom("Geboortedatum", 13, export.DATUM),
    export.Kolom("Leeftijd", 9, export.GETAL),
    export.Kolom("Categorie", 40),
    export.Kolom("School", 28),
    export.Kolom("Gemeente", 18),
    export.Kolom("Startdatum", 12, export.DATUM),
    export.Kolom("Duur (weken)", 10, export.GETAL),
    export.Kolom("Duurklasse", 22),
    export.Kolom("Uren onderwijs per week", 10),
    export.Kolom("Redenen", 40),
    export.Kolom("Betrokken partijen", 28),
    export.Kolom("Casushouder", 22),
    export.Kolom("Open acties", 8, export.GETAL),
    export.Kolom("Acties te laat", 8, export.GETAL),
    export.Kolom("Naar thuiszittersoverleg", 12),
    export.Kolom("In thuiszittersoverleg op", 12, export.DATUM),
    export.Kolom("Status", 10),
    export.Kolom("Einddatum", 12, export.DATUM),
    export.Kolom("Uitkomst", 24),
]


def _rijen(meldingen):
    redenen, partijen = dict(Reden.choices), dict(Partij.choices)
    for m in meldingen:
        ll = m.leerling
        reden = ", ".join(redenen.get(r, r) for r in m.redenen)
        if m.reden_anders:
            reden = f"{reden} ({m.reden_anders})" if reden else m.reden_anders
        yield [
            m.nummer,
            ll.achternaam if ll else "geanonimiseerd", ll.tussenvoegsel if ll else "", ll.voornaam if ll else "",
            ll.geboortedatum if ll else None, m.leeftijd,
            m.get_categorie_display(), m.school.naam if m.school else "", m.gemeente.naam if m.gemeente else "",
            m.startdatum, m.duur_weken, m.duurklasse_label, m.uren_onderwijs, reden,
            ", ".join(partijen.get(p, p) for p in m.partijen),
            (m.casushouder.get_full_name() or m.casushouder.username) if m.casushouder else "",
            m.open_acties, m.te_late_acties, m.escalatie, m.tafel_op,
            "open" if m.is_open else "afgesloten", m.einddatum, m.get_uitkomst_display() if m.uitkomst else "",
        ]


@rol_vereist
@require_safe
def export_excel(request):
    """The filtered list as an Excel workbook (SWV staff), recorded in the audit trail as an export."""
    rol = request.rol
    if not mag_exporteren(rol):
        raise PermissionDenied("Het thuiszittersregister exporteren kan alleen het samenwerkingsverband.")
    form, qs, status, ctx = _gefilterd(request)
    meldingen = met_duur(qs, ctx["peildatum"], ctx["escalatie_weken"])
    wb = export.werkboek()
    export.blad(wb, "Thuiszitters", EXPORT_KOLOMMEN, _rijen(meldingen))
    gekozen = ", ".join(f"{k}={v}" for k, v in request.GET.items() if v and k != "page")
    record("export", None, object_type_label="thuiszitters.melding", swv_id=rol.swv_id,
           omschrijving=f"Thuiszittersregister geëxporteerd ({len(meldingen)} meldingen)"
                        f"{': ' + gekozen if gekozen else ''}"[:200])
    return export.als_download(wb, f"thuiszitters-{ctx['peildatum']:%Y%m%d}.xlsx")


urlpatterns = [
    path("", lijst, name="lijst"),
    path("export.xlsx", export_excel, name="export"),
]
