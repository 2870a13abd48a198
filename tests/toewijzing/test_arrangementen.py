"""Arrangementen: booking spending (only inside the period), the list and detail with their amounts, who sees
what, and the totals of bedragen.py on known numbers."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from passend.toewijzing import bedragen, services
from passend.toewijzing.models import Arrangement, Besteding, Soort, Status
from tests.factories import OuderKindFactory, SchoolbestuurFactory

D = Decimal


def _arrangement(w, **velden):
    """A granted arrangement for w.leerling at school_a (decided by the consulent)."""
    a = w.naar(w.aanvraag(Soort.ARRANGEMENT, **velden), Status.BESLOTEN)
    return Arrangement.objects.get(aanvraag=a)


def _arrangement_elders(w, **velden):
    """A granted arrangement for w.leerling_b at school_b, requested by that school's user."""
    OuderKindFactory(ouder=w.ouder_record, leerling=w.leerling_b, heeft_gezag=True)
    a = w.aanvraag(Soort.ARRANGEMENT, leerling=w.leerling_b, rol=w.andere_school, school=w.school_b, **velden)
    w.ouder_akkoord(a)
    a = services.transitie(w.andere_school, a, "indienen")
    services.consulent_toewijzen(w.consulent, a, w.consulent.user)
    a = services.transitie(w.consulent, a, "in_behandeling_nemen")
    a = services.transitie(w.consulent, a, "besluiten", uitkomst="toegekend",
                           motivering="De school heeft de basisondersteuning benut; toegekend.")
    return Arrangement.objects.get(aanvraag=a)


def _boek(w, arr, datum, bedrag=None, uren=None, omschrijving="Begeleiding"):
    return services.besteding_boeken(w.consulent, arr, datum=datum, omschrijving=omschrijving, uren=uren, bedrag=bedrag)


# ------------------------------------------------------------------------------------------------------------
# Booking
# ------------------------------------------------------------------------------------------------------------

def test_besteding_binnen_periode_wordt_geboekt_en_telt_mee(w, login):
    arr = _arrangement(w, bedrag=D("1000"))
    assert arr.uren == D("40") and arr.begindatum == dt.date(2026, 9, 1)
    client = login(w.consulent)
    resp = client.post(reverse("toewijzing:besteding_nieuw", args=[arr.pk]), {
        "datum": "2026-10-01", "omschrijving": "Ambulante begeleiding oktober", "uren": "2,5", "bedrag": "125.50",
    })
    assert resp.status_code == 302
    b = Besteding.objects.get(arrangement=arr)
    assert (b.uren, b.bedrag, b.datum) == (D("2.5"), D("125.50"), dt.date(2026, 10, 1))
    pagina = client.get(reverse("toewijzing:arrangement", args=[arr.pk])).text
    assert "Ambulante begeleiding oktober" in pagina
    assert "€ 874,50" in pagina  # rest of the money
    assert "37,5" in pagina  # rest of the hours
    assert "13% besteed" in pagina  # the bar's text


def test_besteding_buiten_periode_geweigerd_niets_opgeslagen_invoer_blijft(w, login):
    arr = _arrangement(w, bedrag=D("1000"))
    client = login(w.consulent)
    resp = client.post(reverse("toewijzing:besteding_nieuw", args=[arr.pk]), {
        "datum": "2027-08-15", "omschrijving": "Zomerschool", "bedrag": "300",
    })
    assert resp.status_code == 200
    assert "De datum valt buiten de periode van het arrangement (01-09-2026 t/m 31-07-2027)." in resp.text
    assert 'value="Zomerschool"' in resp.text and 'value="2027-08-15"' in resp.text
    assert not Besteding.objects.exists()


def test_school_en_ouder_kunnen_niet_boeken(w, login):
    arr = _arrangement(w, bedrag=D("1000"))
    for rol in (w.school, w.ouder):
        client = login(rol)
        pagina = client.get(reverse("toewijzing:arrangement", args=[arr.pk]))
        assert pagina.status_code == 200 and "Besteding boeken" not in pagina.text
        resp = client.post(reverse("toewijzing:besteding_nieuw", args=[arr.pk]), {
            "datum": "2026-10-01", "omschrijving": "Poging", "bedrag": "10",
        })
        assert resp.status_code == 403
    assert not Besteding.objects.exists()


# ------------------------------------------------------------------------------------------------------------
# List and access
# ------------------------------------------------------------------------------------------------------------

def test_school_ziet_alleen_eigen_arrangementen(w, login):
    eigen = _arrangement(w, bedrag=D("800"))
    ander = _arrangement_elders(w, bedrag=D("500"))
    school = login(w.school)
    lijst = school.get(reverse("toewijzing:arrangementen")).text
    assert reverse("toewijzing:arrangement", args=[eigen.pk]) in lijst
    assert reverse("toewijzing:arrangement", args=[ander.pk]) not in lijst
    assert w.leerling_b.naam not in lijst
    assert school.get(reverse("toewijzing:arrangement", args=[ander.pk])).status_code == 403

    staf = login(w.consulent).get(reverse("toewijzing:arrangementen")).text
    assert reverse("toewijzing:arrangement", args=[eigen.pk]) in staf
    assert reverse("toewijzing:arrangement", args=[ander.pk]) in staf
    assert "€ 1.300,00" in staf  # total granted in the selection


def test_lijst_zoekt_en_filtert(w, login):
    eigen = _arrangement(w, bedrag=D("800"))
    ander = _arrangement_elders(w, bedrag=D("500"), periode_van=dt.date(2025, 9, 1), periode_tot=dt.date(2026, 7, 31))
    client = login(w.consulent)
    url = reverse("toewijzing:arrangementen")

    def zichtbaar(**params):
        tekst = client.get(url, params).text
        return {arr.pk for arr in (eigen, ander) if reverse("toewijzing:arrangement", args=[arr.pk]) in tekst}

    assert zichtbaar(q="bakk") == {ander.pk}
    assert zichtbaar(school=w.school_a.pk) == {eigen.pk}
    assert zichtbaar(looptijd="lopend") == {eigen.pk}
    assert zichtbaar(looptijd="afgelopen") == {ander.pk}


# ------------------------------------------------------------------------------------------------------------
# bedragen.py
# ------------------------------------------------------------------------------------------------------------

def test_totalen_op_bekende_getallen(w):
    bestuur = SchoolbestuurFactory(naam="Stichting De Linde")
    w.school_a.bestuur = bestuur
    w.school_a.save()
    # school_a: this school year (1000 + 40 h) and last school year (600, no hours); school_b: this year (500).
    nu = _arrangement(w, bedrag=D("1000"))
    vorig = _arrangement(w, bedrag=D("600"), uren=None, periode_van=dt.date(2025, 9, 1),
                         periode_tot=dt.date(2026, 7, 31))
    elders = _arrangement_elders(w, bedrag=D("500"), uren=None)
    _boek(w, nu, dt.date(2026, 10, 1), bedrag="0.10", uren="2.5")
    _boek(w, nu, dt.date(2027, 2, 1), bedrag="0.20", uren="1")
    _boek(w, vorig, dt.date(2025, 11, 1), bedrag="200")
    _boek(w, vorig, dt.date(2026, 3, 1), bedrag="150")
    _boek(w, elders, dt.date(2026, 12, 1), bedrag="499.99")

    # School year 2026-2027: the arrangement of last year does not overlap.
    rijen = bedragen.totalen(w.swv, dt.date(2026, 8, 1), dt.date(2027, 7, 31))
    per_naam = {r.naam: r for r in rijen}
    assert set(per_naam) == {"De Linde", "De Eik"}
    linde = per_naam["De Linde"]
    assert (linde.aantal, linde.toegekend_bedrag, linde.toegekend_uren) == (1, D("1000"), D("40"))
    assert (linde.besteed_bedrag, linde.besteed_uren) == (D("0.30"), D("3.5"))
    assert (linde.rest_bedrag, linde.rest_uren) == (D("999.70"), D("36.5"))
    assert per_naam["De Eik"].rest_bedrag == D("0.01")

    # Calendar year 2026: both arrangements of school_a overlap, each counted whole (not pro-rated); the
    # bookings dated in 2026 are given separately.
    linde = {r.naam: r for r in bedragen.totalen(w.swv, dt.date(2026, 1, 1), dt.date(2026, 12, 31))}["De Linde"]
    assert (linde.aantal, linde.toegekend_bedrag, linde.toegekend_uren) == (2, D("1600"), D("40"))
    assert linde.besteed_bedrag == D("350.30")
    assert linde.besteed_in_periode_bedrag == D("150.10")  # 150 (March 2026) + 0.10 (Oct 2026)
    assert linde.besteed_in_periode_uren == D("2.5")

    # Per bestuur: school_b has none, and forms its own row.
    per_bestuur = bedragen.totalen(w.swv, dt.date(2026, 1, 1), dt.date(2026, 12, 31), per="bestuur")
    assert [(r.sleutel, r.naam, r.toegekend_bedrag) for r in per_bestuur] == [
        (bestuur.pk, "Stichting De Linde", D("1600")), (None, "Bestuur onbekend", D("500")),
    ]
    totaal = bedragen.optellen(per_bestuur)
    assert (totaal.aantal, totaal.toegekend_bedrag, totaal.besteed_bedrag, totaal.rest_bedrag) == (
        3, D("2100"), D("850.29"), D("1249.71"))

    # Another SWV's numbers are not mixed in.
    assert bedragen.totalen(w.ander_swv, dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == []


def test_toegekend_en_besteed_per_arrangement(w):
    arr = _arrangement(w, bedrag=D("1000"))
    zonder_uren = _arrangement_elders(w, bedrag=D("500"), uren=None)
    _boek(w, arr, dt.date(2026, 10, 1), bedrag="0.10", uren="2.5")
    _boek(w, arr, dt.date(2026, 10, 2), bedrag="0.20")
    rijen = {a.pk: a for a in bedragen.toegekend_en_besteed(Arrangement.objects.all())}
    a = rijen[arr.pk]
    assert (a.besteed_bedrag, a.besteed_uren, a.rest_bedrag, a.rest_uren) == (D("0.30"), D("2.5"), D("999.70"), D("37.5"))
    b = rijen[zonder_uren.pk]
    assert (b.besteed_bedrag, b.rest_bedrag, b.rest_uren) == (D("0"), D("500"), None)
    s = bedragen.samenvatting(Arrangement.objects.all())
    assert (s.aantal, s.toegekend_bedrag, s.besteed_bedrag, s.rest_bedrag) == (2, D("1500"), D("0.30"), D("1499.70"))


def test_totalen_weigert_onzin():
    with pytest.raises(ValueError):
        bedragen.totalen(1, dt.date(2026, 1, 1), dt.date(2026, 12, 31), per="gemeente")
    with pytest.raises(ValueError):
        bedragen.totalen(1, dt.date(2026, 12, 31), dt.date(2026, 1, 1))


def test_percentage():
    assert bedragen.percentage(D("1000"), D("125.50")) == 13
    assert bedragen.percentage(D("100"), D("150")) == 150
    assert bedragen.percentage(D("0"), D("10")) is None
    assert bedragen.percentage(None, D("10")) is None



def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_lijst_laadt_niet_per_rij(w, login):
    client = login(w.consulent)
    url = reverse("toewijzing:arrangementen")
    _boek(w, _arrangement(w, bedrag=D("100")), dt.date(2026, 10, 1), bedrag="10")
    een = _queries(client, url)
    _boek(w, _arrangement_elders(w, bedrag=D("100")), dt.date(2026, 10, 1), bedrag="5")
    _boek(w, _arrangement(w, bedrag=D("50")), dt.date(2026, 10, 1), bedrag="5")
    assert _queries(client, url) == een
