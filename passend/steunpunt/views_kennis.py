"""The Steunpunt's front page and its knowledge base.

Public (no login): the front page, the knowledge base with full-text search and filters, an article, a document's
PDF. Only published articles exist for the public; the Steunpunt (Rol.STEUNPUNT) also sees drafts, marked as such,
through access.visible. Editors (the Steunpunt) write, publish and archive articles on the redactie pages; every
write goes through services.py.

An article's Markdown is turned into HTML and then cleaned with nh3 (an allow-list of tags and attributes):
raw HTML in the text, such as <script> or an onclick, never reaches the page."""

from functools import wraps

import markdown
import nh3
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from passend.core.access import can, get_or_refuse, visible
from passend.core.ui import fouten_naar_form, pagineer

from . import services
from .forms_kennis import ArtikelForm, KennisFilter, RedactieFilter
from .forms_nieuwsbrief import AanmeldForm
from .models import Activiteit, Artikel, Thema, met_keuze

PER_PAGINA = 25
MAX_WOORDEN = 10


def steunpunt_vereist(view):
    """Login required, and the user must act as the Steunpunt (else a 403 page)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not services.is_steunpunt(getattr(request, "rol", None)):
            raise PermissionDenied("Deze pagina is er voor de medewerkers van het Steunpunt Passend Onderwijs.")
        return view(request, *args, **kwargs)

    return wrapper


def als_html(tekst: str) -> str:
    """Markdown to safe HTML: rendered, then cleaned with nh3's allow-list (links get rel=noopener noreferrer)."""
    html = markdown.markdown(tekst or "", extensions=["extra", "sane_lists"])
    return mark_safe(nh3.clean(html))  # noqa: S308 - cleaned by nh3 just above


def _leesbaar(request):
    """The articles this visitor may read: published ones; the Steunpunt also its drafts and the archive."""
    rol = getattr(request, "rol", None)
    if rol is not None:
        return visible(rol, Artikel)
    return Artikel.objects.filter(status=Artikel.Status.GEPUBLICEERD)


def _mag_lezen(request, artikel: Artikel) -> bool:
    rol = getattr(request, "rol", None)
    if rol is None:
        return artikel.is_gepubliceerd
    return can(rol, "view", artikel)


def zoeken(qs, q: str):
    """Every word must occur in the article (title, summary or text); articles with all words in the title
    come first."""
    woorden = (q or "").casefold().split()[:MAX_WOORDEN]
    if not woorden:
        return qs
    in_titel = Q()
    for w in woorden:
        qs = qs.filter(zoektekst__contains=w)
        in_titel &= Q(titel__icontains=w)
    return qs.annotate(titel_treffer=Case(When(in_titel, then=Value(0)), default=Value(1),
                                          output_field=IntegerField())).order_by("titel_treffer", "-gepubliceerd_op",
                                                                                  "titel")


def filteren(qs, waarden: dict):
    if waarden.get("soort"):
        qs = qs.filter(soort=waarden["soort"])
    if waarden.get("thema"):
        qs = qs.filter(themas__slug=waarden["thema"])
    if waarden.get("sector"):
        qs = qs.filter(met_keuze("sectoren", waarden["sector"]))
    if waarden.get("doelgroep"):
        qs = qs.filter(met_keuze("doelgroepen", waarden["doelgroep"]))
    return zoeken(qs, waarden.get("q", ""))


def _komende_activiteiten(aantal: int):
    return Activiteit.objects.filter(status=Activiteit.Status.GEPUBLICEERD, begin__gt=timezone.now()).order_by(
        "begin")[:aantal]


# ------------------------------------------------------------------------------------------------------------
# Public pages
# ------------------------------------------------------------------------------------------------------------

@require_safe
def home(request):
    recent = (Artikel.objects.filter(status=Artikel.Status.GEPUBLICEERD).prefetch_related("themas")
              .order_by("-gepubliceerd_op", "-bijgewerkt_op", "titel")[:6])
    return render(request, "steunpunt/home.html", {
        "filter": KennisFilter(), "recent": recent, "activiteiten": _komende_activiteiten(5),
        "aanmeldform": AanmeldForm(), "themas": Thema.objects.all(),
        "redacteur": services.is_steunpunt(getattr(request, "rol", None)),
    })


@require_safe
def artikelen(request):
    form = KennisFilter(request.GET or None)
    waarden = form.waarden() if request.GET else {}
    qs = _leesbaar(request)
    redacteur = services.is_steunpunt(getattr(request, "rol", None))
    if redacteur:
        # The archive is on the redactie page; here the Steunpunt sees what the public sees, plus its drafts.
        qs = qs.exclude(status=Artikel.Status.GEARCHIVEERD)
    qs = filteren(qs.prefetch_related("themas"), waarden)
    gefilterd = any(waarden.get(k) for k in ("q", "soort", "thema", "sector", "doelgroep"))
    return render(request, "steunpunt/kennis_artikelen.html", {
        "form": form, "page": pagineer(request, qs, PER_PAGINA), "gefilterd": gefilterd,
        "q": waarden.get("q", ""), "redacteur": redacteur,
    })


@require_safe
def artikel(request, slug: str):
    a = Artikel.objects.filter(slug=slug).prefetch_related("themas").first()
    if a is None or not _mag_lezen(request, a):
        raise Http404("Dit artikel bestaat niet (meer).")
    themas = list(a.themas.all())
    gerelateerd = []
    if themas:
        gerelateerd = list(Artikel.objects.filter(status=Artikel.Status.GEPUBLICEERD, themas__in=themas)
                           .exclude(pk=a.pk).distinct().order_by("-gepubliceerd_op", "titel")[:5])
    bronnen = [{"adres": b, "link": b.startswith(("https://", "http://"))} for b in a.bron_lijst]
    return render(request, "steunpunt/kennis_artikel.html", {
        "a": a, "themas": themas, "html": als_html(a.tekst), "bronnen": bronnen, "gerelateerd": gerelateerd,
        "redacteur": services.is_steunpunt(getattr(request, "rol", None)),
    })


@require_safe
def artikel_document(request, slug: str):
    a = Artikel.objects.filter(slug=slug).first()
    if a is None or not _mag_lezen(request, a) or not a.bestand:
        raise Http404("Dit document bestaat niet (meer).")
    try:
        fh = a.bestand.open("rb")
    except FileNotFoundError:
        raise Http404("Het bestand is niet gevonden.") from None
    naam = a.bestandsnaam or f"{a.slug}.pdf"
    return FileResponse(fh, as_attachment=False, filename=naam, content_type="application/pdf")


# ------------------------------------------------------------------------------------------------------------
# Editors (the Steunpunt)
# ------------------------------------------------------------------------------------------------------------

@steunpunt_vereist
@require_safe
def redactie(request):
    form = RedactieFilter(request.GET or None)
    waarden = form.cleaned_data if request.GET and form.is_valid() else {}
    qs = visible(request.rol, Artikel).prefetch_related("themas")
    if waarden.get("status"):
        qs = qs.filter(status=waarden["status"])
    if waarden.get("soort"):
        qs = qs.filter(soort=waarden["soort"])
    qs = qs.order_by("-bijgewerkt_op", "titel")
    qs = zoeken(qs, waarden.get("q", ""))
    per_status = dict(visible(request.rol, Artikel).values_list("status").annotate(n=Count("pk")))
    tellingen = [{"code": code, "label": label, "aantal": per_status.get(code, 0)}
                 for code, label in Artikel.Status.choices]
    return render(request, "steunpunt/kennis_redactie.html", {
        "form": form, "page": pagineer(request, qs, PER_PAGINA), "tellingen": tellingen,
    })


def _artikel_form(request, a: Artikel | None):
    if request.method == "POST":
        form = ArtikelForm(request.POST, request.FILES)
        if form.is_valid():
            d = form.cleaned_data
            try:
                opgeslagen = services.artikel_opslaan(
                    request.rol, a, titel=d["titel"], soort=d["soort"], samenvatting=d["samenvatting"],
                    tekst=d["tekst"], themas=d["themas"], sectoren=d["sectoren"], doelgroepen=d["doelgroepen"],
                    bronnen=d["bronnen"], bestand=d["bestand"] or None,
                )
            except ValidationError as fout:
                fouten_naar_form(form, fout)
            else:
                wat = "opgeslagen" if a is not None else "opgeslagen als concept"
                messages.success(request, f"‘{opgeslagen.titel}’ is {wat}.")
                return redirect("steunpunt:artikel", slug=opgeslagen.slug)
    else:
        form = ArtikelForm.van(a) if a is not None else ArtikelForm()
    return render(request, "steunpunt/kennis_form.html", {"form": form, "a": a})


@steunpunt_vereist
@require_http_methods(["GET", "HEAD", "POST"])
def artikel_nieuw(request):
    return _artikel_form(request, None)


@steunpunt_vereist
@require_http_methods(["GET", "HEAD", "POST"])
def artikel_wijzigen(request, pk: int):
    return _artikel_form(request, get_or_refuse(request.rol, Artikel, pk, "change"))


STATUS_GELUKT = {
    Artikel.Status.GEPUBLICEERD: "staat nu openbaar in de kennisbank",
    Artikel.Status.GEARCHIVEERD: "is gearchiveerd en niet meer openbaar",
    Artikel.Status.CONCEPT: "is weer een concept en niet meer openbaar",
}


@steunpunt_vereist
@require_POST
def artikel_status(request, pk: int):
    a = get_or_refuse(request.rol, Artikel, pk, "change")
    status = request.POST.get("status", "")
    try:
        services.artikel_status(request.rol, a, status)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(request, f"‘{a.titel}’ {STATUS_GELUKT.get(status, 'is bijgewerkt')}.")
    return redirect("steunpunt:artikel", slug=a.slug)


urlpatterns = [
    path("", home, name="home"),
    path("kennisbank/", artikelen, name="artikelen"),
    path("kennisbank/<slug:slug>/", artikel, name="artikel"),
    path("kennisbank/<slug:slug>/document", artikel_document, name="artikel_document"),
    path("redactie/", redactie, name="redactie"),
    path("redactie/nieuw/", artikel_nieuw, name="artikel_nieuw"),
    path("redactie/<int:pk>/", artikel_wijzigen, name="artikel_wijzigen"),
    path("redactie/<int:pk>/status/", artikel_status, name="artikel_status"),
]
