"""The extension letter to the parents: a tagged PDF/UA-1 in Dutch with the reason and the new deadline."""

import datetime as dt

from django.utils import dateformat, timezone, translation

from passend.zorgplicht import regels, services
from passend.zorgplicht.pdf import onderwerp, verlengingsbrief_html, verlengingsbrief_pdf
from tests.toewijzing.test_pdf import _in_stromen, tekst


def _aanmelding(w, dagen_geleden=9):
    return services.aanmelding_registreren(
        w.school, school=w.school_a, ontvangen_op=timezone.localdate() - dt.timedelta(days=dagen_geleden),
        nieuwe_leerling={"voornaam": "Noor", "achternaam": "Visser", "geboortedatum": dt.date(2020, 2, 29)},
        ouders=[{"voornaam": "Anna", "achternaam": "Visser", "relatie": "moeder", "heeft_gezag": True},
                {"voornaam": "Piet", "achternaam": "Bos", "relatie": "verzorger", "heeft_gezag": False}],
    )


def nl(datum, fmt) -> str:
    with translation.override("nl"):
        return dateformat.format(datum, fmt)


def test_brief_is_een_pdf_ua_met_titel_en_taal(w):
    a = services.verlengen(w.school, _aanmelding(w), reden="Wij wachten op het verslag van de peuterspeelzaal.")
    inhoud = a.verlengingsbrief.read()
    assert inhoud.startswith(b"%PDF-1.7")
    assert b'pdfuaid:part="1"' in inhoud
    assert onderwerp(a).encode() in inhoud
    assert _in_stromen(inhoud, b"/Lang (nl)")
    assert _in_stromen(inhoud, b"/StructTreeRoot")
    # The same letter again from the function itself.
    assert verlengingsbrief_pdf(a).startswith(b"%PDF-1.7")


def test_brief_noemt_reden_nieuwe_termijn_en_tijdelijke_plaatsing(w):
    a = services.verlengen(w.school, _aanmelding(w, 9), reden="Het onderzoek naar de taalontwikkeling loopt nog.")
    html = verlengingsbrief_html(a)
    t = tekst(html)
    assert '<html lang="nl">' in html
    assert f"<title>{onderwerp(a)}</title>" in html
    assert onderwerp(a) == "Verlenging van de beslistermijn voor uw aanmelding bij De Linde"
    assert "Het onderzoek naar de taalontwikkeling loopt nog." in t
    nieuwe_termijn = regels.verlengd_uiterlijk(a.ontvangen_op)
    assert f"uiterlijk op {nl(nieuwe_termijn, 'l j F Y')}" in t
    assert f"uiterlijk {nl(regels.beslis_uiterlijk(a.ontvangen_op), 'j F Y')}" in t
    assert f"Op {nl(a.ontvangen_op, 'j F Y')} heeft u Noor aangemeld bij onze school" in t
    assert "één keer 4 weken langer" in t
    assert "tijdelijk bij ons op school komen" in t
    # To the parents with gezag, about the pupil (born on a leap day), signed by the school. No BSN.
    assert "Aan: de ouders of verzorgers van Noor Visser" in t and "Anna Visser" in t and "Piet Bos" not in t
    assert "geboren op 29 februari 2020" in t
    assert "Met vriendelijke groet, De Linde" in t
    assert "BSN" not in t and "burgerservicenummer" not in t.lower()


def test_brief_voor_de_verlenging_is_opgeslagen_gebruikt_de_gegevens_van_het_moment(w):
    """services.verlengen calls the letter before saving: it must use the aanmelding it is given."""
    a = _aanmelding(w, 2)
    a.verlengd_op = timezone.localdate()
    a.verlenging_reden = "Reden die nog niet is opgeslagen."
    t = tekst(verlengingsbrief_html(a))
    assert "Reden die nog niet is opgeslagen." in t
    assert nl(regels.verlengd_uiterlijk(a.ontvangen_op), "l j F Y") in t
