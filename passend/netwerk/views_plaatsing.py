"""The pupil's needs and the placement requests of the dekkend netwerk.

- leerlingbehoeften: a pupil's stated support needs, set by SWV staff and the pupil's school (read-only for the
  others who may see the pupil).
- lijst: the worklist of placement requests the role may see (visible()), running ones first.
- nieuw: a school (zorgplicht, optionally from an Aanmelding) or SWV staff starts the search for a place.
- detail: the request, its history, and for the asking side the ranked suggestions with their reasons and a
  "Kies deze school" form per row; the chosen school (or SWV staff) confirms or declines; the asking side
  withdraws. Parents and the pupil see the status read-only, without suggestions or internal notes.

Every write goes through services.py; a refusal or wrong input shows the page again with the message and
what was typed (nothing changed: the services are atomic). Pages that show pupil data record the view.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from passend.accounts.models import BETROKKENEN, Rol
from passend.audit.services import record_view
from passend.core.access import can, get_or_refuse, school_ids, visible
from passend.core.ui import fouten_naar_form, pagineer, rol_vereist
from passend.register.models import Leerling, School
from passend.zorgplicht.models import Aanmelding

from . import gegevens, services
from .forms_plaatsing import (
    ALLE,
    LOPEND,
    LOPENDE_STATUSSEN,
    AntwoordForm,
    IntrekkenForm,
    KiesForm,
    LeerlingbehoeftenForm,
    LijstFilter,
    PlaatsingForm,
)
from .kaart import km_tekst
from .models import Behoefte, Leerlingbehoefte, Plaatsingsverzoek, Schoolprofiel
from .toegang import PLAATSERS, mag_plaatsen

PER_PAGINA = 25
Status = Plaatsingsverzoek.Status


# --------------------------------------------------------------------------------------------------------
# Pupil's needs
# --------------------------------------------------------------------------------------------------------

def _lopend_verzoek(rol, leerling):
    return (visible(rol, Plaatsingsverzoek).filter(leerling=leerling, status__in=[Status.OPEN, Status.GEKOZEN])
            .first())


@rol_vereist
@require_http_methods(["GET", "POST"])
def leerlingbehoeften(request, leerling_id: int):
    rol = request.rol
    leerling = get_or_refuse(rol, Leerling, leerling_id)
    kan_wijzigen = rol.rol not in BETROKKENEN and can(rol, "change", Leerlingbehoefte(leerling=leerling))
    huidig = list(visible(rol, Leerlingbehoefte).filter(leerling=leerling)
                  .select_related("behoefte", "vastgesteld_door"))
    form = None
    status = 200
    if kan_wijzigen:
        initial = {"behoeften": [lb.behoefte_id for lb in huidig]}
        form = LeerlingbehoeftenForm(request.POST if request.method == "POST" else None, initial=initial,
                                     behoeften=services.behoeften_van(leerling.swv_id))
    if request.method == "POST":
        if not kan_wijzigen:
            raise PermissionDenied("U kunt de behoeften van deze leerling niet wijzigen.")
        if form.is_valid():
            try:
                services.leerlingbehoeften_zetten(rol, leerling, form.cleaned_data["behoeften"],
                                                  bron=form.cleaned_data["bron"])
            except ValidationError as fout:
                fouten_naar_form(form, fout)
            else:
                aantal = len(form.cleaned_data["behoeften"])
                messages.success(request, f"De ondersteuningsbehoeften van {leerling.naam} zijn opgeslagen "
                                          f"({aantal} {'behoefte' if aantal == 1 else 'behoeften'}).")
                return redirect("netwerk:leerlingbehoeften", leerling_id=leerling.pk)
        status = 400
    else:
        record_view(leerling, "Ondersteuningsbehoeften bekeken")
    verzoeken = list(visible(rol, Plaatsingsverzoek).filter(leerling=leerling).select_related("gekozen_school")
                     .order_by("-aangemaakt"))
    lopend = next((p for p in verzoeken if p.status in (Status.OPEN, Status.GEKOZEN)), None)
    return render(request, "netwerk/leerlingbehoeften.html", {
        "leerling": leerling,
        "huidig": huidig,
        "form": form,
        "kan_wijzigen": kan_wijzigen,
        "verzoeken": verzoeken,
        "kan_plaatsen": mag_plaatsen(rol) and lopend is None,
        "lopend": lopend,
        "toon_register": rol.rol not in BETROKKENEN,
    }, status=status)


# --------------------------------------------------------------------------------------------------------
# The worklist
# --------------------------------------------------------------------------------------------------------

def _eis_lijstrol(rol) -> None:
    if not (mag_plaatsen(rol) or rol.rol in BETROKKENEN):
        raise PermissionDenied("In deze rol heeft u geen toegang tot plaatsingsverzoeken.")


@rol_vereist
@require_safe
def lijst(request):
    rol = request.rol
    _eis_lijstrol(rol)
    form = LijstFilter(request.GET or None)
    # Parents and the pupil see their own requests, running or not; the others start with the running ones.
    status = ALLE if rol.rol in BETROKKENEN else LOPEND
    qs = visible(rol, Plaatsingsverzoek)
    if form.is_bound and form.is_valid():
        status = form.cleaned_data["status"] or status
        for woord in form.cleaned_data["q"].casefold().split():
            qs = qs.filter(leerling__zoeknaam__icontains=woord)
    elif form.is_bound:
        qs = qs.none()
    if status == LOPEND:
        qs = qs.filter(status__in=LOPENDE_STATUSSEN)
    elif status != ALLE:
        qs = qs.filter(status=status)
    qs = (qs.select_related("leerling", "vanuit_school", "gekozen_school")
          .prefetch_related(Prefetch("behoeften", queryset=Behoefte.objects.order_by("volgorde", "naam")))
          .alias(_dicht=Case(When(status__in=LOPENDE_STATUSSEN, then=Value(0)), default=Value(1),
                             output_field=IntegerField()))
          .order_by("_dicht", "aangemaakt", "pk"))
    page = pagineer(request, qs, PER_PAGINA)
    vandaag = timezone.localdate()
    for p in page.object_list:
        p.dagen_open = (vandaag - timezone.localdate(p.aangemaakt)).days if p.is_open else None
    return render(request, "netwerk/plaatsingen.html", {
        "form": form,
        "page": page,
        "status": status,
        "betrokkene": rol.rol in BETROKKENEN,
        "kan_plaatsen": mag_plaatsen(rol),
    })


# --------------------------------------------------------------------------------------------------------
# Starting a request
# --------------------------------------------------------------------------------------------------------

def _aanmelding(rol, leerling, waarde):
    if not waarde:
        return None
    if not str(waarde).isdigit():
        raise Http404
    a = visible(rol, Aanmelding).filter(pk=int(waarde), leerling=leerling).select_related("school").first()
    if a is None:
        raise Http404
    return a


def _scholen_voor(rol, leerling, aanmelding):
    """(queryset for the 'vanuit school' field or None to leave it out, required?). A school user with one
    school: left out (services.py takes that school); with more: their own. SWV staff: the pupil's current
    school and the school of the registration, optional."""
    if rol.rol == Rol.SCHOOL:
        eigen = School.objects.filter(pk__in=school_ids(rol)).order_by("naam", "plaats")
        return (eigen, True) if len(eigen[:2]) > 1 else (None, False)
    ids = {s.pk for s in (gegevens.huidige_school(leerling), aanmelding.school if aanmelding else None) if s}
    return School.objects.filter(pk__in=ids).order_by("naam", "plaats"), False


@rol_vereist
@require_http_methods(["GET", "POST"])
def nieuw(request, leerling_id: int):
    rol = request.rol
    if not mag_plaatsen(rol):
        raise PermissionDenied("In deze rol kunt u geen plaats zoeken voor een leerling.")
    leerling = get_or_refuse(rol, Leerling, leerling_id)
    data = request.POST if request.method == "POST" else None
    aanmelding = _aanmelding(rol, leerling, (data or request.GET).get("aanmelding"))
    scholen, verplicht = _scholen_voor(rol, leerling, aanmelding)
    huidige = gegevens.huidige_school(leerling)
    initial = {
        "behoeften": list(leerling.behoeften.values_list("behoefte_id", flat=True)),
        "pc4": (leerling.postcode or "").replace(" ", "")[:4],
        "aanmelding": aanmelding.pk if aanmelding else None,
    }
    if scholen is not None:
        standaard = aanmelding.school if aanmelding else huidige
        if standaard is not None and any(s.pk == standaard.pk for s in scholen):
            initial["vanuit_school"] = standaard.pk
    form = PlaatsingForm(data, initial=initial, behoeften=services.behoeften_van(leerling.swv_id), scholen=scholen,
                         school_verplicht=verplicht)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                p = services.plaatsing_starten(rol, leerling, behoeften=d["behoeften"], pc4=d["pc4"],
                                               vanuit_school=d.get("vanuit_school"), aanmelding=aanmelding,
                                               toelichting=d["toelichting"])
            except ValidationError as fout:
                fouten_naar_form(form, fout)
            else:
                messages.success(request, f"Het plaatsingsverzoek voor {leerling.naam} is gestart. Hieronder staan "
                                          "de scholen die passen, de best passende eerst.")
                return redirect("netwerk:plaatsing", pk=p.pk)
        status = 400
    else:
        record_view(leerling, "Plaatsingsverzoek starten")
    return render(request, "netwerk/plaatsing_nieuw.html", {
        "form": form,
        "leerling": leerling,
        "aanmelding": aanmelding,
        "huidige_school": huidige,
        "een_school": (School.objects.filter(pk__in=school_ids(rol)).first()
                       if rol.rol == Rol.SCHOOL and scholen is None else None),
        "lopend": _lopend_verzoek(rol, leerling),
    }, status=status)


# --------------------------------------------------------------------------------------------------------
# One request
# --------------------------------------------------------------------------------------------------------

def _ophalen(rol, pk: int) -> Plaatsingsverzoek:
    p = get_or_refuse(rol, Plaatsingsverzoek, pk)
    return (Plaatsingsverzoek.objects
            .select_related("leerling", "vanuit_school", "gekozen_school", "aanmelding", "aanmelding__school",
                            "aangemaakt_door", "gekozen_door", "beantwoord_door", "swv")
            .prefetch_related(Prefetch("behoeften", queryset=Behoefte.objects.order_by("volgorde", "naam")))
            .get(pk=p.pk))


def _wie(rol, p) -> dict:
    mijn = school_ids(rol) if rol.rol == Rol.SCHOOL else set()
    staf = rol.rol in PLAATSERS and p.swv_id == rol.swv_id
    aanvrager = staf or (rol.rol == Rol.SCHOOL and p.vanuit_school_id in mijn)
    ontvanger = rol.rol == Rol.SCHOOL and p.gekozen_school_id is not None and p.gekozen_school_id in mijn
    return {
        "staf": staf,
        "aanvrager": aanvrager,
        "ontvanger": ontvanger,
        "betrokkene": rol.rol in BETROKKENEN,
        "kan_kiezen": aanvrager and p.status in (Status.OPEN, Status.AFGEWEZEN),
        "kan_antwoorden": p.status == Status.GEKOZEN and (staf or ontvanger),
        "kan_intrekken": aanvrager and p.status not in (Status.BEVESTIGD, Status.INGETROKKEN),
    }


def _suggesties(p, namen: dict) -> list:
    codes = [b.code for b in p.behoeften.all()]
    uit = gegevens.suggesties(p.swv, codes, p.pc4,
                              uitsluiten={p.vanuit_school_id} if p.vanuit_school_id else set())
    met_profiel = set(Schoolprofiel.objects.filter(swv_id=p.swv_id, school_id__in=[s.school_id for s in uit])
                      .values_list("school_id", flat=True))
    for i, s in enumerate(uit, start=1):
        s.rang = i
        s.gedekt_namen = [namen.get(c, c) for c in s.gedekt]
        s.ontbreekt_namen = [namen.get(c, c) for c in s.ontbreekt]
        s.afstand_tekst = km_tekst(s.afstand_km) if s.afstand_km is not None else "onbekend"
        s.heeft_profiel = s.school_id in met_profiel
        s.is_gekozen = s.school_id == p.gekozen_school_id
        s.wees_af = s.is_gekozen and p.status == Status.AFGEWEZEN
        # regels.rangschik marks a school full for a full offer or for a waiting list; say which.
        s.vol_label = ("wachtlijst" if s.wachtlijst and not any(r.startswith("Vol voor") for r in s.redenen)
                       else "vol" if s.vol else "")
    return uit


def _context(request, p, *, kies: KiesForm | None = None, antwoord: AntwoordForm | None = None,
             intrekken: IntrekkenForm | None = None) -> dict:
    rol = request.rol
    wie = _wie(rol, p)
    namen = {b.code: b.naam for b in p.behoeften.all()}
    toon_suggesties = wie["aanvrager"] and p.is_open
    vandaag = timezone.localdate()
    return {
        "p": p,
        **wie,
        "behoeften": list(p.behoeften.all()),
        "suggesties": _suggesties(p, namen) if toon_suggesties else None,
        "toon_suggesties": toon_suggesties,
        "kies_form": kies,
        "kies_school": (kies.data.get("school") if kies is not None else None),
        "antwoord_form": antwoord or AntwoordForm(),
        "intrekken_form": intrekken or IntrekkenForm(),
        "fout_form": next((f for f in (kies, antwoord, intrekken) if f is not None and f.errors), None),
        "leerling_link": not wie["betrokkene"] and can(rol, "view", p.leerling),
        "dagen_open": (vandaag - timezone.localdate(p.aangemaakt)).days if p.is_open else None,
    }


@rol_vereist
@require_safe
def detail(request, pk: int):
    p = _ophalen(request.rol, pk)
    record_view(p, "Plaatsingsverzoek bekeken")
    return render(request, "netwerk/plaatsing.html", _context(request, p))


def _opnieuw(request, p, status=400, **forms):
    return render(request, "netwerk/plaatsing.html", _context(request, _ophalen(request.rol, p.pk), **forms),
                  status=status)


@rol_vereist
@require_POST
def kiezen(request, pk: int):
    rol = request.rol
    p = _ophalen(rol, pk)
    if not _wie(rol, p)["aanvrager"]:
        raise PermissionDenied("U kunt voor dit verzoek geen school kiezen.")
    form = KiesForm(request.POST)
    if form.is_valid():
        school = School.objects.filter(pk=form.cleaned_data["school"]).first()
        if school is None:
            form.add_error("school", "Kies een school uit de lijst.")
        else:
            try:
                services.plaatsing_kiezen(rol, p, school, reden=form.cleaned_data["reden"])
            except ValidationError as fout:
                fouten_naar_form(form, fout)
            else:
                messages.success(request, f"{school.naam} is gekozen. De school krijgt het verzoek en bevestigt "
                                          "of wijst af.")
                return redirect("netwerk:plaatsing", pk=p.pk)
    return _opnieuw(request, p, kies=form)


@rol_vereist
@require_POST
def antwoord(request, pk: int):
    rol = request.rol
    p = _ophalen(rol, pk)
    form = AntwoordForm(request.POST)
    if form.is_valid():
        akkoord = form.cleaned_data["akkoord"] == "1"
        try:
            services.plaatsing_beantwoorden(rol, p, akkoord=akkoord, toelichting=form.cleaned_data["toelichting"])
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            school = p.gekozen_school.naam if p.gekozen_school else "De school"
            if akkoord:
                messages.success(request, f"Bevestigd: {school} plaatst {p.leerling.naam}.")
            else:
                messages.success(request, f"Afgewezen: {school} kan {p.leerling.naam} niet plaatsen. Het verzoek "
                                          "staat weer open; er kan een andere school gekozen worden.")
            return redirect("netwerk:plaatsing", pk=p.pk)
    return _opnieuw(request, p, antwoord=form)


@rol_vereist
@require_POST
def intrekken(request, pk: int):
    rol = request.rol
    p = _ophalen(rol, pk)
    if not _wie(rol, p)["aanvrager"]:
        # The chosen school declines instead (with a reason); withdrawing is for who asked.
        raise PermissionDenied("Alleen wie het verzoek deed (of het samenwerkingsverband) kan het intrekken.")
    form = IntrekkenForm(request.POST)
    if form.is_valid():
        try:
            services.plaatsing_intrekken(rol, p, toelichting=form.cleaned_data["toelichting"])
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, f"Het plaatsingsverzoek voor {p.leerling.naam} is ingetrokken.")
            return redirect("netwerk:plaatsing", pk=p.pk)
    return _opnieuw(request, p, intrekken=form)
