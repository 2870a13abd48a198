"""The decision letter (beschikking): a tagged PDF/UA with the right content, and the decision section of
the request page through which parents and school reach it."""

import datetime as dt
import re

from django.urls import reverse

from passend.toewijzing import services
from passend.toewijzing.models import Beschikking, Bezwaar, Soort, Status, Tlv
from passend.toewijzing.pdf import beschikking_html, beschikking_pdf


def tekst(html: str) -> str:
    """The visible text of the letter: tags and CSS removed, whitespace collapsed."""
    html = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_toegekende_tlv_is_een_pdf_ua_met_titel_en_taal(w):
    a = w.naar(w.aanvraag(), Status.BESLOTEN)
    tlv = Tlv.objects.get(aanvraag=a)
    brief = Beschikking.objects.get(aanvraag=a)
    inhoud = brief.bestand.read()
    assert inhoud.startswith(b"%PDF-1.7")
    # The XMP metadata declares PDF/UA-1 and carries the subject as the title.
    assert b'pdfuaid:part="1"' in inhoud
    assert brief.titel.encode() in inhoud
    assert tlv.nummer in brief.titel and a.nummer in brief.titel
    assert _in_stromen(inhoud, b"/Lang (nl)")
    assert _in_stromen(inhoud, b"/StructTreeRoot")  # tagged


def _in_stromen(pdf: bytes, zoek: bytes) -> bool:
    """Search the PDF including its compressed (Flate) streams."""
    import zlib

    if zoek in pdf:
        return True
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            if zoek in zlib.decompress(m.group(1)):
                return True
        except zlib.error:
            continue
    return False


def test_brief_bij_toegekende_tlv_noemt_leerling_tlv_en_bezwaarclausule(w):
    # Decided on Friday 14 November 2025: six weeks later is Friday 26 December (tweede kerstdag), so the
    # last day to object moves to Monday 29 December 2025 (Algemene termijnenwet).
    a = w.naar(w.aanvraag(), Status.BESLOTEN, datum=dt.date(2025, 11, 14))
    tlv = Tlv.objects.get(aanvraag=a)
    titel, html = beschikking_html(a, a.besluit, soort="besluit")
    t = tekst(html)
    assert '<html lang="nl">' in html
    assert f"<title>{titel}</title>" in html
    assert w.leerling.naam in t
    assert "geboren op 3 mei 2016" in t
    assert tlv.nummer in t
    assert "Speciaal onderwijs (SO)" in t and "Laag (categorie 1)" in t
    assert f"Geldig tot en met {tlv.einddatum.day} juli {tlv.einddatum.year}" in t
    assert "geldt in heel Nederland" in t
    assert "registreert de toelaatbaarheidsverklaring bij DUO" in t
    assert "binnen zes weken na de dag waarop dit besluit is verzonden" in t
    assert "De laatste dag om bezwaar te maken is maandag 29 december 2025" in t
    assert "Landelijke Bezwaaradviescommissie Toelaatbaarheidsverklaring (LBT)" in t
    assert "Stichting Onderwijsgeschillen in Utrecht" in t
    for eis in ("uw naam en adres", "de datum", "tegen welk besluit", "waarom u het niet eens bent", "uw handtekening"):
        assert eis in t
    # Both experts, with profession and conclusion; the motivation.
    assert "Eerste deskundige" in t and "orthopedagoog" in t
    assert "Tweede deskundige" in t and "arts" in t
    assert "positief" in t
    assert a.besluit.motivering in t
    assert "BSN" not in t and "burgerservicenummer" not in t.lower()


def test_bezwaar_gaat_naar_het_ingestelde_adres(w):
    from passend.toewijzing.models import Toewijzingsinstellingen

    Toewijzingsinstellingen.objects.create(swv=w.swv, contact_bezwaar="Postbus 12, 8000 AA Zwolle")
    a = w.naar(w.aanvraag(), Status.BESLOTEN)
    _, html = beschikking_html(a, a.besluit, soort="besluit")
    assert "Stuur uw bezwaarschrift naar het samenwerkingsverband: Postbus 12, 8000 AA Zwolle" in tekst(html)


def test_afgewezen_tlv_heeft_motivering_en_bezwaarclausule_maar_geen_tlv(w):
    a = w.naar(w.aanvraag(), Status.BESLOTEN, uitkomst="afgewezen",
               motivering="De school heeft de basisondersteuning nog niet benut; eerst een arrangement.")
    assert not Tlv.objects.filter(aanvraag=a).exists()
    titel, html = beschikking_html(a, a.besluit, soort="besluit")
    t = tekst(html)
    assert titel == f"Besluit op uw aanvraag {a.nummer}"
    assert "Wij wijzen de aanvraag af" in t
    assert "eerst een arrangement" in t
    assert "Maak dan bezwaar" in t
    assert "TLV-nummer" not in t


def test_arrangement_zonder_awb_clausule_maar_met_contact(w):
    a = w.naar(w.aanvraag(soort=Soort.ARRANGEMENT), Status.BESLOTEN, aanbieder="Ambulante dienst Zwolle")
    titel, html = beschikking_html(a, a.besluit, soort="besluit")
    t = tekst(html)
    assert "Wij kennen het arrangement toe" in t
    assert "Ambulante dienst Zwolle" in t and "Ambulante begeleiding" in t
    assert "Bent u het niet eens met dit besluit? Neem dan contact op met" in t
    assert "bezwaarschrift" not in t and "Bezwaaradviescommissie" not in t
    assert Beschikking.objects.get(aanvraag=a).bestand.read().startswith(b"%PDF")


def _bezwaar_met_lbt(w, a, advies):
    b = Bezwaar.objects.get(aanvraag=a)
    vandaag = dt.date.today()
    services.bezwaar_bijwerken(w.consulent, b, lbt_gevraagd_op=vandaag, hoorzitting_op=vandaag,
                               lbt_advies_op=vandaag, lbt_advies=advies)
    return b


def test_beslissing_op_bezwaar_gegrond_geeft_herziene_tlv_en_beroep(w):
    a = w.naar(w.aanvraag(), Status.BEZWAAR)
    oud = Tlv.objects.get(aanvraag=a)
    b = _bezwaar_met_lbt(w, a, "gegrond")
    services.transitie(w.directeur, a, "beslissen_op_bezwaar", uitkomst="gegrond",
                       motivering="De zorgvraag past bij categorie midden, zoals de LBT adviseert.",
                       herzien={"categorie": "midden"})
    nieuw = Tlv.objects.filter(aanvraag=a, ingetrokken_op__isnull=True).get()
    assert nieuw.pk != oud.pk and nieuw.categorie == "midden"
    brief = Beschikking.objects.filter(aanvraag=a).order_by("-verzonden_op", "-pk").first()
    assert nieuw.nummer in brief.titel and "Beslissing op bezwaar" in brief.titel
    assert brief.bestand.read().startswith(b"%PDF")

    _, html = beschikking_html(a, a.besluit, soort="bezwaar", bezwaar=Bezwaar.objects.get(pk=b.pk))
    t = tekst(html)
    assert "Wij verklaren het bezwaar gegrond" in t
    assert "De herziene toelaatbaarheidsverklaring" in t
    assert nieuw.nummer in t and "Midden (categorie 2)" in t
    assert f"Toelaatbaarheidsverklaring {oud.nummer}, ingetrokken per" in t
    assert "De LBT heeft op" in t and "geadviseerd: bezwaar gegrond" in t
    assert "beroep instellen bij de rechtbank" in t and "binnen zes weken" in t
    assert "Wij wijken hiermee af" not in t


def test_beslissing_op_bezwaar_ongegrond_tegen_het_lbt_advies_in(w):
    a = w.naar(w.aanvraag(), Status.BEZWAAR)
    tlv = Tlv.objects.get(aanvraag=a)
    b = _bezwaar_met_lbt(w, a, "gegrond")
    services.transitie(w.directeur, a, "beslissen_op_bezwaar", uitkomst="ongegrond",
                       motivering="De criteria voor categorie midden zijn niet vervuld.")
    b.refresh_from_db()
    _, html = beschikking_html(a, a.besluit, soort="bezwaar", bezwaar=b)
    t = tekst(html)
    assert "Wij verklaren het bezwaar ongegrond" in t
    assert f"Toelaatbaarheidsverklaring {tlv.nummer} blijft ongewijzigd geldig" in t
    assert "Wij wijken hiermee af van het advies van de LBT" in t
    assert "De criteria voor categorie midden zijn niet vervuld." in t


def test_pdf_functie_geeft_titel_en_pdf(w):
    a = w.naar(w.aanvraag(), Status.BESLOTEN)
    titel, inhoud = beschikking_pdf(a, a.besluit, soort="besluit")
    assert titel == Beschikking.objects.get(aanvraag=a).titel
    assert inhoud.startswith(b"%PDF") and b"pdfuaid" in inhoud


# ------------------------------------------------------------------------------------------------------------
# The decision section of the request page
# ------------------------------------------------------------------------------------------------------------

def test_ouder_ziet_besluit_tlv_brief_en_bezwaartermijn(w, login):
    a = w.naar(w.aanvraag(), Status.BESLOTEN)
    tlv = Tlv.objects.get(aanvraag=a)
    brief = Beschikking.objects.get(aanvraag=a)
    client = login(w.ouder)
    html = client.get(reverse("toewijzing:aanvraag", args=[a.pk])).content.decode()
    assert 'id="kop-besluit"' in html
    assert "Toegekend" in html and a.besluit.motivering in html
    assert reverse("toewijzing:tlv", args=[tlv.pk]) in html
    assert reverse("toewijzing:beschikking", args=[brief.pk]) in html
    assert "Bezwaar maken tegen dit besluit kan tot en met" in html
    # The letter itself opens for the parent.
    resp = client.get(reverse("toewijzing:beschikking", args=[brief.pk]))
    assert resp.status_code == 200
    assert b"".join(resp.streaming_content).startswith(b"%PDF")


def test_school_ziet_arrangementbesluit_zonder_bezwaartermijn(w, login):
    a = w.naar(w.aanvraag(soort=Soort.ARRANGEMENT), Status.BESLOTEN)
    html = login(w.school).get(reverse("toewijzing:aanvraag", args=[a.pk])).content.decode()
    assert 'id="kop-besluit"' in html and "Ambulante begeleiding" in html
    assert "Bezwaar maken tegen dit besluit" not in html
    assert "Brieven" in html


def test_geen_besluitsectie_voor_een_besluit_er_is(w, login):
    a = w.naar(w.aanvraag(), Status.IN_BEHANDELING)
    html = login(w.consulent).get(reverse("toewijzing:aanvraag", args=[a.pk])).content.decode()
    assert 'id="kop-besluit"' not in html
