"""One OPP version as an accessible PDF (PDF/UA-1), made on request for any version.

`versie_html` renders the version from opp/pdf/versie.html (Dutch, `<html lang="nl">`, the title is the PDF's
title); `versie_pdf` turns it into a tagged PDF with WeasyPrint through passend.toewijzing.pdf.html_naar_pdf
(pdf_variant "pdf/ua-1", only local fonts, nothing fetched from the network, XMP metadata readable).

The PDF holds the pupil's name and birth date, never a BSN.
"""

from django.template.loader import render_to_string
from django.utils import translation

from passend.register.models import OuderKind
from passend.toewijzing.pdf import html_naar_pdf

from . import regels
from .models import Instemming, OppVersie
from .views.inhoud import inhoud  # the same fields and labels as the pages


def _naam(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def titel(v: OppVersie) -> str:
    return f"Ontwikkelingsperspectief van {v.opp.leerling.naam}, versie {v.nummer}"


def versie_context(v: OppVersie, *, instemmingen: bool = True) -> dict:
    """Everything the PDF shows, read fresh from the database. `instemmingen=False` leaves out the parents'
    consent (the pupil's own account does not see it)."""
    v = OppVersie.objects.select_related("opp__leerling", "opp__school", "opp__swv", "opp__contactpersoon",
                                         "vastgesteld_door").get(pk=v.pk)
    o = v.opp
    toon_instemmingen, instemmingen = instemmingen, []
    if toon_instemmingen and v.status == OppVersie.Status.VASTGESTELD:
        gezag = {r.ouder_id: r for r in OuderKind.objects.filter(leerling_id=o.leerling_id, heeft_gezag=True)
                 .select_related("ouder")}
        per_ouder = {i.ouder_id: i for i in Instemming.objects.filter(versie=v).select_related("ouder")}
        for ouder_id, r in gezag.items():
            instemmingen.append({"ouder": r.ouder, "i": per_ouder.pop(ouder_id, None)})
        instemmingen += [{"ouder": i.ouder, "i": i} for i in per_ouder.values()]
    return {
        "titel": titel(v),
        "v": v,
        "o": o,
        "leerling": o.leerling,
        "school": o.school,
        "swv": o.swv,
        "inhoud": inhoud(v),
        "vaststellen_uiterlijk": regels.vaststellen_uiterlijk(o.aanleiding_datum),
        "vastgesteld_door": _naam(v.vastgesteld_door),
        "contactpersoon": _naam(o.contactpersoon),
        "instemmingen": instemmingen,
        "toon_instemmingen": toon_instemmingen,
    }


def versie_html(v: OppVersie, *, instemmingen: bool = True) -> tuple[str, str]:
    """(title, the version as an HTML document)."""
    ctx = versie_context(v, instemmingen=instemmingen)
    with translation.override("nl"):
        html = render_to_string("opp/pdf/versie.html", ctx)
    return ctx["titel"], html


def versie_pdf(v: OppVersie, *, instemmingen: bool = True) -> tuple[str, bytes]:
    """(title, PDF/UA-1 bytes) of one version."""
    t, html = versie_html(v, instemmingen=instemmingen)
    return t, html_naar_pdf(html)
