"""The demo's thuiszitters register: every category, duration class and outcome, plans and contacts by every
party, the thuiszittersoverleg and an overdue escalation, two years of history, leerplicht seeing its own
gemeente's cases; built through the services as the demo users (passend/demo/thuiszitters.py)."""

import datetime as dt
import os

import pytest
from django.core.management import call_command
from django.utils import timezone

from passend.accounts.models import Rol, Roltoekenning
from passend.core.access import can, visible
from passend.demo.builder import DEMO_SWV
from passend.thuiszitters import rapport, regels
from passend.thuiszitters.models import Actie, Categorie, Contact, Melding, Thuiszittersinstellingen, Uitkomst


@pytest.fixture
def rollen(demo):
    return {r.user.username: r for r in Roltoekenning.objects.filter(swv__code=DEMO_SWV).select_related("user")}


def test_demo_thuiszitters(rollen):
    """One build (it takes seconds), every check on it."""
    meldingen = list(Melding.objects.filter(swv__code=DEMO_SWV))
    elke_categorie_duurklasse_en_uitkomst(meldingen)
    plannen_contacten_tafel_en_escalatie(meldingen)
    twee_jaar_geschiedenis_voor_de_trend(meldingen)
    leerplicht_ziet_de_eigen_gemeente(rollen, meldingen)
    uren_met_hun_datum(meldingen)
    categorie_met_haar_datum(meldingen)
    tweede_keer_bouwen_verandert_niets()


def vandaag():
    return timezone.localdate()


def uren_met_hun_datum(meldingen):
    """Every case has its hours from the start date; one changed them later, and the report of a reference date
    before that change keeps the hours of then."""
    for m in meldingen:
        eerste = m.urenstanden.order_by("geldig_vanaf", "pk").first()
        assert eerste is not None and eerste.geldig_vanaf == m.startdatum, m.nummer
    gewijzigd = [m for m in meldingen if m.urenstanden.count() > 1]
    assert gewijzigd
    m = gewijzigd[0]
    eerste, laatste = m.urenstanden.order_by("geldig_vanaf", "pk")[::m.urenstanden.count() - 1]
    voor = laatste.geldig_vanaf - dt.timedelta(days=1)
    casus = rapport.casus_van(m)
    assert rapport.uren_op(casus, voor) == float(eerste.uren) != rapport.uren_op(casus, vandaag()) == float(laatste.uren)


def categorie_met_haar_datum(meldingen):
    """Every case has its category from the start date; one dreigend thuiszitter became relatief verzuim later:
    a reference date before that change counts it as dreigend, and its duration runs from the change."""
    for m in meldingen:
        standen = list(m.categoriestanden.order_by("geldig_vanaf", "pk"))
        assert standen[0].geldig_vanaf == m.startdatum and standen[-1].categorie == m.categorie, m.nummer
    (m,) = [m for m in meldingen if m.categoriestanden.count() > 1]
    eerste, laatste = m.categoriestanden.order_by("geldig_vanaf", "pk")
    assert (eerste.categorie, laatste.categorie, m.is_open) == (Categorie.DREIGEND, Categorie.RELATIEF, True)
    assert m.duur_sinds == laatste.geldig_vanaf > m.startdatum
    casus = rapport.casus_van(m)
    voor = laatste.geldig_vanaf - dt.timedelta(days=1)
    assert rapport.categorie_op(casus, voor) == Categorie.DREIGEND
    assert rapport.categorie_op(casus, vandaag()) == Categorie.RELATIEF
    assert regels.duurklasse(m.duur_sinds, vandaag()) == regels.VIER_WEKEN_DRIE_MAANDEN
    assert regels.duurklasse(m.startdatum, vandaag()) == regels.LANG  # what it would be counted from the report
    assert laatste.vastgelegd.date() < vandaag()  # dated by the story


def elke_categorie_duurklasse_en_uitkomst(meldingen):
    assert 20 <= len(meldingen) <= 40
    assert {m.categorie for m in meldingen} == set(Categorie.values)
    open_ = [m for m in meldingen if m.is_open]
    gesloten = [m for m in meldingen if not m.is_open]
    assert len(open_) >= 6 and len(gesloten) >= 6
    assert {regels.duurklasse(m.startdatum, vandaag()) for m in open_} == set(regels.DUURKLASSEN)
    assert {m.uitkomst for m in gesloten} == set(Uitkomst.values)
    for m in gesloten:
        assert m.startdatum <= m.einddatum <= vandaag()
        if m.uitkomst == Uitkomst.TERUG_OP_SCHOOL:
            assert m.uitkomst_school_id and m.uitkomst_uren, m.nummer
    # Every case a pupil, a number of its start year, a gemeente; relatief verzuim always with its school.
    for m in meldingen:
        assert m.leerling_id and m.nummer.startswith(f"TZ-{DEMO_SWV}-{m.startdatum.year}-") and m.gemeente_id
        if m.categorie == Categorie.RELATIEF:
            assert m.school_id, m.nummer
    assert len({m.leerling_id for m in open_}) == len(open_)


def plannen_contacten_tafel_en_escalatie(meldingen):
    acties = Actie.objects.filter(melding__in=meldingen)
    assert acties.filter(gedaan_op__isnull=False).exists()
    assert acties.filter(gedaan_op__isnull=True, uiterlijk__lt=vandaag(), melding__einddatum__isnull=True).exists()
    contacten = Contact.objects.filter(melding__in=meldingen).exclude(soort=Contact.Soort.STAP)
    assert {Rol.SCHOOL, Rol.SWV_MEDEWERKER, Rol.LEERPLICHT} <= set(contacten.values_list("rol", flat=True))
    assert not Contact.objects.filter(melding__in=meldingen, datum__gt=vandaag()).exists()
    # The timeline is dated by the story, not by the day the demo was built.
    eerste = Contact.objects.filter(melding__in=meldingen).order_by("tijdstip").first()
    assert eerste.tijdstip.date() < vandaag() - dt.timedelta(days=365)
    aan_tafel = [m for m in meldingen if m.tafel_op]
    assert len(aan_tafel) == 1 and aan_tafel[0].is_open
    assert aan_tafel[0].contacten.filter(soort=Contact.Soort.TAFEL).exists()
    drempel = Thuiszittersinstellingen.voor(meldingen[0].swv_id).escalatie_weken
    te_laat = [m for m in meldingen if m.is_open and regels.escalatie_nodig(
        m.startdatum, vandaag(), heeft_plan=m.acties.exists(), al_aan_tafel=m.tafel_op is not None,
        drempel_weken=drempel)]
    assert len(te_laat) == 1 and te_laat[0].categorie == Categorie.RELATIEF


def twee_jaar_geschiedenis_voor_de_trend(meldingen):
    starts = [m.startdatum for m in meldingen]
    assert min(starts) <= vandaag() - dt.timedelta(days=600) and max(starts) >= vandaag() - dt.timedelta(days=30)
    casussen = [rapport.casus_van(m) for m in meldingen]
    # Cases open on each of the last eight quarterly reference dates.
    kwartalen = []
    peil = vandaag()
    for _ in range(8):
        peil = regels.laatste_peildatum(peil, "01-01,01-04,01-07,01-10")
        kwartalen.append(sum(1 for c in casussen if rapport.open_op(c, peil)))
        peil -= dt.timedelta(days=1)
    assert all(kwartalen) and len(set(kwartalen)) > 1, kwartalen
    terug = [(m.einddatum - m.startdatum).days for m in meldingen if m.uitkomst == Uitkomst.TERUG_OP_SCHOOL]
    assert len(terug) >= 5 and regels.mediaan_dagen(terug) > 0


def leerplicht_ziet_de_eigen_gemeente(rollen, meldingen):
    lp = rollen["leerplicht"]
    assert lp.gemeente_id
    eigen = {m.pk for m in meldingen if m.gemeente_id == lp.gemeente_id}
    assert set(visible(lp, Melding).values_list("pk", flat=True)) == eigen
    assert 10 <= len(eigen) < len(meldingen)  # some of the region's cases are not leerplicht's to see
    assert any(m.gemeld_door_rol == Rol.LEERPLICHT for m in meldingen if m.pk in eigen)
    for m in meldingen:
        if m.pk in eigen:
            assert not can(lp, "view", m.leerling)
    ib = rollen["ib"]
    assert visible(ib, Melding).exists() and visible(ib, Melding).count() < len(meldingen)


def tweede_keer_bouwen_verandert_niets():
    tellers = (Melding.objects.count(), Actie.objects.count(), Contact.objects.count())
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert (Melding.objects.count(), Actie.objects.count(), Contact.objects.count()) == tellers
