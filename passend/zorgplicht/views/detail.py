"""One aanmelding: its deadlines, outcome, parents and timeline for every role that may see it, the school's
actions as forms (verlengen, toelaten, elders voorstellen, weigeren, intrekken, hulp vragen), the proposed
other school's confirmation, and the extension letter.

Each action posts to `zorgplicht:actie` (pk, naam). A wrong input or a refusal by services.py shows the page
again with that form open, its errors and everything typed; nothing is saved then (services are atomic).
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from passend.accounts.models import SWV_STAF, Rol
from passend.audit.services import record_view
from passend.core.access import can, get_or_refuse, visible
from passend.core.panels import scholen_in_regio
from passend.core.ui import fouten_naar_form, rol_vereist
from passend.register.models import OuderKind

from .. import regels, services
from ..forms import (
    BevestigenForm,
    EldersForm,
    HulpForm,
    IntrekkenForm,
    ToelatenForm,
    VerlengenForm,
    WeigerenForm,
)
from ..models import OPEN_STATUSSEN, Aanmelding, Stap, Status, Weigergrond, Zorgplichtinstellingen
from ..panels import TERMIJN_LABELS, dagen_tekst


@dataclass(frozen=True)
class Actie:
    naam: str
    titel: str
    knop: str
    door: str  # "school" (the school of aanmelding) or "andere_school" (the proposed school)


ACTIES = {a.naam: a for a in (
    Actie("verlengen", "Termijn verlengen (eenmalig, 1 tot 4 weken)", "Termijn verlengen en brief maken", "school"),
    Actie("toelaten", "Toelaten", "Leerling toelaten", "school"),
    Actie("elders", "Plaats op een andere school voorstellen", "Andere school voorstellen", "school"),
    Actie("weigeren", "Weigeren op een wettelijke grond", "Aanmelding weigeren", "school"),
    Actie("elders_intrekken", "Voorstel voor de andere school intrekken", "Voorstel intrekken", "school"),
    Actie("intrekken", "Aanmelding intrekken (ouders zien ervan af)", "Aanmelding intrekken", "school"),
    Actie("hulp", "Hulp vragen aan het samenwerkingsverband", "Hulp vragen", "school"),
    Actie("bevestigen", "Plaatsing op uw school bevestigen of afwijzen", "Antwoord vastleggen", "andere_school"),
)}


def _mijn_scholen(rol) -> set[int]:
    if rol.rol != Rol.SCHOOL:
        return set()
    return set(rol.scholen.values_list("pk", flat=True))


def laad(rol, pk: int) -> Aanmelding:
    """One aanmelding with what its page needs, or 403/404 (access checked, refusal audited)."""
    a = get_or_refuse(rol, Aanmelding, pk)
    return (Aanmelding.objects.select_related("leerling", "school", "andere_school", "swv", "hulpvraag",
                                              "andere_school_bevestigd_door").get(pk=a.pk))


def _form(naam: str, a: Aanmelding, rol, data=None):
    kwargs = {"prefix": naam, "data": data}
    if naam == "verlengen":
        return VerlengenForm(ontvangen_op=a.ontvangen_op, **kwargs)
    if naam == "toelaten":
        return ToelatenForm(initial={
            "met_extra_ondersteuning": "ja" if a.extra_ondersteuning_verwacht else "nee",
            "begindatum": a.gewenste_startdatum,
        }, **kwargs)
    if naam == "elders":
        scholen = scholen_in_regio(rol).exclude(pk=a.school_id).only("pk", "naam", "plaats", "vestigingscode")
        return EldersForm(scholen=scholen.order_by("naam", "plaats"), **kwargs)
    if naam == "weigeren":
        return WeigerenForm(**kwargs)
    if naam in ("intrekken", "elders_intrekken"):
        return IntrekkenForm(**kwargs)
    if naam == "hulp":
        return HulpForm(**kwargs)
    if naam == "bevestigen":
        return BevestigenForm(initial={"begindatum": a.gewenste_startdatum}, **kwargs)
    raise Http404


def mogelijke_acties(rol, a: Aanmelding) -> list[str]:
    """The actions this role may take now, in the order of the page."""
    if a.status not in OPEN_STATUSSEN:
        return []
    mijn = _mijn_scholen(rol)
    if a.status == Status.ELDERS_VOORGESTELD and a.andere_school_id in mijn:
        return ["bevestigen"]
    if not can(rol, "change", a):
        return []
    acties = []
    if regels.verlenging_mogelijk(a.ontvangen_op, a.verlengd_op is not None, services.vandaag()) is None:
        acties.append("verlengen")
    if a.status != Status.ELDERS_VOORGESTELD:
        acties += ["toelaten", "elders", "weigeren"]
    else:
        acties.append("elders_intrekken")
    acties.append("intrekken")
    if not a.hulpvraag_id:
        acties.append("hulp")
    return acties


def context_voor(request, a: Aanmelding, gebonden: dict | None = None) -> dict:
    rol = request.rol
    peildatum = services.vandaag()
    wd = Zorgplichtinstellingen.voor(a.swv_id).waarschuwen_dagen
    verlengd = a.verlengd_op is not None
    weken = a.verlenging_weken
    mijn = _mijn_scholen(rol)
    uiterlijk = regels.termijn(a.ontvangen_op, verlengd, weken)
    ctx = {
        "a": a,
        "staf": rol.rol in SWV_STAF,
        "is_ouder": rol.rol == Rol.OUDER,
        "is_school": a.school_id in mijn,
        "is_andere_school": a.andere_school_id is not None and a.andere_school_id in mijn,
        "kan_wijzigen": can(rol, "change", a),
        "beslis_uiterlijk": regels.beslis_uiterlijk(a.ontvangen_op),
        # After the extension: the deadline with the weeks the school chose; before it: the latest possible.
        "verlengd_uiterlijk": regels.verlengd_uiterlijk(a.ontvangen_op, weken if verlengd else
                                                        regels.MAX_VERLENGING_WEKEN),
        "verlenging_weken_tekst": services.weken_tekst(weken),
        "tijdelijk_vanaf": a.ontvangen_op + regels.TIEN_WEKEN + dt.timedelta(days=1),
        "uiterlijk": uiterlijk,
        "waarschuwen_dagen": wd,
        "stappen": list(visible(rol, Stap).filter(aanmelding=a).select_related("user")),
        "ouders": list(visible(rol, OuderKind).filter(leerling_id=a.leerling_id).select_related("ouder")
                       .order_by("-heeft_gezag", "ouder__achternaam", "pk")),
        "toon_contact": rol.rol in SWV_STAF or rol.rol == Rol.SCHOOL,
        "leerling_link": rol.rol != Rol.OUDER and can(rol, "view", a.leerling),
        "hulpvraag_zichtbaar": a.hulpvraag_id is not None and can(rol, "view", a.hulpvraag),
        "weigergronden": Weigergrond.choices,
    }
    if a.is_open:
        status = regels.termijn_status(a.ontvangen_op, verlengd, peildatum, wd, weken)
        ctx["dagen"] = regels.dagen_tot(uiterlijk, peildatum)
        ctx["dagen_tekst"] = dagen_tekst(ctx["dagen"])
        ctx["termijn_label"], ctx["termijn_klasse"] = TERMIJN_LABELS[status]
        ctx["recht_op_tijdelijke_plaatsing"] = regels.recht_op_tijdelijke_plaatsing(a.ontvangen_op, None, peildatum)
    elif a.besloten_op:
        ctx["op_tijd_besloten"] = regels.binnen_termijn(a.ontvangen_op, a.besloten_op, verlengd, weken)
    if ctx["kan_wijzigen"]:
        ctx["verlengen_niet"] = regels.verlenging_mogelijk(a.ontvangen_op, verlengd, peildatum)
    gebonden = gebonden or {}
    ctx["acties"] = [
        {"actie": ACTIES[naam], "form": gebonden.get(naam) or _form(naam, a, rol)} for naam in mogelijke_acties(rol, a)
    ]
    ctx["open_actie"] = next(iter(gebonden), "")
    return ctx


@rol_vereist
def detail(request, pk: int):
    a = laad(request.rol, pk)
    record_view(a)
    return render(request, "zorgplicht/detail.html", context_voor(request, a))


def _uitvoeren(naam: str, rol, a: Aanmelding, d: dict):
    """Call the service; returns (message, redirect url)."""
    detail_url = reverse("zorgplicht:detail", args=[a.pk])
    if naam == "verlengen":
        a = services.verlengen(rol, a, reden=d["reden"], weken=d["weken"])
        return (f"De termijn is verlengd tot {a.geldende_termijn:%d-%m-%Y} "
                f"({services.weken_tekst(a.verlenging_weken)} extra). De brief aan de ouders staat bij de "
                "termijnen; stuur of geef hem aan de ouders."), detail_url + "#kop-termijnen"
    if naam == "toelaten":
        a = services.toelaten(rol, a, met_extra_ondersteuning=d["met_extra_ondersteuning"], begindatum=d["begindatum"])
        extra = "met" if a.met_extra_ondersteuning else "zonder"
        return f"{a.leerling.naam} is toegelaten ({extra} extra ondersteuning) en ingeschreven.", detail_url
    if naam == "elders":
        a = services.elders_voorstellen(rol, a, andere_school=d["andere_school"], motivering=d["motivering"])
        return (f"{a.andere_school.naam} is voorgesteld. Die school moet de plaatsing in Passend bevestigen; tot "
                "dan blijft de zorgplicht bij uw school."), detail_url
    if naam == "weigeren":
        a = services.weigeren(rol, a, grond=d["grond"], motivering=d["motivering"])
        return f"De aanmelding is geweigerd: {a.get_weigergrond_display().lower()}.", detail_url
    if naam == "intrekken":
        services.intrekken(rol, a, reden=d["reden"])
        return "De aanmelding is ingetrokken.", detail_url
    if naam == "elders_intrekken":
        services.elders_intrekken(rol, a, reden=d["reden"])
        return "Het voorstel is ingetrokken; de aanmelding ligt weer bij uw school.", detail_url
    if naam == "hulp":
        aanvraag = services.hulp_vragen(rol, a, vraag=d["vraag"])
        return (f"De adviesvraag {aanvraag.nummer} aan het samenwerkingsverband is aangemaakt als concept. Vul hem "
                "aan en dien hem in."), reverse("toewijzing:aanvraag", args=[aanvraag.pk])
    if naam == "bevestigen":
        school = a.andere_school.naam
        a = services.elders_bevestigen(rol, a, akkoord=d["akkoord"], toelichting=d["toelichting"],
                                       begindatum=d["begindatum"])
        if d["akkoord"]:
            return f"U heeft de plaatsing bevestigd. {a.leerling.naam} is ingeschreven bij {school}.", detail_url
        return ("U heeft laten weten dat uw school de leerling niet kan plaatsen. De aanmelding ligt weer bij "
                f"{a.school.naam}."), reverse("zorgplicht:lijst")
    raise Http404


@rol_vereist
@require_POST
def actie(request, pk: int, naam: str):
    rol = request.rol
    if naam not in ACTIES:
        raise Http404
    a = laad(rol, pk)
    mijn = _mijn_scholen(rol)
    door = ACTIES[naam].door
    if (door == "school" and a.school_id not in mijn) or (door == "andere_school" and a.andere_school_id not in mijn):
        raise PermissionDenied("Alleen de school van de aanmelding kan dit doen." if door == "school" else
                               "Alleen de voorgestelde school kan deze plaatsing bevestigen.")
    form = _form(naam, a, rol, data=request.POST)
    if form.is_valid():
        try:
            melding, url = _uitvoeren(naam, rol, a, form.cleaned_data)
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, melding)
            return redirect(url)
    if naam not in mogelijke_acties(rol, a):
        # Not offered now (decided meanwhile, or a forged request): say why, on the page.
        fouten = [
            (f"{form.fields[veld].label}: " if veld in form.fields else "") + " ".join(str(e) for e in lijst)
            for veld, lijst in form.errors.items()
        ]
        messages.error(request, f"{ACTIES[naam].titel}: niet gelukt. " + " ".join(fouten))
        return redirect("zorgplicht:detail", pk=a.pk)
    return render(request, "zorgplicht/detail.html", context_voor(request, a, gebonden={naam: form}))


@rol_vereist
def brief(request, pk: int):
    a = get_or_refuse(request.rol, Aanmelding, pk)
    if not a.verlengingsbrief:
        raise Http404("Er is geen verlengingsbrief bij deze aanmelding.")
    try:
        fh = a.verlengingsbrief.open("rb")
    except FileNotFoundError:
        raise Http404("Het bestand is niet gevonden.") from None
    record_view(a, omschrijving="Verlengingsbrief geopend")
    resp = FileResponse(fh, as_attachment=False, content_type="application/pdf")
    resp["Content-Disposition"] = 'inline; filename="verlengingsbrief.pdf"'
    return resp


urlpatterns = [
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/actie/<slug:naam>/", actie, name="actie"),
    path("<int:pk>/brief/", brief, name="brief"),
]
