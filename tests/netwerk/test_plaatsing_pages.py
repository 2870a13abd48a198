"""The placement pages (netwerk:plaatsingen, plaatsing_nieuw, plaatsing, kiezen, antwoord, intrekken) and the
pupil's needs (netwerk:leerlingbehoeften), walked through as the users do it.

The fixture `n` (conftest.py): n.w.leerling (Aalders, postcode 8011AB) goes to De Linde (n.w.school's school).
From PC4 8011, De Eik (n.w.andere_school's school) is 4.4 km away and gives gedrag and ASS (ASS full: 3 of 3);
SO De Brug (n.w.school_so) is 21.1 km away, gives gedrag and ASS with places free but has a waiting list of 7."""

import re

import pytest
from django.urls import reverse

from passend.audit.models import AuditEvent
from passend.netwerk import services
from passend.netwerk.models import Leerlingbehoefte, Plaatsingsverzoek

from .test_dekking_pages import Tabel, tekst

Status = Plaatsingsverzoek.Status


def _url(naam, *args):
    return reverse(f"netwerk:{naam}", args=args)


def _start(n, c):
    """The school starts a request for n.w.leerling through the page: needs gedrag + ASS, PC4 8011."""
    r = c.post(_url("plaatsing_nieuw", n.w.leerling.pk), {
        "behoeften": [n.b["gedrag"].pk, n.b["ass"].pk], "pc4": "8011",
        "toelichting": "Loopt vast in de grote groep."})
    assert r.status_code == 302, tekst(r)
    p = Plaatsingsverzoek.objects.get(leerling=n.w.leerling)
    assert r["Location"] == _url("plaatsing", p.pk)
    return p


def _suggesties(r) -> list[list[str]]:
    return Tabel(r.content.decode(), "suggesties").rijen[1:]


@pytest.fixture
def verzoek(n):
    return services.plaatsing_starten(n.w.school, n.w.leerling, behoeften=[n.b["gedrag"], n.b["ass"]], pc4="8011",
                                      toelichting="Interne notitie van de school.")


def test_placement_flow_through_the_pages(n, login):
    c = login(n.w.school)
    r = c.get(_url("plaatsing_nieuw", n.w.leerling.pk))
    assert r.status_code == 200
    assert 'value="8011"' in r.content.decode()  # PC4 from the pupil's postcode
    p = _start(n, c)
    assert p.vanuit_school == n.w.school_a and p.status == Status.OPEN
    assert {b.code for b in p.behoeften.all()} == {"gedrag", "ass"}

    r = c.get(_url("plaatsing", p.pk))
    assert r.status_code == 200
    t = tekst(r)
    assert "Het plaatsingsverzoek voor" in t and "Zoekt plaats" in t
    rijen = _suggesties(r)
    # De Linde (the asking school) is not suggested; De Eik first (nearer), SO De Brug second.
    assert [(rij[0], rij[1].split(" (")[0], rij[5]) for rij in rijen] == [("1", "De Eik", "4,4 km"),
                                                                         ("2", "SO De Brug", "21,1 km")]
    eik, brug = rijen
    assert eik[2] == "Gedrag, Autisme (ASS)" and eik[3] == "—"
    assert eik[4] == "0 vol"
    assert "Vol voor: Autisme (ASS)" in eik[6] and "Biedt 2 van 2 behoeften: Gedrag, Autisme (ASS)" in eik[6]
    assert brug[4] == "6 wachtlijst" and "Wachtlijst: 7" in brug[6] and "6 vrije plaatsen" in brug[6]
    assert AuditEvent.objects.filter(actie="view", object_type="netwerk.plaatsingsverzoek",
                                     object_id=str(p.pk), leerling_id=n.w.leerling.pk).exists()

    r = c.post(_url("plaatsing_kiezen", p.pk), {"school": n.w.school_b.pk, "reden": "Dichtbij, kent de leerling."})
    assert r.status_code == 302
    p.refresh_from_db()
    assert (p.status, p.gekozen_school, p.keuze_reden) == (Status.GEKOZEN, n.w.school_b, "Dichtbij, kent de leerling.")
    t = tekst(c.get(_url("plaatsing", p.pk)))
    assert "De Eik is gekozen en moet nog bevestigen" in t
    assert "Bevestigen: de leerling kan komen" not in t  # De Linde asked; De Eik answers

    c = login(n.w.andere_school)
    r = c.get(_url("plaatsing", p.pk))
    assert r.status_code == 200
    t = tekst(r)
    assert "Uw school is gekozen." in t and "Passende scholen" not in t
    r = c.post(_url("plaatsing_antwoord", p.pk), {"akkoord": "1", "toelichting": "Welkom na de herfstvakantie."})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == Status.BEVESTIGD and p.beantwoord_door == n.w.andere_school.user
    t = tekst(c.get(r["Location"]))
    assert "Bevestigd: De Eik plaatst" in t and "De Eik heeft bevestigd" in t


def test_declining_without_a_reason_is_refused_and_nothing_changes(n, login, verzoek):
    services.plaatsing_kiezen(n.w.school, verzoek, n.w.school_b, reden="Dichtbij.")
    c = login(n.w.andere_school)
    r = c.post(_url("plaatsing_antwoord", verzoek.pk), {"akkoord": "0", "toelichting": "  "})
    assert r.status_code == 400
    assert "Geef aan waarom de school de leerling niet kan plaatsen." in tekst(r)
    verzoek.refresh_from_db()
    assert verzoek.status == Status.GEKOZEN and verzoek.beantwoord_op is None

    r = c.post(_url("plaatsing_antwoord", verzoek.pk), {"akkoord": "0", "toelichting": "Groep is vol."})
    assert r.status_code == 302
    verzoek.refresh_from_db()
    assert verzoek.status == Status.AFGEWEZEN and verzoek.antwoord_toelichting == "Groep is vol."

    # The asking school sees the decline, and may choose again.
    c = login(n.w.school)
    r = c.get(_url("plaatsing", verzoek.pk))
    eik = next(rij for rij in _suggesties(r) if rij[1].startswith("De Eik"))
    assert "heeft afgewezen" in eik[1]
    assert "Groep is vol." in tekst(r)
    assert "Kies SO De Brug" in r.content.decode()


def test_choosing_the_asking_school_or_an_unknown_one_is_refused(n, login, verzoek):
    c = login(n.w.school)
    r = c.post(_url("plaatsing_kiezen", verzoek.pk), {"school": n.w.school_a.pk, "reden": "Toch maar hier."})
    assert r.status_code == 400
    assert "Kies een andere school dan de school die een plaats zoekt." in tekst(r)
    assert len(_suggesties(r)) == 2  # the page comes back whole, with its suggestions
    r = c.post(_url("plaatsing_kiezen", verzoek.pk), {"school": "999999"})
    assert r.status_code == 400 and "Kies een school uit de lijst." in tekst(r)
    verzoek.refresh_from_db()
    assert verzoek.status == Status.OPEN and verzoek.gekozen_school is None


def test_parent_sees_own_request_read_only(n, login, verzoek):
    services.plaatsing_kiezen(n.w.school, verzoek, n.w.school_b, reden="Interne reden.")
    c = login(n.w.ouder)
    r = c.get(_url("plaatsing", verzoek.pk))
    assert r.status_code == 200
    t = tekst(r)
    assert "De Eik is gekozen en moet nog bevestigen" in t
    assert "Passende scholen" not in t and "Verzoek intrekken" not in t and "Bevestigen" not in t
    assert "Interne notitie van de school." not in t and "Interne reden." not in t
    assert 'method="post"' not in r.content.decode().split('<main')[1]
    r = c.get(_url("plaatsingen"))
    assert r.status_code == 200 and n.w.leerling.naam in tekst(r)
    assert c.post(_url("plaatsing_kiezen", verzoek.pk), {"school": n.w.so_school.pk}).status_code == 403
    assert c.post(_url("plaatsing_intrekken", verzoek.pk)).status_code == 403
    assert c.post(_url("plaatsing_antwoord", verzoek.pk), {"akkoord": "1"}).status_code == 403
    verzoek.refresh_from_db()
    assert verzoek.status == Status.GEKOZEN and verzoek.gekozen_school == n.w.school_b
    # The pupil with an own account reads it the same way.
    r = login(n.w.leerling_zelf).get(_url("plaatsing", verzoek.pk))
    assert r.status_code == 200 and "Passende scholen" not in tekst(r)


def test_other_schools_and_other_swv_are_kept_out(n, login, verzoek):
    # SO De Brug is neither asking nor chosen; De Eik is not chosen yet; the other SWV never.
    for rol in (n.w.school_so, n.w.andere_school, n.w.andere_staf):
        c = login(rol)
        assert c.get(_url("plaatsing", verzoek.pk)).status_code == 403
        assert c.post(_url("plaatsing_kiezen", verzoek.pk), {"school": n.w.so_school.pk}).status_code == 403
        assert n.w.leerling.naam not in tekst(c.get(_url("plaatsingen")))
    assert AuditEvent.objects.filter(actie="denied", object_type="netwerk.plaatsingsverzoek").exists()
    assert login(n.w.school).get(_url("plaatsing", 999999)).status_code == 404
    assert login(n.w.leerplicht).get(_url("plaatsingen")).status_code == 403
    # The chosen school answers but does not withdraw.
    services.plaatsing_kiezen(n.w.school, verzoek, n.w.school_b)
    assert login(n.w.andere_school).post(_url("plaatsing_intrekken", verzoek.pk)).status_code == 403
    verzoek.refresh_from_db()
    assert verzoek.status == Status.GEKOZEN


def test_withdraw(n, login, verzoek):
    c = login(n.w.school)
    r = c.post(_url("plaatsing_intrekken", verzoek.pk), {"toelichting": "Ouders kiezen zelf."})
    assert r.status_code == 302
    verzoek.refresh_from_db()
    assert verzoek.status == Status.INGETROKKEN
    r = c.get(_url("plaatsing", verzoek.pk))
    t = tekst(r)
    assert "Dit verzoek is ingetrokken." in t and "Ouders kiezen zelf." in t
    assert "Passende scholen" not in t and "Verzoek intrekken" not in t


def test_new_request_prefills_needs_and_keeps_input_on_errors(n, login):
    services.leerlingbehoeften_zetten(n.w.school, n.w.leerling, [n.b["zml"]])
    c = login(n.w.school)
    html = c.get(_url("plaatsing_nieuw", n.w.leerling.pk)).content.decode()
    aangevinkt = set(re.findall(r'<input type="checkbox" name="behoeften" value="(\d+)"[^>]*checked', html))
    assert aangevinkt == {str(n.b["zml"].pk)}
    assert "De Linde" in tekst(c.get(_url("plaatsing_nieuw", n.w.leerling.pk)))  # the one school of the user

    r = c.post(_url("plaatsing_nieuw", n.w.leerling.pk), {"pc4": "12", "toelichting": "Mijn tekst blijft staan."})
    assert r.status_code == 400
    t = tekst(r)
    assert "Kies minstens één ondersteuningsbehoefte." in t
    assert "Vul de postcode van het woonadres in (vier cijfers, bijv. 3511)." in t
    assert "Er is niets opgeslagen." in t
    html = r.content.decode()
    assert 'value="12"' in html and "Mijn tekst blijft staan." in html
    assert not Plaatsingsverzoek.objects.exists()

    r = c.post(_url("plaatsing_nieuw", n.w.leerling.pk), {"behoeften": [n.b["zml"].pk], "pc4": "9999"})
    assert r.status_code == 400 and "Postcode 9999 bestaat niet in het register." in tekst(r)
    assert str(n.b["zml"].pk) in set(re.findall(
        r'<input type="checkbox" name="behoeften" value="(\d+)"[^>]*checked', r.content.decode()))
    assert not Plaatsingsverzoek.objects.exists()


def test_new_request_only_for_who_may_place(n, login, verzoek):
    for rol in (n.w.ouder, n.w.bestuur, n.w.leerplicht):
        assert login(rol).get(_url("plaatsing_nieuw", n.w.leerling.pk)).status_code == 403
    assert login(n.w.school_so).get(_url("plaatsing_nieuw", n.w.leerling.pk)).status_code == 403
    # A second request while one runs: refused with the service's message.
    c = login(n.w.consulent)
    r = c.get(_url("plaatsing_nieuw", n.w.leerling.pk))
    assert "Voor deze leerling loopt al een plaatsingsverzoek" in tekst(r)
    r = c.post(_url("plaatsing_nieuw", n.w.leerling.pk), {"behoeften": [n.b["zml"].pk], "pc4": "8011"})
    assert r.status_code == 400 and "Voor deze leerling loopt al een plaatsingsverzoek." in tekst(r)
    assert Plaatsingsverzoek.objects.count() == 1


def test_worklist_shows_running_requests_with_needs_and_filters_on_status(n, login, verzoek):
    c = login(n.w.consulent)
    r = c.get(_url("plaatsingen"))
    assert r.status_code == 200
    rijen = Tabel(r.content.decode(), "plaatsingen").rijen
    assert rijen[0] == ["Leerling", "Vanuit school", "Behoeften", "Gekozen school", "Status", "Dagen open"]
    (rij,) = rijen[1:]
    assert rij[0].startswith(n.w.leerling.naam)
    assert rij[1:] == ["De Linde", "Gedrag, Autisme (ASS)", "—", "Zoekt plaats", "0"]
    assert "1 verzoek lopend" in tekst(r)
    assert n.w.leerling.naam not in tekst(c.get(_url("plaatsingen"), {"status": "bevestigd"}))
    services.plaatsing_intrekken(n.w.consulent, verzoek)
    assert n.w.leerling.naam not in tekst(c.get(_url("plaatsingen")))
    rijen = Tabel(c.get(_url("plaatsingen"), {"status": "alle"}).content.decode(), "plaatsingen").rijen
    assert rijen[1][4:] == ["Ingetrokken", "—"]


def test_pupil_needs_page(n, login):
    url = _url("leerlingbehoeften", n.w.leerling.pk)
    c = login(n.w.school)
    r = c.get(url)
    assert r.status_code == 200 and "Er zijn nog geen ondersteuningsbehoeften vastgelegd." in tekst(r)
    assert AuditEvent.objects.filter(actie="view", object_type="register.leerling",
                                     leerling_id=n.w.leerling.pk).exists()
    r = c.post(url, {"behoeften": [n.b["ass"].pk, n.b["medisch"].pk], "bron": "opp"})
    assert r.status_code == 302
    rijen = Leerlingbehoefte.objects.filter(leerling=n.w.leerling)
    assert {(lb.behoefte.code, lb.bron) for lb in rijen} == {("ass", "opp"), ("medisch", "opp")}
    t = tekst(c.get(url))
    assert "De ondersteuningsbehoeften van" in t and "Autisme (ASS) Autismespectrumstoornis" in t
    assert "Passende school zoeken" in t

    r = c.post(url, {"behoeften": ["999999"], "bron": "opp"})
    assert r.status_code == 400 and "Kies behoeften uit de lijst." in tekst(r)
    assert Leerlingbehoefte.objects.filter(leerling=n.w.leerling).count() == 2

    c = login(n.w.ouder)
    r = c.get(url)
    assert r.status_code == 200 and "Autisme (ASS)" in tekst(r) and "Behoeften opslaan" not in tekst(r)
    assert c.post(url, {"behoeften": []}).status_code == 403
    assert login(n.w.school_so).get(url).status_code == 403
    assert Leerlingbehoefte.objects.filter(leerling=n.w.leerling).count() == 2


def test_the_asking_school_is_not_suggested(n, login):
    # NT2 is basisondersteuning: every regular school offers it, De Linde too; De Linde asks, so only De Eik fits.
    p = services.plaatsing_starten(n.w.school, n.w.leerling, behoeften=[n.b["nt2"]], pc4="8011")
    rijen = _suggesties(login(n.w.school).get(_url("plaatsing", p.pk)))
    assert [(rij[1], rij[5]) for rij in rijen] == [("De Eik (Zwolle)", "4,4 km")]
    assert "Geen vaste capaciteitsgrens" in rijen[0][6] and rijen[0][4] == "geen grens"
