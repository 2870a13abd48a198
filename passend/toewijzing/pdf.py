"""The decision letter (beschikking) as an accessible PDF (PDF/UA-1), made once when the SWV decides.

`beschikking_html` renders the letter from the templates in toewijzing/pdf/ (Dutch, the law as in
domain.md §2.8: the objection clause for a TLV decision, the LBT, beroep after a decision on objection);
`beschikking_pdf` turns it into a tagged PDF with WeasyPrint. The PDF's title metadata is the letter's subject
and its language is Dutch (`<html lang="nl">`). Nothing is fetched from the network: the letter uses only
system fonts (DejaVu) and inline CSS.

The letter holds the pupil's name and birth date, never a BSN (SWV's may not use it, domain.md §2.6).
"""

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

from . import regels
from .models import Adviesopdracht, Arrangement, Besluit, Bezwaar, Soort, Toewijzingsinstellingen

SOORT_BESLUIT = "besluit"
SOORT_BEZWAAR = "bezwaar"

# Short names of the school types, as they appear in running text ("een school voor ...").
ONDERWIJS = {
    "sbo": "speciaal basisonderwijs (SBO)",
    "so": "speciaal onderwijs (SO)",
    "vso": "voortgezet speciaal onderwijs (VSO)",
    "pro": "praktijkonderwijs (PrO)",
}


def _naam(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def _huidige_tlv(aanvraag):
    """The TLV this letter is about: the newest one still standing (after a revision on objection the
    new one), else the newest."""
    tlvs = aanvraag.tlvs.select_related("vervangt", "swv", "aanvragende_school").order_by("-pk")
    return tlvs.filter(ingetrokken_op__isnull=True).first() or tlvs.first()


def onderwerp(aanvraag, besluit, *, soort: str, tlv=None) -> str:
    """The letter's subject line, also the PDF's title and the Beschikking's titel."""
    if soort == SOORT_BEZWAAR:
        extra = f", toelaatbaarheidsverklaring {tlv.nummer}" if tlv is not None else ""
        return f"Beslissing op bezwaar tegen het besluit op aanvraag {aanvraag.nummer}{extra}"
    if tlv is not None and besluit.uitkomst == Besluit.Uitkomst.TOEGEKEND:
        return f"Toelaatbaarheidsverklaring {tlv.nummer}: besluit op uw aanvraag {aanvraag.nummer}"
    return f"Besluit op uw aanvraag {aanvraag.nummer}"


def beschikking_context(aanvraag, besluit, *, soort: str, bezwaar=None) -> dict:
    """Everything the letter shows, read fresh from the database."""
    if soort not in (SOORT_BESLUIT, SOORT_BEZWAAR):
        raise ValueError(f"Onbekende soort brief: {soort}")
    if soort == SOORT_BEZWAAR and bezwaar is None:
        raise ValueError("Een beslissing op bezwaar hoort bij een bezwaar.")
    # The caller may hold a Besluit read before a revision on objection: read it again.
    besluit = Besluit.objects.select_related("genomen_door").get(pk=besluit.pk)
    if bezwaar is not None:
        bezwaar = Bezwaar.objects.get(pk=bezwaar.pk)
    swv = aanvraag.swv
    inst = Toewijzingsinstellingen.voor(swv)
    toegekend = besluit.uitkomst == Besluit.Uitkomst.TOEGEKEND
    tlv = _huidige_tlv(aanvraag) if aanvraag.is_tlv and toegekend else None
    arrangement = None
    if aanvraag.soort == Soort.ARRANGEMENT and toegekend:
        arrangement = Arrangement.objects.filter(aanvraag=aanvraag).first()
    adviezen = list(
        aanvraag.adviesopdrachten.filter(status=Adviesopdracht.Status.GEGEVEN)
        .select_related("deskundige").order_by("volgorde", "gegeven_op")
    )
    for o in adviezen:
        o.naam = _naam(o.deskundige)
    titel = onderwerp(aanvraag, besluit, soort=soort, tlv=tlv)
    briefdatum = bezwaar.beslist_op if soort == SOORT_BEZWAAR and bezwaar.beslist_op else besluit.datum
    ctx = {
        "titel": titel,
        "soort": soort,
        "a": aanvraag,
        "besluit": besluit,
        "toegekend": toegekend,
        "swv": swv,
        "instellingen": inst,
        "leerling": aanvraag.leerling,
        "school": aanvraag.school,
        "tlv": tlv,
        "onderwijs": ONDERWIJS.get(tlv.soort if tlv else aanvraag.tlv_soort, ""),
        "gevraagd_onderwijs": ONDERWIJS.get(aanvraag.tlv_soort, ""),
        "arrangement": arrangement,
        "adviezen": adviezen,
        "briefdatum": briefdatum,
        "ondertekenaar": _naam(besluit.genomen_door) if soort == SOORT_BESLUIT else "",
        "consulent": _naam(aanvraag.consulent),
        "contact_bezwaar": inst.contact_bezwaar.strip(),
        "bezwaar": bezwaar,
    }
    if aanvraag.is_tlv and soort == SOORT_BESLUIT:
        ctx["bezwaartermijn_einde"] = regels.bezwaartermijn_einde(besluit.datum)
    if soort == SOORT_BEZWAAR:
        # Beroep: the same Awb term of six weeks after the day the decision on objection was sent.
        ctx["beroepstermijn_einde"] = regels.bezwaartermijn_einde(briefdatum)
        ctx["wijkt_af_van_lbt"] = bool(bezwaar.lbt_advies) and bezwaar.lbt_advies != bezwaar.uitkomst
    return ctx


def beschikking_html(aanvraag, besluit, *, soort: str, bezwaar=None) -> tuple[str, str]:
    """(subject, the letter as an HTML document)."""
    ctx = beschikking_context(aanvraag, besluit, soort=soort, bezwaar=bezwaar)
    with translation.override("nl"):
        html = render_to_string("toewijzing/pdf/beschikking.html", ctx)
    return ctx["titel"], html


def _url_fetcher():
    """Only local files and data: URIs; a letter never reaches out to the network."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"file", "data"})


def html_naar_pdf(html: str) -> bytes:
    """An HTML document as a tagged PDF/UA-1 (title from <title>, language from <html lang>)."""
    import weasyprint

    document = weasyprint.HTML(
        string=html, base_url=str(Path(__file__).resolve().parent), url_fetcher=_url_fetcher()
    )
    # pdf/ua-1 switches on tagging (pdf_tags) and PDF 1.7, and writes the pdfuaid XMP metadata.
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, finisher=_xmp_leesbaar)


def _xmp_leesbaar(document, pdf) -> None:
    """Leave the XMP metadata stream (title, language, the PDF/UA claim) uncompressed, so that tools that
    do not decompress PDF streams can still read it; the page content stays compressed."""
    import pydyf

    metadata = pdf.catalog.get("Metadata")
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream) and obj.reference == metadata:
            obj.compress = False


def beschikking_pdf(aanvraag, besluit, *, soort: str, bezwaar=None) -> tuple[str, bytes]:
    """(subject, PDF bytes) of the letter on `besluit` (soort "besluit") or on the objection `bezwaar`
    (soort "bezwaar"). Used by services._beschikking, which stores it as the Beschikking as sent."""
    titel, html = beschikking_html(aanvraag, besluit, soort=soort, bezwaar=bezwaar)
    return titel, html_naar_pdf(html)
