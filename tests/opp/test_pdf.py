"""A PDF of any OPP version: PDF/UA-1, Dutch, with the pupil's name; opened only by who may see the OPP."""

import datetime as dt

from passend.audit.models import AuditEvent
from passend.opp import pdf, services
from tests.opp.test_pages import INHOUD, maak_opp, ouder_van

VANDAAG = dt.date.today()


def test_pdf_per_versie_is_pdf_ua_met_de_naam_van_de_leerling(w):
    o = maak_opp(w, vastgesteld_op=VANDAAG - dt.timedelta(days=3))
    v1 = o.versies.get()
    services.instemming_geven(w.ouder, v1, besluit="instemming")
    v2 = services.nieuwe_versie(w.school, o)
    services.versie_bijwerken(w.school, v2, doelen="Nieuwe doelen voor het tweede halfjaar.")

    titel, html = pdf.versie_html(v1)
    assert titel == f"Ontwikkelingsperspectief van {w.leerling.naam}, versie 1"
    assert '<html lang="nl">' in html and f"<title>{titel}</title>" in html
    assert w.leerling.naam in html and INHOUD["ondersteuning"] in html
    assert "Ik stem in met het handelingsdeel" in html  # the consent of the set version
    _, html2 = pdf.versie_html(v2)
    assert "Nieuwe doelen voor het tweede halfjaar." in html2 and "Concept: nog niet vastgesteld" in html2
    assert "Nieuwe doelen" not in html  # each version its own content

    _, inhoud = pdf.versie_pdf(v1)
    assert inhoud.startswith(b"%PDF")
    assert b"pdfuaid" in inhoud


def test_pdf_download_met_toegangscontrole_en_audit(w, login):
    o = maak_opp(w, vastgesteld_op=VANDAAG)
    v = o.versies.get()
    r = login(w.ouder).get(f"/opp/versie/{v.pk}/pdf/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF") and b"pdfuaid" in r.content
    assert AuditEvent.objects.filter(actie="view", object_type="opp.oppversie", object_id=str(v.pk),
                                     user=w.ouder.user, leerling_id=w.leerling.pk).exists()
    assert login(ouder_van(w, w.leerling_b, naam="ander")).get(f"/opp/versie/{v.pk}/pdf/").status_code == 403
    assert login(w.andere_school).get(f"/opp/versie/{v.pk}/pdf/").status_code == 403
