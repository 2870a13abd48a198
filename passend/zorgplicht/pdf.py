"""The letter to the parents when a school extends the decision term (domain.md §1: once, at most 4 weeks,
in writing with the reason and the new deadline), as an accessible PDF (PDF/UA-1). The letter names the weeks
the school chose and the deadline they give (regels.termijn), never a fixed 4 weeks.

Plain Dutch (B1). The same approach as passend/toewijzing/pdf.py (its tagged-PDF writer is reused): the title
metadata is the letter's subject, the language is Dutch (`<html lang="nl">`), only system fonts and inline CSS,
nothing fetched from the network. The letter holds the pupil's name and birth date, never a BSN.

`verlengingsbrief_pdf` is called by services.verlengen before the aanmelding is saved: it uses only the
aanmelding it is given (with verlengd_op, verlenging_weken and verlenging_reden set), never a fresh read.
"""

from django.template.loader import render_to_string
from django.utils import translation

from passend.toewijzing.pdf import html_naar_pdf

from . import regels


def onderwerp(aanmelding) -> str:
    """The letter's subject line, also the PDF's title (no pupil name: the title is visible in file lists)."""
    return f"Verlenging van de beslistermijn voor uw aanmelding bij {aanmelding.school.naam}"


def verlengingsbrief_context(aanmelding) -> dict:
    from .services import vandaag

    leerling = aanmelding.leerling
    ouders = [r.ouder for r in leerling.ouderrelaties.select_related("ouder").order_by("-heeft_gezag", "pk")
              if r.heeft_gezag]
    return {
        "titel": onderwerp(aanmelding),
        "a": aanmelding,
        "leerling": leerling,
        "school": aanmelding.school,
        "ouders": ouders,
        "briefdatum": aanmelding.verlengd_op or vandaag(),
        "beslis_uiterlijk": regels.beslis_uiterlijk(aanmelding.ontvangen_op),
        "weken": aanmelding.verlenging_weken,
        # The right to temporary placement starts after 10 weeks, whatever the extension (regels.py).
        "tien_weken": aanmelding.ontvangen_op + regels.TIEN_WEKEN,
        "nieuwe_termijn": regels.termijn(aanmelding.ontvangen_op, True, aanmelding.verlenging_weken),
    }


def verlengingsbrief_html(aanmelding) -> str:
    with translation.override("nl"):
        return render_to_string("zorgplicht/pdf/verlengingsbrief.html", verlengingsbrief_context(aanmelding))


def verlengingsbrief_pdf(aanmelding) -> bytes:
    """The extension letter as tagged PDF/UA-1 bytes."""
    return html_naar_pdf(verlengingsbrief_html(aanmelding))
