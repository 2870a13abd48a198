"""The zorgplicht pages: recording an aanmelding, the worklist with its deadlines, the school's actions on the
detail page (verlengen, elders plaatsen, weigeren, toelaten, hulp vragen), the other school's confirmation,
and who sees what."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import dateformat, timezone, translation

from passend.audit.models import AuditEvent
from passend.register.models import Inschrijving, Leerling, OuderKind
from passend.zorgplicht import regels, services
from passend.zorgplicht.models import Aanmelding, Stap, Status, Weigergrond, Zorgplichtinstellingen
from passend.zorgplicht.panels import kengetallen, termijn_q

LIJST = reverse("zorgplicht:lijst")
NIEUW = reverse("zorgplicht:nieuw")


def vandaag():
    return timezone.localdate()


def nl(datum, fmt="j F Y") -> str:
    with translation.override("nl"):
        return dateformat.format(datum, fmt)


def detail(a) -> str:
    return reverse("zorgplicht:detail", args=[a.pk])


def actie(a, naam) -> str:
    return reverse("zorgplicht:actie", args=[a.pk, naam])


def tekst(resp) -> str:
    """The page's visible text, tags removed and whitespace collapsed."""
    html = resp.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def aanmelding(w, dagen_geleden=0, *, voornaam="Noor", achternaam="Visser", rol=None, school=None, **kw):
    """An aanmelding of a new pupil (with one parent), received `dagen_geleden` days ago, through the service."""
    return services.aanmelding_registreren(
        rol or w.school, school=school or w.school_a, ontvangen_op=vandaag() - dt.timedelta(days=dagen_geleden),
        nieuwe_leerling={"voornaam": voornaam, "achternaam": achternaam, "geboortedatum": dt.date(2020, 3, 1)},
        ouders=[{"voornaam": "Anna", "achternaam": achternaam, "email": "anna@example.org", "relatie": "moeder",
                 "heeft_gezag": True}],
        **kw,
    )


def vers(a) -> Aanmelding:
    return Aanmelding.objects.get(pk=a.pk)


# --------------------------------------------------------------------------------------------------------
# Recording an aanmelding
# --------------------------------------------------------------------------------------------------------

NIEUWE_AANMELDING = {
    "voornaam": " Sem ", "tussenvoegsel": "de", "achternaam": "Jong", "geboortedatum": "2019-06-12",
    "postcode": "1234 ab", "huisnummer": "12a",
    "ouder1_voornaam": "Eva", "ouder1_achternaam": "de Jong", "ouder1_email": "eva@example.org",
    "ouder1_telefoon": "0612345678", "ouder1_relatie": "moeder", "ouder1_heeft_gezag": "on",
    "ouder2_voornaam": "", "ouder2_achternaam": "", "ouder2_email": "", "ouder2_relatie": "ouder",
    "voorkeur": "1", "andere_scholen": "De Eik", "extra_ondersteuning_verwacht": "on",
    "toelichting": "Sem heeft moeite met taal.",
}


def test_school_legt_aanmelding_vast_met_nieuwe_leerling_en_ouder(w, login):
    client = login(w.school)
    pagina = client.get(NIEUW)
    assert pagina.status_code == 200
    assert "De school van de eerste voorkeur heeft de zorgplicht" in tekst(pagina)
    ontvangen = vandaag() - dt.timedelta(days=3)
    resp = client.post(NIEUW, {**NIEUWE_AANMELDING, "ontvangen_op": ontvangen.isoformat()}, follow=True)
    a = Aanmelding.objects.get()
    assert resp.redirect_chain[-1][0] == detail(a)
    assert (a.school, a.ontvangen_op, a.voorkeur, a.status) == (w.school_a, ontvangen, 1, Status.ONTVANGEN)
    assert a.extra_ondersteuning_verwacht and a.heeft_zorgplicht and a.andere_scholen == "De Eik"
    leerling = a.leerling
    assert (leerling.voornaam, leerling.tussenvoegsel, leerling.achternaam) == ("Sem", "de", "Jong")
    assert (leerling.postcode, leerling.huisnummer, leerling.swv) == ("1234AB", "12a", w.swv)
    relatie = OuderKind.objects.select_related("ouder").get(leerling=leerling)
    assert (relatie.ouder.voornaam, relatie.ouder.achternaam, relatie.ouder.email) == ("Eva", "de Jong", "eva@example.org")
    assert relatie.heeft_gezag and relatie.relatie == "moeder"
    t = tekst(resp)
    assert "Beslis uiterlijk op " + dateformat.format(regels.beslis_uiterlijk(ontvangen), "d-m-Y") in t
    assert nl(regels.beslis_uiterlijk(ontvangen)) in t
    assert "Eva de Jong" in t and "Met gezag" in t


def test_fout_bij_aanmelden_houdt_invoer_en_slaat_niets_op(w, login):
    client = login(w.school)
    morgen = vandaag() + dt.timedelta(days=1)
    resp = client.post(NIEUW, {**NIEUWE_AANMELDING, "geboortedatum": "", "ontvangen_op": morgen.isoformat()})
    assert resp.status_code == 200
    t = tekst(resp)
    assert "Controleer het formulier" in t and "Er is niets opgeslagen" in t
    assert "De datum van ontvangst ligt in de toekomst." in t
    assert "Vul de geboortedatum van de leerling in." in t
    html = resp.content.decode()
    assert 'value="de Jong"' in html and 'value="eva@example.org"' in html and "Sem heeft moeite met taal." in html
    assert not Aanmelding.objects.exists()
    assert not Leerling.objects.filter(achternaam="Jong").exists()


def test_bekende_leerling_of_nieuwe_niet_allebei_en_dubbele_aanmelding_geweigerd(w, login):
    client = login(w.school)
    data = {**NIEUWE_AANMELDING, "leerling": w.leerling.pk, "ontvangen_op": vandaag().isoformat()}
    resp = client.post(NIEUW, data)
    assert "Kies een bekende leerling óf vul een nieuwe leerling in, niet allebei." in tekst(resp)
    # A known pupil (the school's own) without new-pupil fields: parents may stay empty.
    alleen_bekend = {"leerling": w.leerling.pk, "ontvangen_op": vandaag().isoformat(), "voorkeur": "2",
                     "ouder2_relatie": "ouder", "ouder1_relatie": "ouder"}
    assert client.post(NIEUW, alleen_bekend).status_code == 302
    a = Aanmelding.objects.get()
    assert a.leerling == w.leerling and a.voorkeur == 2 and not a.heeft_zorgplicht
    # The same pupil again at the same school: the service's error on the form, nothing saved.
    resp = client.post(NIEUW, alleen_bekend)
    assert resp.status_code == 200
    assert "Deze leerling heeft al een open aanmelding bij deze school." in tekst(resp)
    assert Aanmelding.objects.count() == 1


def test_alleen_een_school_legt_aanmeldingen_vast(w, login):
    for rol in (w.consulent, w.ouder):
        assert login(rol).get(NIEUW).status_code == 403


# --------------------------------------------------------------------------------------------------------
# Extension and its letter
# --------------------------------------------------------------------------------------------------------

def test_verlengen_via_de_pagina_met_brief_en_tweede_keer_geweigerd(w, login):
    a = aanmelding(w, 10)
    client = login(w.school)
    pagina = client.get(detail(a))
    assert 'id="actie-verlengen"' in pagina.content.decode()
    resp = client.post(actie(a, "verlengen"), {"verlengen-reden": "Het onderzoek naar wat Noor nodig heeft loopt nog."},
                       follow=True)
    a = vers(a)
    assert a.status == Status.VERLENGD and a.verlengd_op == vandaag()
    assert a.verlengingsbrief and a.verlengingsbrief.read().startswith(b"%PDF")
    nieuwe_termijn = regels.verlengd_uiterlijk(a.ontvangen_op)
    assert nieuwe_termijn == a.ontvangen_op + dt.timedelta(weeks=10)
    t = tekst(resp)
    assert f"De termijn is verlengd tot {nieuwe_termijn:%d-%m-%Y}" in t
    assert f"Beslissen uiterlijk {nl(nieuwe_termijn, 'l j F Y')}" in t
    assert "Het onderzoek naar wat Noor nodig heeft loopt nog." in t
    assert reverse("zorgplicht:brief", args=[a.pk]) in resp.content.decode()
    # No second extension: the form is gone and the page says why.
    assert 'id="actie-verlengen"' not in resp.content.decode()
    assert "De termijn is al eens verlengd; dat kan maar één keer." in t
    stappen = Stap.objects.filter(aanmelding=a).count()
    resp = client.post(actie(a, "verlengen"), {"verlengen-reden": "Nog een keer"}, follow=True)
    assert "De termijn is al eens verlengd; dat kan maar één keer." in tekst(resp)
    assert vers(a).verlenging_reden == "Het onderzoek naar wat Noor nodig heeft loopt nog."
    assert Stap.objects.filter(aanmelding=a).count() == stappen


def test_brief_openen_inline_met_audit(w, login):
    a = services.verlengen(w.school, aanmelding(w, 5), reden="Wij wachten op het verslag van de peuterspeelzaal.")
    for rol in (w.school, w.consulent):
        resp = login(rol).get(reverse("zorgplicht:brief", args=[a.pk]))
        assert resp.status_code == 200
        assert resp["Content-Type"] == "application/pdf"
        assert resp["Content-Disposition"].startswith("inline")
        assert b"".join(resp.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(actie="view", omschrijving="Verlengingsbrief geopend").count() == 2
    assert login(w.andere_school).get(reverse("zorgplicht:brief", args=[a.pk])).status_code == 403
    zonder = aanmelding(w, 5, voornaam="Lot", achternaam="Kok")
    assert login(w.school).get(reverse("zorgplicht:brief", args=[zonder.pk])).status_code == 404


def test_verlengen_na_zes_weken_kan_niet_en_de_pagina_zegt_waarom(w, login):
    a = aanmelding(w, 43)
    resp = login(w.school).get(detail(a))
    assert 'id="actie-verlengen"' not in resp.content.decode()
    assert "De termijn van 6 weken is al voorbij; verlengen kan alleen binnen die termijn." in tekst(resp)


def test_verlengen_zonder_reden_toont_fout_en_slaat_niets_op(w, login):
    a = aanmelding(w, 3)
    resp = login(w.school).post(actie(a, "verlengen"), {"verlengen-reden": "  "})
    assert resp.status_code == 200
    assert "Schrijf de reden; die staat in de brief aan de ouders." in tekst(resp)
    assert 'id="actie-verlengen" open' in resp.content.decode()
    assert vers(a).verlengd_op is None and not vers(a).verlengingsbrief


# --------------------------------------------------------------------------------------------------------
# Another school, refusal, admission, help
# --------------------------------------------------------------------------------------------------------

def test_andere_school_bevestigt_via_haar_pagina_en_de_leerling_staat_daar_ingeschreven(w, login):
    a = aanmelding(w, 12)
    school = login(w.school)
    resp = school.post(actie(a, "elders"), {"elders-andere_school": w.school_b.pk,
                                             "elders-motivering": "De Eik heeft een taalklas die Noor nodig heeft."},
                       follow=True)
    assert vers(a).status == Status.ELDERS_VOORGESTELD and vers(a).andere_school == w.school_b
    assert "De Eik is voorgesteld" in tekst(resp)

    eik = login(w.andere_school)
    lijst = eik.get(LIJST)
    blok = lijst.content.decode().split('id="kop-voorgesteld"')[1].split("</section>")[0]
    assert "Noor Visser" in blok and "De Linde" in blok
    pagina = eik.get(detail(a))
    assert pagina.status_code == 200
    html = pagina.content.decode()
    assert 'id="actie-bevestigen"' in html and 'id="actie-toelaten"' not in html
    assert "De Eik heeft een taalklas die Noor nodig heeft." in tekst(pagina)
    # The proposed school cannot take the first school's steps.
    assert eik.post(actie(a, "toelaten"), {"toelaten-met_extra_ondersteuning": "ja"}).status_code == 403
    start = vandaag() + dt.timedelta(days=14)
    resp = eik.post(actie(a, "bevestigen"), {"bevestigen-akkoord": "ja", "bevestigen-begindatum": start.isoformat()},
                    follow=True)
    a = vers(a)
    assert a.status == Status.ELDERS_GEPLAATST and a.andere_school_bevestigd_door == w.andere_school.user
    assert Inschrijving.objects.filter(leerling=a.leerling, school=w.school_b, begindatum=start).exists()
    assert "U heeft de plaatsing bevestigd" in tekst(resp)
    # The first school sees the outcome.
    t = tekst(school.get(detail(a)))
    assert "Geplaatst op De Eik" in t


def test_andere_school_wijst_af_met_toelichting_en_de_aanmelding_gaat_terug(w, login):
    a = services.elders_voorstellen(w.school, aanmelding(w, 12), andere_school=w.school_b,
                                    motivering="De Eik heeft een taalklas.")
    eik = login(w.andere_school)
    resp = eik.post(actie(a, "bevestigen"), {"bevestigen-akkoord": "nee", "bevestigen-toelichting": ""})
    assert resp.status_code == 200
    assert "Schrijf waarom uw school de leerling niet kan plaatsen." in tekst(resp)
    assert vers(a).status == Status.ELDERS_VOORGESTELD
    resp = eik.post(actie(a, "bevestigen"), {"bevestigen-akkoord": "nee", "bevestigen-toelichting": "Groep is vol."})
    assert resp.status_code == 302 and resp["Location"] == LIJST
    a = vers(a)
    assert a.status == Status.ONTVANGEN and a.andere_school is None
    assert not Inschrijving.objects.filter(leerling=a.leerling, school=w.school_b).exists()


def test_weigeren_kan_alleen_op_een_wettelijke_grond(w, login):
    a = aanmelding(w, 8)
    client = login(w.school)
    html = client.get(detail(a)).content.decode()
    keuzes = re.findall(r'name="weigeren-grond" value="([^"]+)"', html)
    assert sorted(keuzes) == sorted(Weigergrond.values) and len(keuzes) == 3
    assert "Weigeren zonder andere plek" in html
    stappen = Stap.objects.filter(aanmelding=a).count()
    # A forged request with another reason is refused and nothing changes.
    for grond in ("geen_plek", "", "anders"):
        resp = client.post(actie(a, "weigeren"), {"weigeren-grond": grond,
                                                  "weigeren-motivering": "Wij kunnen deze leerling niet helpen."})
        assert resp.status_code == 200
        assert vers(a).status == Status.ONTVANGEN and vers(a).weigergrond == ""
    assert "Weigeren kan alleen op een van deze wettelijke gronden." in tekst(resp) or \
        "Kies de wettelijke grond voor de weigering." in tekst(resp)
    assert Stap.objects.filter(aanmelding=a).count() == stappen
    resp = client.post(actie(a, "weigeren"), {"weigeren-grond": "vol",
                                              "weigeren-motivering": "Alle groepen 1 zijn vol; gepubliceerd op de website."},
                       follow=True)
    a = vers(a)
    assert a.status == Status.GEWEIGERD and a.weigergrond == "vol" and a.besloten_op == vandaag()
    assert "Geweigerd op een wettelijke grond" in tekst(resp)
    # Decided: no more actions on the page.
    assert 'class="zorgplicht-actie"' not in resp.content.decode()


def test_toelaten_via_de_pagina(w, login):
    a = aanmelding(w, 20, extra_ondersteuning_verwacht=True)
    resp = login(w.school).post(actie(a, "toelaten"), {"toelaten-met_extra_ondersteuning": "ja",
                                                       "toelaten-begindatum": vandaag().isoformat()}, follow=True)
    a = vers(a)
    assert a.status == Status.TOEGELATEN and a.met_extra_ondersteuning is True
    assert Inschrijving.objects.filter(leerling=a.leerling, school=w.school_a, einddatum__isnull=True).exists()
    t = tekst(resp)
    assert "Toegelaten met extra ondersteuning" in t and "binnen de termijn" in t


def test_hulp_vragen_maakt_een_adviesvraag_en_opent_die(w, login):
    a = aanmelding(w, 20)
    client = login(w.school)
    resp = client.post(actie(a, "hulp"), {"hulp-vraag": "Welke school kan Noor met haar taalachterstand helpen?"})
    a = vers(a)
    assert a.hulpvraag is not None
    assert resp.status_code == 302 and resp["Location"] == reverse("toewijzing:aanvraag", args=[a.hulpvraag.pk])
    html = client.get(detail(a)).content.decode()
    assert reverse("toewijzing:aanvraag", args=[a.hulpvraag.pk]) in html
    assert 'id="actie-hulp"' not in html


# --------------------------------------------------------------------------------------------------------
# The worklist
# --------------------------------------------------------------------------------------------------------

def _rijen(resp) -> list[str]:
    tabel = resp.content.decode().split('class="zorgplicht-lijst"')[1].split("</table>")[0]
    return [" ".join(re.sub(r"<[^>]+>", " ", r.split(">", 1)[1]).split()) for r in tabel.split("<tr")[2:]]


def test_werklijst_op_termijn_met_labels(w, login):
    aanmelding(w, 10, voornaam="Anna", achternaam="Op-tijd")
    aanmelding(w, 38, voornaam="Bas", achternaam="Bijna")
    aanmelding(w, 50, voornaam="Cor", achternaam="Verlopen")
    aanmelding(w, 75, voornaam="Dirk", achternaam="Tienweken")
    verlengd = services.verlengen(w.school, aanmelding(w, 20, voornaam="Eva", achternaam="Verlengd"), reden="Onderzoek")
    services.toelaten(w.school, aanmelding(w, 30, voornaam="Fien", achternaam="Besloten"),
                                 met_extra_ondersteuning=False)
    resp = login(w.school).get(LIJST)
    rijen = _rijen(resp)
    volgorde = [r.split()[1] for r in rijen]
    assert volgorde == ["Tienweken", "Verlopen", "Bijna", "Op-tijd", "Verlengd"]
    assert "recht op tijdelijke plaatsing" in rijen[0] and "33 dagen te laat" in rijen[0]
    assert "termijn verstreken" in rijen[1] and "8 dagen te laat" in rijen[1]
    assert "bijna verlopen" in rijen[2] and "nog 4 dagen" in rijen[2]
    assert "nog 32 dagen" in rijen[3] and "verlopen" not in rijen[3] and "bijna" not in rijen[3]
    assert "nog 50 dagen" in rijen[4] and "verlengd" in rijen[4]
    assert nl(regels.verlengd_uiterlijk(verlengd.ontvangen_op), "d-m-Y") in rijen[4]
    assert "1e voorkeur zorgplicht: ja" in rijen[0]
    t = tekst(resp)
    assert re.search(r"5 open aanmeldingen 1 bijna verlopen .* 1 termijn verstreken 1 10 weken voorbij", t)
    # Filters: one label, the decided ones, a name.
    assert [r.split()[1] for r in _rijen(login(w.school).get(LIJST, {"termijn": "bijna"}))] == ["Bijna"]
    besloten_rijen = _rijen(login(w.school).get(LIJST, {"status": "besloten"}))
    assert len(besloten_rijen) == 1 and "Besloten" in besloten_rijen[0] and "binnen de termijn" in besloten_rijen[0]
    assert len(_rijen(login(w.school).get(LIJST, {"status": "alle"}))) == 6
    assert _rijen(login(w.school).get(LIJST, {"status": "alle"}))[-1].split()[1] == "Besloten"
    assert [r.split()[1] for r in _rijen(login(w.school).get(LIJST, {"q": "cor verl"}))] == ["Verlopen"]


def test_waarschuwen_dagen_uit_de_instellingen_van_het_swv(w, login):
    aanmelding(w, 30, voornaam="Bas", achternaam="Bijna")  # 12 days left
    assert "bijna verlopen" not in _rijen(login(w.school).get(LIJST))[0]
    Zorgplichtinstellingen.objects.create(swv=w.swv, waarschuwen_dagen=14)
    assert "bijna verlopen" in _rijen(login(w.school).get(LIJST))[0]


@pytest.mark.parametrize("verschuiving", range(-3, 40, 3))
def test_filters_en_kengetallen_komen_overeen_met_het_label_per_rij(w, verschuiving):
    """termijn_q (the database filter) agrees with regels.termijn_status for every row, on many dates."""
    rijen = [aanmelding(w, d, voornaam=f"L{d}", achternaam=f"N{d}") for d in (0, 30, 35, 41, 42, 43, 50, 69, 70, 71, 90)]
    rijen += [services.verlengen(w.school, aanmelding(w, d, voornaam=f"V{d}", achternaam=f"M{d}"), reden="r")
              for d in (0, 20, 42)]
    peildatum = vandaag() + dt.timedelta(days=verschuiving)
    wd = 7
    for status in ("op_tijd", "bijna", "verlopen", "tijdelijke_plaatsing"):
        via_db = set(Aanmelding.objects.filter(termijn_q(status, peildatum, wd)).values_list("pk", flat=True))
        via_regels = {a.pk for a in rijen
                      if regels.termijn_status(a.ontvangen_op, a.verlengd_op is not None, peildatum, wd) == status}
        assert via_db == via_regels, status
    k = kengetallen(w.consulent, peildatum=peildatum)
    assert k["open"] == len(rijen)
    assert k["bijna"] == sum(regels.termijn_status(a.ontvangen_op, a.verlengd_op is not None, peildatum) == "bijna"
                             for a in rijen)


def test_swv_ziet_alle_scholen_en_kan_op_school_filteren(w, login):
    aanmelding(w, 10, voornaam="Anna", achternaam="Linde")
    aanmelding(w, 20, voornaam="Bram", achternaam="Eik", rol=w.andere_school, school=w.school_b)
    client = login(w.consulent)
    rijen = _rijen(client.get(LIJST))
    assert [r.split()[1] for r in rijen] == ["Eik", "Linde"] and "De Eik" in rijen[0]
    assert [r.split()[1] for r in _rijen(client.get(LIJST, {"school": w.school_a.pk}))] == ["Linde"]
    # The SWV reads, it does not decide.
    a = Aanmelding.objects.get(leerling__achternaam="Linde")
    html = client.get(detail(a)).content.decode()
    assert 'class="zorgplicht-actie"' not in html
    assert client.post(actie(a, "toelaten"), {"toelaten-met_extra_ondersteuning": "ja"}).status_code == 403
    assert vers(a).status == Status.ONTVANGEN


def test_aantal_queries_van_de_lijst_groeit_niet_met_het_aantal_rijen(w, login):
    for i in range(2):
        aanmelding(w, 5 + i, voornaam=f"A{i}", achternaam=f"Eerst{i}")
    services.elders_voorstellen(w.andere_school, aanmelding(w, 9, voornaam="P", achternaam="Voorstel",
                                                            rol=w.andere_school, school=w.school_b),
                                andere_school=w.school_a, motivering="De Linde heeft de juiste begeleiding.")
    metingen = {}
    for rol in (w.school, w.consulent):
        client = login(rol)
        client.get(LIJST)  # warm caches (session, role)
        with CaptureQueriesContext(connection) as weinig:
            assert client.get(LIJST).status_code == 200
        metingen[rol.pk] = len(weinig.captured_queries)
    for i in range(8):
        a = aanmelding(w, 10 + i, voornaam=f"B{i}", achternaam=f"Later{i}")
        if i % 2:
            services.verlengen(w.school, a, reden="Onderzoek")
    services.elders_voorstellen(w.andere_school, aanmelding(w, 11, voornaam="Q", achternaam="Voorstel2",
                                                            rol=w.andere_school, school=w.school_b),
                                andere_school=w.school_a, motivering="De Linde heeft de juiste begeleiding.")
    for rol in (w.school, w.consulent):
        client = login(rol)
        with CaptureQueriesContext(connection) as veel:
            resp = client.get(LIJST)
        assert len(veel.captured_queries) == metingen[rol.pk], rol.rol
        assert len(_rijen(resp)) == (10 if rol == w.school else 12)


# --------------------------------------------------------------------------------------------------------
# Who sees what
# --------------------------------------------------------------------------------------------------------

def test_andere_school_en_ander_swv_krijgen_403(w, login):
    a = aanmelding(w, 5)
    for rol in (w.andere_school, w.school_so, w.andere_staf):
        client = login(rol)
        assert client.get(detail(a)).status_code == 403
        assert client.post(actie(a, "verlengen"), {"verlengen-reden": "Zomaar"}).status_code == 403
        assert "Noor Visser" not in client.get(LIJST).content.decode()
    assert vers(a).verlengd_op is None
    for rol in (w.leerplicht, w.deskundige1, w.bestuur):
        assert login(rol).get(LIJST).status_code == 403
    assert AuditEvent.objects.filter(actie="denied").exists()


def test_ouder_ziet_alleen_de_aanmelding_van_het_eigen_kind(w, login):
    eigen = services.aanmelding_registreren(w.school, school=w.school_a, leerling=w.leerling,
                                            ontvangen_op=vandaag() - dt.timedelta(days=4), voorkeur=1)
    andere = aanmelding(w, 4)
    client = login(w.ouder)
    lijst = client.get(LIJST)
    assert lijst.status_code == 200
    rijen = _rijen(lijst)
    assert len(rijen) == 1 and w.leerling.achternaam in rijen[0]
    # The other pupil's name (a random parent name may contain 'Noor', as in 'Noortje').
    assert "Noor Visser" not in lijst.content.decode() and "Visser, Noor" not in lijst.content.decode()
    assert "kengetallen" not in lijst.content.decode()
    pagina = client.get(detail(eigen))
    assert pagina.status_code == 200
    assert 'class="zorgplicht-actie"' not in pagina.content.decode()
    assert "U heeft uw kind aangemeld bij De Linde" in tekst(pagina)
    assert client.get(detail(andere)).status_code == 403
    assert client.post(actie(eigen, "intrekken"), {"intrekken-reden": "Wij kiezen een andere school."}).status_code == 403
    assert vers(eigen).status == Status.ONTVANGEN
    assert AuditEvent.objects.filter(actie="view", object_id=str(eigen.pk), user=w.ouder.user).exists()


# --------------------------------------------------------------------------------------------------------
# Start panels
# --------------------------------------------------------------------------------------------------------

def test_startpanelen_school_en_swv(w, login):
    aanmelding(w, 38, voornaam="Bas", achternaam="Bijna")
    aanmelding(w, 50, voornaam="Cor", achternaam="Verlopen")
    services.elders_voorstellen(w.andere_school, aanmelding(w, 9, voornaam="P", achternaam="Voorstel",
                                                            rol=w.andere_school, school=w.school_b),
                                andere_school=w.school_a, motivering="De Linde heeft de juiste begeleiding.")
    start = reverse("core:start")
    t = tekst(login(w.school).get(start))
    assert re.search(r"Aanmeldingen 2 open aanmeldingen 1 bijna verlopen let op 1 termijn verstreken actie nodig "
                     r"0 10 weken voorbij: recht op tijdelijke plaatsing 1 voorgesteld aan uw school", t)
    t = tekst(login(w.consulent).get(start))
    assert re.search(r"Zorgplicht in de regio 3 open aanmeldingen 1 bijna verlopen 1 termijn verstreken", t)


def test_school_trekt_voorstel_voor_andere_school_in(w, login):
    import datetime as _dt

    from django.urls import reverse as _reverse

    from passend.zorgplicht import services as _s
    from passend.zorgplicht.models import Aanmelding as _A
    from passend.zorgplicht.models import Status as _S

    a = _s.aanmelding_registreren(w.school, school=w.school_a, leerling=w.leerling,
                                  ontvangen_op=_dt.date.today() - _dt.timedelta(days=3))
    _s.elders_voorstellen(w.school, a, andere_school=w.school_b, motivering="De Eik heeft een taalklas voor haar.")
    client = login(w.school)
    r = client.post(_reverse("zorgplicht:actie", args=[a.pk, "elders_intrekken"]),
                    {"elders_intrekken-reden": "Ouders willen toch bij ons blijven."})
    assert r.status_code == 302
    a = _A.objects.get(pk=a.pk)
    assert a.status == _S.ONTVANGEN and a.andere_school is None
    assert "Voorstel voor De Eik ingetrokken" in client.get(_reverse("zorgplicht:detail", args=[a.pk])).content.decode()
