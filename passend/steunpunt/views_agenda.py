"""The activities agenda of the Steunpunt.

Public (no login): the agenda with filters (activiteiten), an activity with its registration form
(activiteit), the iCalendar file (activiteit_ics), the result of a registration (aanmelding, by the signed
token) and cancelling from the link in the e-mail (deelname_afmelden).

The Steunpunt (Rol.STEUNPUNT) also sees drafts and cancelled activities, and organises: a new or changed
activity (activiteit_nieuw, activiteit_wijzigen), publish or cancel (activiteit_status), the participants with
the waiting list and the attendance list (deelnemers, aanwezigheid), exports of the attendance list for signing
on paper (presentielijst_excel, presentielijst_pdf), cancelling a participant (deelnemer_afmelden) and sending
the reminders now (herinneringen). Every write goes through services.py.

The online link of an activity is never shown on a public page or in the public .ics: placed participants
get it in their e-mails (mails.py).
"""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone, translation
from django.utils.text import slugify
from django.views.decorators.http import require_POST, require_safe

from passend.audit.services import record
from passend.core.access import get_or_refuse, visible
from passend.core.ui import fouten_naar_form, pagineer
from passend.toewijzing import export

from . import mails, services
from .forms_agenda import AanmeldForm, ActiviteitForm, AgendaFilter, zone
from .models import Activiteit, Deelname, met_keuze
from .views_kennis import steunpunt_vereist

PER_PAGINA = 20
ONGELDIGE_LINK = ("Deze link werkt niet (meer). Misschien is hij niet volledig gekopieerd, of zijn de gegevens van "
                  "de activiteit al verwijderd. Neem contact op met het Steunpunt als u zich wilt afmelden.")


# ------------------------------------------------------------------------------------------------------------
# Helpers
# ------------------------------------------------------------------------------------------------------------

def _zichtbaar(rol):
    """The activities this visitor may see: published ones for everyone, all of them for the Steunpunt."""
    if rol is None:
        return Activiteit.objects.filter(status=Activiteit.Status.GEPUBLICEERD)
    return visible(rol, Activiteit)


def _met_tellingen(qs):
    return qs.annotate(
        n_geplaatst=Count("deelnames", filter=Q(deelnames__status=Deelname.Status.GEPLAATST), distinct=True),
        n_wachtlijst=Count("deelnames", filter=Q(deelnames__status=Deelname.Status.WACHTLIJST), distinct=True),
    )


def _tel(a: Activiteit) -> Activiteit:
    """Places taken and left on one activity (from the annotation, else counted)."""
    if not hasattr(a, "n_geplaatst"):
        a.n_geplaatst = a.deelnames.filter(status=Deelname.Status.GEPLAATST).count()
        a.n_wachtlijst = a.deelnames.filter(status=Deelname.Status.WACHTLIJST).count()
    a.vol = a.n_geplaatst >= a.capaciteit
    a.vrij = max(0, a.capaciteit - a.n_geplaatst)
    a.open = services.open_voor_aanmelding(a)
    a.voorbij = a.begin <= timezone.now()
    return a


def _activiteit_of_404(rol, pk: int) -> Activiteit:
    """An activity for the public pages. The public sees published and cancelled ones (a cancelled activity's
    page says it does not take place; links in e-mails and calendars keep working); a draft is a 404 for
    everyone but the Steunpunt."""
    if services.is_steunpunt(rol):
        return get_object_or_404(Activiteit, pk=pk)
    return get_object_or_404(
        Activiteit, pk=pk, status__in=[Activiteit.Status.GEPUBLICEERD, Activiteit.Status.GEANNULEERD])


def _begin_vandaag() -> dt.datetime:
    return dt.datetime.combine(timezone.localdate(), dt.time(), tzinfo=zone())


def wachtplaats(d: Deelname) -> int | None:
    """The position of a registration on the waiting list (1 = next to be placed), None if not waiting."""
    if d.status != Deelname.Status.WACHTLIJST:
        return None
    return d.activiteit.deelnames.filter(status=Deelname.Status.WACHTLIJST).filter(
        Q(aangemeld_op__lt=d.aangemeld_op) | Q(aangemeld_op=d.aangemeld_op, pk__lt=d.pk)).count() + 1


def _bestandsnaam(a: Activiteit, soort: str, ext: str) -> str:
    return f"{soort}-{a.pk}-{slugify(a.titel)[:60] or 'activiteit'}.{ext}"


# ------------------------------------------------------------------------------------------------------------
# Public pages
# ------------------------------------------------------------------------------------------------------------

@require_safe
def activiteiten(request):
    rol = request.rol
    steunpunt = services.is_steunpunt(rol)
    vandaag = _begin_vandaag()
    voorbij = request.GET.get("voorbij") in ("1", "on", "true")
    basis = _zichtbaar(rol)
    basis = basis.filter(begin__lt=vandaag) if voorbij else basis.filter(begin__gte=vandaag)
    maanden = [(m.year, m.month) for m in basis.datetimes("begin", "month", tzinfo=zone())]
    if voorbij:
        maanden.reverse()
    form = AgendaFilter(request.GET or None, maanden=maanden)
    f = form.waarden()
    qs = basis
    if f["soort"]:
        qs = qs.filter(soort=f["soort"])
    if f["thema"]:
        qs = qs.filter(themas__slug=f["thema"])
    if f["sector"]:
        qs = qs.filter(met_keuze("sectoren", f["sector"]))
    if f["maand"]:
        jaar, maand = (int(x) for x in f["maand"].split("-"))
        van = dt.datetime(jaar, maand, 1, tzinfo=zone())
        tot = dt.datetime(jaar + (maand == 12), maand % 12 + 1, 1, tzinfo=zone())
        qs = qs.filter(begin__gte=van, begin__lt=tot)
    qs = _met_tellingen(qs).prefetch_related("themas").order_by(*(("-begin", "-pk") if voorbij else ("begin", "pk")))
    page = pagineer(request, qs, PER_PAGINA)
    for a in page.object_list:
        _tel(a)
    gefilterd = any(f[k] for k in ("soort", "thema", "sector", "maand"))
    return render(request, "steunpunt/agenda_lijst.html", {
        "form": form, "page": page, "voorbij": voorbij, "steunpunt": steunpunt, "gefilterd": gefilterd,
    })


def activiteit(request, pk: int):
    """An activity and its registration form (GET shows, POST registers)."""
    rol = request.rol
    a = _tel(_activiteit_of_404(rol, pk))
    form = AanmeldForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                d = services.aanmelden(a, **form.cleaned_data)
            except ValidationError as fout:
                fouten_naar_form(form, fout)
            else:
                return redirect("steunpunt:aanmelding", token=services.deelname_token(d))
    elif request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    return render(request, "steunpunt/agenda_activiteit.html", {
        "a": a, "form": form, "steunpunt": services.is_steunpunt(rol), "themas": list(a.themas.all()),
        "bewaartekst": (f"Na afloop bewaren we ze nog {settings.PASSEND_STEUNPUNT_DEELNAME_DAGEN} dagen; "
                        "daarna verwijderen we ze."),
    })


@require_safe
def activiteit_ics(request, pk: int):
    a = _activiteit_of_404(request.rol, pk)
    resp = HttpResponse(mails.ical(a), content_type="text/calendar; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="{_bestandsnaam(a, "activiteit", "ics")}"'
    return resp


@require_safe
def aanmelding(request, token: str):
    """The result of a registration: placed, or on the waiting list at position N."""
    d = services.deelname_uit_token(token)
    if d is None:
        return render(request, "steunpunt/agenda_token_ongeldig.html", {"melding": ONGELDIGE_LINK}, status=404)
    return render(request, "steunpunt/agenda_aanmelding.html", {
        "d": d, "a": d.activiteit, "plaats": wachtplaats(d), "token": token,
    })


def deelname_afmelden(request, token: str):
    """Cancel a registration from the link in the e-mail: GET shows it with one button, POST cancels."""
    d = services.deelname_uit_token(token)
    if d is None:
        return render(request, "steunpunt/agenda_token_ongeldig.html", {"melding": ONGELDIGE_LINK}, status=404)
    a = d.activiteit
    voorbij = a.begin <= timezone.now()
    if request.method == "POST":
        if d.status == Deelname.Status.AFGEMELD:
            messages.info(request, "U was al afgemeld.")
        elif voorbij:
            messages.warning(request, "Deze activiteit is al begonnen of voorbij; afmelden is niet meer nodig.")
        else:
            services.afmelden(d)
            messages.success(request, f"U bent afgemeld voor ‘{a.titel}’. Bedankt voor het doorgeven.")
        return redirect("steunpunt:deelname_afmelden", token=token)
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    return render(request, "steunpunt/agenda_afmelden.html", {
        "d": d, "a": a, "plaats": wachtplaats(d), "voorbij": voorbij, "token": token,
    })


# ------------------------------------------------------------------------------------------------------------
# Organiser pages (the Steunpunt)
# ------------------------------------------------------------------------------------------------------------

def _activiteit_form(request, a: Activiteit | None):
    rol = request.rol
    if a is not None and a.status == Activiteit.Status.GEANNULEERD:
        messages.error(request, "Een geannuleerde activiteit kan niet meer worden gewijzigd.")
        return redirect("steunpunt:activiteit", pk=a.pk)
    if request.method == "POST":
        form = ActiviteitForm(request.POST, activiteit=a)
        if form.is_valid():
            try:
                opgeslagen = services.activiteit_opslaan(rol, a, **form.service_kwargs())
            except ValidationError as fout:
                if hasattr(fout, "error_dict"):
                    fout = ValidationError({ActiviteitForm.SERVICE_VELDEN.get(k, k): v
                                            for k, v in fout.error_dict.items()})
                fouten_naar_form(form, fout)
            else:
                if a is None:
                    messages.success(request, "De activiteit is opgeslagen als concept. Publiceer haar om aanmelden "
                                              "mogelijk te maken.")
                else:
                    messages.success(request, "De wijzigingen zijn opgeslagen.")
                return redirect("steunpunt:activiteit", pk=opgeslagen.pk)
    else:
        form = ActiviteitForm(activiteit=a)
    return render(request, "steunpunt/agenda_form.html", {"form": form, "a": a})


@steunpunt_vereist
def activiteit_nieuw(request):
    return _activiteit_form(request, None)


@steunpunt_vereist
def activiteit_wijzigen(request, pk: int):
    return _activiteit_form(request, get_or_refuse(request.rol, Activiteit, pk, "change"))


@steunpunt_vereist
@require_POST
def activiteit_status(request, pk: int):
    rol = request.rol
    a = get_or_refuse(rol, Activiteit, pk, "change")
    status = request.POST.get("status", "")
    try:
        services.activiteit_status(rol, a, status)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        if status == Activiteit.Status.GEPUBLICEERD:
            messages.success(request, "De activiteit staat in de agenda; iedereen kan zich nu aanmelden.")
        elif status == Activiteit.Status.GEANNULEERD:
            messages.success(request, "De activiteit is geannuleerd. Alle aangemelde deelnemers krijgen een e-mail.")
        else:
            messages.success(request, "De activiteit is weer een concept en staat niet meer in de agenda.")
    return redirect("steunpunt:activiteit", pk=a.pk)


@steunpunt_vereist
@require_safe
def deelnemers(request, pk: int):
    rol = request.rol
    a = _tel(get_or_refuse(rol, Activiteit, pk))
    alle = list(visible(rol, Deelname).filter(activiteit=a).order_by("aangemeld_op", "pk"))
    geplaatst = [d for d in alle if d.status == Deelname.Status.GEPLAATST]
    wachtlijst = [d for d in alle if d.status == Deelname.Status.WACHTLIJST]
    return render(request, "steunpunt/agenda_deelnemers.html", {
        "a": a, "geplaatst": geplaatst, "wachtlijst": wachtlijst,
        "afgemeld": sum(1 for d in alle if d.status == Deelname.Status.AFGEMELD),
        "aanwezig": sum(1 for d in geplaatst if d.aanwezig),
        "bijgehouden": any(d.aanwezig is not None for d in geplaatst),
        "herinnerd": sum(1 for d in geplaatst if d.herinnerd_op),
        "herinnering_dagen": settings.PASSEND_STEUNPUNT_HERINNERING_DAGEN,
    })


@steunpunt_vereist
@require_POST
def aanwezigheid(request, pk: int):
    rol = request.rol
    a = get_or_refuse(rol, Activiteit, pk, "change")
    try:
        ids = {int(x) for x in request.POST.getlist("aanwezig")}
    except ValueError:
        messages.error(request, "De presentielijst kon niet worden gelezen. Probeer het opnieuw.")
        return redirect("steunpunt:deelnemers", pk=a.pk)
    try:
        n = services.aanwezigheid(rol, a, ids)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        totaal = a.deelnames.filter(status=Deelname.Status.GEPLAATST).count()
        messages.success(request, f"De presentielijst is opgeslagen: {n} van {totaal} aanwezig.")
    return redirect("steunpunt:deelnemers", pk=a.pk)


@steunpunt_vereist
@require_POST
def deelnemer_afmelden(request, pk: int, deelname: int):
    rol = request.rol
    a = get_or_refuse(rol, Activiteit, pk, "change")
    d = get_object_or_404(visible(rol, Deelname), pk=deelname, activiteit=a)
    wachtend = set(a.deelnames.filter(status=Deelname.Status.WACHTLIJST).values_list("pk", flat=True))
    services.afmelden(d, door_organisator=True)
    messages.success(request, f"{d.naam} is afgemeld en krijgt daarover een e-mail.")
    doorgeschoven = a.deelnames.filter(pk__in=wachtend, status=Deelname.Status.GEPLAATST)
    for n in doorgeschoven:
        messages.info(request, f"{n.naam} is van de wachtlijst geplaatst en krijgt daarover een e-mail.")
    return redirect("steunpunt:deelnemers", pk=a.pk)


@steunpunt_vereist
@require_POST
def herinneringen(request, pk: int):
    rol = request.rol
    a = get_or_refuse(rol, Activiteit, pk, "change")
    if not services.open_voor_aanmelding(a):
        messages.error(request, "Herinneringen gaan alleen naar deelnemers van een gepubliceerde activiteit die "
                                "nog moet beginnen.")
        return redirect("steunpunt:deelnemers", pk=a.pk)
    n = services.herinneringen_versturen(activiteit=a)
    if n:
        messages.success(request, f"{n} herinnering{'en' if n != 1 else ''} verstuurd.")
    else:
        messages.info(request, "Er is geen herinnering verstuurd: alle geplaatste deelnemers hebben er al een "
                               "gekregen.")
    return redirect("steunpunt:deelnemers", pk=a.pk)


def _presentielijst(rol, pk: int):
    a = get_or_refuse(rol, Activiteit, pk)
    lijst = list(visible(rol, Deelname).filter(activiteit=a, status=Deelname.Status.GEPLAATST)
                 .order_by("naam", "pk"))
    return a, lijst


PRESENTIE_KOLOMMEN = [
    export.Kolom("Naam", 30),
    export.Kolom("Organisatie", 30),
    export.Kolom("E-mail", 32),
    export.Kolom("Aanwezig", 10),
    export.Kolom("Handtekening", 30),
]


@steunpunt_vereist
@require_safe
def presentielijst_excel(request, pk: int):
    rol = request.rol
    a, lijst = _presentielijst(rol, pk)
    wb = export.werkboek()
    export.blad(wb, "Presentielijst", PRESENTIE_KOLOMMEN,
                ([d.naam, d.organisatie, d.email, d.aanwezig, None] for d in lijst))
    record("export", a, omschrijving=f"Presentielijst (Excel) van activiteit {a.pk}, {len(lijst)} deelnemers")
    return export.als_download(wb, _bestandsnaam(a, "presentielijst", "xlsx"))


def presentielijst_html(a: Activiteit, lijst: list[Deelname]) -> str:
    with translation.override("nl"):
        return render_to_string("steunpunt/agenda_presentielijst_pdf.html", {
            "a": a, "deelnemers": lijst, "titel": f"Presentielijst {a.titel}",
            "afgedrukt": timezone.localtime(),
        })


@steunpunt_vereist
@require_safe
def presentielijst_pdf(request, pk: int):
    from passend.toewijzing.pdf import html_naar_pdf

    rol = request.rol
    a, lijst = _presentielijst(rol, pk)
    inhoud = html_naar_pdf(presentielijst_html(a, lijst))
    record("export", a, omschrijving=f"Presentielijst (PDF) van activiteit {a.pk}, {len(lijst)} deelnemers")
    resp = HttpResponse(inhoud, content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="{_bestandsnaam(a, "presentielijst", "pdf")}"'
    return resp


urlpatterns = [
    path("activiteiten/", activiteiten, name="activiteiten"),
    path("activiteiten/nieuw/", activiteit_nieuw, name="activiteit_nieuw"),
    path("activiteiten/<int:pk>/", activiteit, name="activiteit"),
    path("activiteiten/<int:pk>/agenda.ics", activiteit_ics, name="activiteit_ics"),
    path("activiteiten/<int:pk>/wijzigen/", activiteit_wijzigen, name="activiteit_wijzigen"),
    path("activiteiten/<int:pk>/status/", activiteit_status, name="activiteit_status"),
    path("activiteiten/<int:pk>/deelnemers/", deelnemers, name="deelnemers"),
    path("activiteiten/<int:pk>/deelnemers/aanwezigheid/", aanwezigheid, name="aanwezigheid"),
    path("activiteiten/<int:pk>/deelnemers/<int:deelname>/afmelden/", deelnemer_afmelden,
         name="deelnemer_afmelden"),
    path("activiteiten/<int:pk>/deelnemers/herinneringen/", herinneringen, name="herinneringen"),
    path("activiteiten/<int:pk>/presentielijst.xlsx", presentielijst_excel, name="presentielijst_excel"),
    path("activiteiten/<int:pk>/presentielijst.pdf", presentielijst_pdf, name="presentielijst_pdf"),
    path("aanmelding/<str:token>/", aanmelding, name="aanmelding"),
    path("aanmelding/<str:token>/afmelden/", deelname_afmelden, name="deelname_afmelden"),
]
