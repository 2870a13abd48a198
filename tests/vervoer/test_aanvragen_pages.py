"""The leerlingenvervoer request pages: the gemeente's worklist (only its own gemeente), a parent's request through
the form, the gemeente's decision (confirm the proposal or depart with a motivering), the letter as PDF, the
read-only view of the school, and the verordening's settings."""

import datetime as dt
import re
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from passend.audit.models import AuditEvent
from passend.register.models import Gemeente, Postcodegebied
from passend.toewijzing.models import Tlv
from passend.vervoer import services
from passend.vervoer.models import Vervoersaanvraag, Vervoersinstellingen
from passend.vervoer.views_aanvragen import brief_html
from tests.factories import InschrijvingFactory

LIJST = reverse("vervoer:aanvragen")
INSTELLINGEN = reverse("vervoer:instellingen")


def detail(a) -> str:
    return reverse("vervoer:aanvraag", args=[a.pk])


def nieuw(leerling) -> str:
    return reverse("vervoer:aanvraag_nieuw", args=[leerling.pk])


def tekst(resp_of_html) -> str:
    """The visible text, tags removed and whitespace collapsed."""
    html = resp_of_html if isinstance(resp_of_html, str) else resp_of_html.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def vers(a) -> Vervoersaanvraag:
    return Vervoersaanvraag.objects.get(pk=a.pk)


def so_aanvraag(v, **kw):
    """The SO pupil Claes (13 km over the road), who cannot travel alone because of a disability: the proposal
    is aangepast vervoer. Submitted by the SO school."""
    velden = {"kan_zelfstandig_reizen": False, "beperking": True, "rolstoel": True, "max_rit_minuten": 45}
    velden.update(kw)
    return services.aanvraag_indienen(v.w.school_so, v.w.leerling_so, **velden)


def tlv_voor_so(v) -> Tlv:
    """A valid TLV for the SO pupil (SO, categorie midden), until 31 July next year."""
    vandaag = timezone.localdate()
    aanvraag = v.w.aanvraag(leerling=v.w.leerling_so, rol=v.w.school_so, school=v.w.so_school)
    return Tlv.objects.create(swv=v.w.swv, leerling=v.w.leerling_so, aanvraag=aanvraag, nummer="TLV-PO2799-0042",
                              soort="so", categorie="midden", begindatum=vandaag - dt.timedelta(days=30),
                              einddatum=dt.date(vandaag.year + 1, 7, 31), afgegeven_op=vandaag - dt.timedelta(days=30),
                              aanvragende_school=v.w.so_school)


def kampen_aanvraag(v):
    """A pupil of the same SWV and school who lives in another gemeente (Kampen)."""
    kampen = Gemeente.objects.create(naam="Kampen", sleutel="kampen")
    Postcodegebied.objects.update_or_create(pc4="8261", defaults={"lat": 52.55, "lon": 5.91, "swv_po": v.w.swv,
                                                                   "gemeente": kampen})
    leerling = InschrijvingFactory(school=v.w.so_school, leerling__swv=v.w.swv, leerling__achternaam="Kuipers",
                                   leerling__postcode="8261AB").leerling
    return services.aanvraag_indienen(v.w.consulent, leerling, kan_zelfstandig_reizen=False, beperking=True)


def test_vervoer_ziet_alleen_aanvragen_van_de_eigen_gemeente_met_het_voorstel(v, login):
    a = so_aanvraag(v)
    buiten = kampen_aanvraag(v)
    assert buiten.gemeente.naam == "Kampen"
    c = login(v.w.vervoer)
    t = tekst(c.get(LIJST))
    assert v.w.leerling_so.naam in t
    assert "Kuipers" not in t
    # The proposal, the school type, the needs of the ride and the counts.
    assert "Recht : aangepast vervoer (taxi, taxibus)" in t
    assert "SO De Brug Speciaal onderwijs" in t
    assert "rolstoel" in t and "rit hoogstens 45 min." in t
    assert "1 open (nog geen besluit)" in t
    assert "geen geldige TLV" in t
    # Another gemeente's request is refused, also by its address.
    assert c.get(detail(buiten)).status_code == 403
    assert c.get(detail(a)).status_code == 200
    # Filters: by name and by status.
    assert v.w.leerling_so.naam not in tekst(c.get(LIJST, {"status": "toegekend"}))
    assert v.w.leerling_so.naam in tekst(c.get(LIJST, {"q": v.w.leerling_so.achternaam, "vorm": "aangepast"}))
    assert v.w.leerling_so.naam not in tekst(c.get(LIJST, {"vorm": "ov"}))


def test_ouder_vraagt_vervoer_aan_voor_het_eigen_kind(v, login):
    c = login(v.w.ouder)
    # The worklist offers the request for their own child.
    lijst = c.get(LIJST)
    assert f"Leerlingenvervoer aanvragen voor {v.w.leerling.naam}" in tekst(lijst)
    resp = c.get(nieuw(v.w.leerling))
    assert resp.status_code == 200
    t = tekst(resp)
    assert "De Linde" in t and "gemeente Zwolle" in t
    assert "Kan uw kind zelf naar school reizen?" in t
    resp = c.post(nieuw(v.w.leerling), {
        "kan_zelfstandig_reizen": "ja", "beperking": "nee", "chauffeur_info": "Zit graag voorin.",
        "inkomen_boven_grens": "nee", "toelichting": "",
    }, follow=True)
    assert resp.status_code == 200
    a = Vervoersaanvraag.objects.get(leerling=v.w.leerling)
    assert resp.redirect_chain[-1][0] == detail(a)
    assert a.aangemaakt_door == v.w.ouder.user and a.inkomen_boven_grens is False and a.kan_zelfstandig_reizen
    t = tekst(resp)
    assert "Geen recht op vervoer." in t
    assert "Zit graag voorin." in t


def test_ouder_kan_niet_aanvragen_voor_een_ander_kind(v, login):
    c = login(v.w.ouder)
    assert c.get(nieuw(v.w.leerling_so)).status_code == 403
    resp = c.post(nieuw(v.w.leerling_so), {"kan_zelfstandig_reizen": "nee", "beperking": "ja"})
    assert resp.status_code == 403
    assert not Vervoersaanvraag.objects.exists()


def test_fout_in_het_formulier_houdt_de_invoer(v, login):
    c = login(v.w.ouder)
    resp = c.post(nieuw(v.w.leerling), {"kan_zelfstandig_reizen": "nee", "beperking": "nee",
                                        "max_rit_minuten": "5", "chauffeur_info": "Epilepsie: medicijn in de tas."})
    assert resp.status_code == 200
    t = tekst(resp)
    assert "Vul een ritduur van 10 tot 180 minuten in, of laat het leeg." in t
    assert "Epilepsie: medicijn in de tas." in resp.content.decode()
    assert not Vervoersaanvraag.objects.exists()
    # A second request for the same school year is refused before the form is shown.
    services.aanvraag_indienen(v.w.ouder, v.w.leerling, kan_zelfstandig_reizen=True)
    t = tekst(c.get(nieuw(v.w.leerling)))
    assert "al leerlingenvervoer aangevraagd" in t and "Aanvraag versturen" not in t


def test_vervoer_neemt_het_voorstel_over_en_de_brief_komt_als_pdf(v, login):
    a = so_aanvraag(v)
    c = login(v.w.vervoer)
    resp = c.post(detail(a), {"actie": "bevestigen"})
    assert resp.status_code == 302
    a = vers(a)
    assert a.status == "toegekend" and a.vorm == "aangepast" and a.besloten_door == v.w.vervoer.user
    t = tekst(c.get(detail(a)))
    assert "Besluit van de gemeente" in t and "Brief met het besluit (PDF)" in t
    assert "Voorstel overnemen" not in t
    # A second click changes nothing and says so.
    resp = c.post(detail(a), {"actie": "afwijken", "afwijken-besluit": "afwijzen", "afwijken-motivering": "x"},
                  follow=True)
    assert "Over deze aanvraag is al besloten (toegekend)." in tekst(resp)
    assert vers(a).status == "toegekend"
    # The letter: a PDF, recorded as an export.
    resp = c.get(reverse("vervoer:brief", args=[a.pk]))
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    assert resp.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(actie="export", leerling_id=a.leerling_id, object_id=str(a.pk)).exists()
    # Its content: from the gemeente to the parents, the decision, its reasons and the objection clause; no BSN.
    brief = tekst(brief_html(a))
    assert "Gemeente Zwolle" in brief and "Aan: de ouders of verzorgers van " + v.w.leerling_so.naam in brief
    assert "Wij kennen leerlingenvervoer toe." in brief and "aangepast vervoer (taxi, taxibus)" in brief
    assert "U betaalt geen eigen bijdrage." in brief
    assert "geen afstandsgrens" in brief  # a reason of the proposal
    assert "binnen zes weken" in brief and "Algemene wet bestuursrecht" in brief
    assert "BSN" not in brief and "burgerservicenummer" not in brief.lower()
    # SWV staff read it too; the school does not.
    assert login(v.w.consulent).get(reverse("vervoer:brief", args=[a.pk])).status_code == 200
    assert login(v.w.school_so).get(reverse("vervoer:brief", args=[a.pk])).status_code == 403


def test_de_tlv_uit_het_register_alleen_soort_categorie_en_einddatum(v, login):
    tlv = tlv_voor_so(v)
    einde = tlv.einddatum.strftime("%d-%m-%Y")
    # The school asks: the form says the TLV is known and need not be sent again.
    t = tekst(login(v.w.school_so).get(nieuw(v.w.leerling_so)))
    assert "Speciaal onderwijs (SO), midden (categorie 2)" in t
    assert "U hoeft de TLV niet opnieuw te sturen." in t
    a = so_aanvraag(v)
    c = login(v.w.vervoer)
    for t in (tekst(c.get(LIJST)), tekst(c.get(detail(a)))):
        assert "Speciaal onderwijs (SO), midden (categorie 2)" in t
        assert "geldig tot en met" in t
        assert tlv.nummer not in t
    assert f"geldig tot en met {einde}" in tekst(c.get(LIJST))


def test_brief_pas_na_een_besluit(v, login):
    a = so_aanvraag(v)
    assert login(v.w.vervoer).get(reverse("vervoer:brief", args=[a.pk])).status_code == 404


def test_afwijken_zonder_motivering_houdt_het_formulier_en_verandert_niets(v, login):
    a = so_aanvraag(v)
    c = login(v.w.vervoer)
    resp = c.post(detail(a), {"actie": "afwijken", "afwijken-besluit": "toekennen", "afwijken-vorm": "ov",
                              "afwijken-eigen_bijdrage": "1.250,50", "afwijken-motivering": ""})
    assert resp.status_code == 200
    assert "Het besluit wijkt af van het voorstel: geef de reden." in tekst(resp)
    assert 'value="1.250,50"' in resp.content.decode()
    assert vers(a).status == "ingediend" and vers(a).vorm == ""
    # With a motivering the departure is saved, with the amount in Dutch notation.
    resp = c.post(detail(a), {"actie": "afwijken", "afwijken-besluit": "toekennen", "afwijken-vorm": "ov",
                              "afwijken-eigen_bijdrage": "1.250,50",
                              "afwijken-motivering": "Er rijdt een directe bus; de ouders kiezen daarvoor."})
    assert resp.status_code == 302
    a = vers(a)
    assert a.status == "toegekend" and a.vorm == "ov" and a.eigen_bijdrage == Decimal("1250.50")
    brief = tekst(brief_html(a))
    assert "€ 1.250,50" in brief and "Er rijdt een directe bus" in brief and "wijkt af" in brief


def test_voorstel_opnieuw_berekenen_na_een_andere_instelling(v, login):
    a = services.aanvraag_indienen(v.w.school, v.w.leerling, kan_zelfstandig_reizen=False)
    assert a.voorstel["recht"] is False  # 1,4 km
    Vervoersinstellingen.objects.filter(gemeente=v.zwolle).update(km_drempel=Decimal("1.0"))
    c = login(v.w.vervoer)
    assert c.post(detail(a), {"actie": "vernieuwen"}).status_code == 302
    assert vers(a).voorstel["recht"] is True and vers(a).voorstel["vorm"] == "aangepast"


def test_school_leest_alleen(v, login):
    a = so_aanvraag(v)
    c = login(v.w.school_so)
    resp = c.get(detail(a))
    assert resp.status_code == 200
    t = tekst(resp)
    assert "Recht op vervoer: aangepast vervoer (taxi, taxibus)." in t
    assert "Voorstel overnemen" not in t and "Besluit vastleggen" not in t
    assert c.post(detail(a), {"actie": "bevestigen"}).status_code == 403
    assert vers(a).status == "ingediend"
    # The worklist shows it read-only; a school user of another school sees nothing.
    assert v.w.leerling_so.naam in tekst(c.get(LIJST))
    assert v.w.leerling_so.naam not in tekst(login(v.w.school).get(LIJST))
    # Roles outside leerlingenvervoer: no worklist.
    assert login(v.w.leerplicht).get(LIJST).status_code == 403


def _instellingen_post(**anders):
    data = {"km_drempel": "6", "vo_alleen_met_beperking": "on", "ov_max_minuten": "90", "wegfactor": "1,3",
            "ov_snelheid_kmh": "20", "snelheid_kmh": "40", "max_rit_minuten": "60", "inkomensgrens": "29.700",
            "drempelbedrag": "622,50", "draagkracht_km": "20", "schooltijd_begin": "08:30",
            "schooltijd_eind": "14:30", "aankomst_marge_min": "20"}
    data.update(anders)
    return data


def test_instellingen_wijzigt_alleen_de_gemeente(v, login):
    c = login(v.w.vervoer)
    resp = c.get(INSTELLINGEN)
    assert resp.status_code == 200
    assert "Standaard: 6,0 km" in tekst(resp)
    resp = c.post(INSTELLINGEN, _instellingen_post(km_drempel="7,5", drempelbedrag="650"))
    assert resp.status_code == 302
    inst = Vervoersinstellingen.voor(v.zwolle)
    assert inst.km_drempel == Decimal("7.5") and inst.drempelbedrag == Decimal("650")
    # A value outside the range: the service's message, what was typed kept, nothing saved.
    resp = c.post(INSTELLINGEN, _instellingen_post(ov_max_minuten="5", km_drempel="8"))
    assert resp.status_code == 200
    assert "Kies een waarde van 15 tot 240." in tekst(resp)
    assert Vervoersinstellingen.voor(v.zwolle).km_drempel == Decimal("7.5")
    # SWV staff read the rules of the gemeenten of their requests; they cannot change them.
    so_aanvraag(v)
    staf = login(v.w.consulent)
    t = tekst(staf.get(INSTELLINGEN))
    assert "gemeente Zwolle" in t and "7,5 km" in t and "Opslaan" not in t
    assert staf.post(INSTELLINGEN, _instellingen_post(km_drempel="3")).status_code == 403
    assert login(v.w.ouder).post(INSTELLINGEN, _instellingen_post(km_drempel="3")).status_code == 403
    assert login(v.w.leerplicht).get(INSTELLINGEN).status_code == 403
    assert Vervoersinstellingen.voor(v.zwolle).km_drempel == Decimal("7.5")
