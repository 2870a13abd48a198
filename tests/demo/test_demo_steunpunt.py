"""The demo's Steunpunt (passend/demo/steunpunt.py): the national user without SWV, the knowledge base with drafts
and a PDF document, the agenda with a waiting list and an attendance list, the newsletter, the helpdesk with
answered, late and open questions and a rising theme, and the antenna over seven SWV's with small cells hidden;
a second build changes nothing."""

from django.conf import settings
from django.utils import timezone

from passend.accounts.models import Rol, Roltoekenning
from passend.core.access import visible
from passend.demo.builder import DEMO_SWV, demo_password
from passend.demo.steunpunt import bouw_steunpunt
from passend.register.models import Leerling, Samenwerkingsverband
from passend.steunpunt import antenne, regels
from passend.steunpunt import panels as _panels  # noqa: F401  (registers the start-page panels)
from passend.steunpunt.models import (
    Abonnee,
    Activiteit,
    Antennedeelname,
    Artikel,
    Deelname,
    Nieuwsbrief,
    Vraag,
)
from passend.toewijzing.models import Tlv


def _tellers():
    return (Artikel.objects.count(), Activiteit.objects.count(), Deelname.objects.count(), Abonnee.objects.count(),
            Nieuwsbrief.objects.count(), Vraag.objects.count(), Antennedeelname.objects.count(),
            Leerling.objects.count(), Tlv.objects.count())


def test_de_steunpuntgebruiker_is_landelijk_en_ziet_zijn_panelen(demo, client):
    rol = Roltoekenning.objects.get(user__username="steunpunt")
    assert (rol.rol, rol.swv_id, rol.actief) == (Rol.STEUNPUNT, None, True)
    assert "steunpunt" in demo  # listed with the other demo logins
    response = client.post("/account/inloggen/", {"username": "steunpunt", "password": demo_password()}, follow=True)
    assert response.wsgi_request.path == "/"
    html = response.content.decode()
    for titel in ("Helpdesk", "Activiteiten", "Redactie"):
        assert f">{titel}</h2>" in html, titel
    assert "2 concepten</a> in de kennisbank" in html
    assert "5 bevestigde abonnees" in html
    assert "op de wachtlijst" in html


def test_kennisbank_agenda_en_nieuwsbrief(demo):
    steunpunt = Roltoekenning.objects.get(user__username="steunpunt")
    eigen = Artikel.objects.filter(uit_passend=False)
    assert eigen.filter(status="concept", auteur=steunpunt.user).count() == 2
    document = eigen.get(soort="document")
    assert document.status == "gepubliceerd" and document.bestandsnaam.endswith(".pdf")
    with document.bestand.open("rb") as f:
        assert f.read(5) == b"%PDF-"
    assert Artikel.objects.filter(uit_passend=True, status="gepubliceerd").count() >= 10

    nu = timezone.now()
    komend = Activiteit.objects.filter(status="gepubliceerd", begin__gt=nu)
    assert komend.count() == 4
    vol = [a for a in komend if a.deelnames.filter(status="geplaatst").count() == a.capaciteit]
    assert len(vol) == 1 and vol[0].deelnames.filter(status="wachtlijst").count() >= 3
    assert komend.filter(soort="webinar").exclude(online_link="").exists()
    voorbij = Activiteit.objects.get(begin__lt=nu)
    assert voorbij.deelnames.filter(aanwezig=True).count() == 8
    assert voorbij.deelnames.filter(aanwezig=False).count() == 2
    assert all(d.email.endswith("@example.nl") for d in Deelname.objects.all())

    assert Abonnee.objects.filter(bevestigd_op__isnull=False).count() == 5
    assert Abonnee.objects.filter(bevestigd_op__isnull=True).count() == 1
    brief = Nieuwsbrief.objects.get()
    assert (brief.status, brief.ontvangers) == ("verzonden", 5) and brief.artikelen.exists()


def test_helpdesk_met_antwoorden_een_late_vraag_en_een_stijgend_thema(demo, client):
    vragen = Vraag.objects.all()
    assert 10 <= vragen.count() <= 15
    nu = timezone.now()
    norm = settings.PASSEND_STEUNPUNT_REACTIE_WERKDAGEN
    beantwoord = vragen.exclude(beantwoord_op=None)
    assert beantwoord.count() >= 8
    op_tijd = [regels.reactie_op_tijd(v.gesteld_op, v.beantwoord_op, nu, norm) for v in beantwoord]
    assert op_tijd.count(False) == 1
    dagen = [regels.werkdagen_tussen(v.gesteld_op, v.beantwoord_op) for v in beantwoord]
    assert min(dagen) <= 1.5 and any(2.5 <= d <= norm for d in dagen) and sum(d > norm for d in dagen) == 1
    open_te_laat = [v for v in vragen.filter(status__in=["nieuw", "in_behandeling"])
                    if regels.reactie_op_tijd(v.gesteld_op, None, nu, norm) is False]
    assert open_te_laat
    assert vragen.filter(status="nieuw").exists() and vragen.filter(status="gesloten").exists()
    assert min(v.gesteld_op for v in vragen) >= nu - timezone.timedelta(days=185)
    assert all(v.gesteld_op <= nu for v in vragen)
    # The numbers follow the order of asking.
    nummers = list(vragen.order_by("gesteld_op").values_list("nummer", flat=True))
    assert nummers == sorted(nummers)
    faq = Artikel.objects.get(uit_vragen__isnull=False)
    assert (faq.soort, faq.status) == ("faq", "gepubliceerd") and faq.titel.endswith("?")
    # Askers from the school, the bestuur, the SWV and a parent; each sees only their own.
    assert {"school", "schoolbestuur", "swv_medewerker", "swv_directeur", "ouder"} <= set(
        vragen.values_list("vrager_rol", flat=True))
    ouder = Roltoekenning.objects.get(user__username="ouder")
    eigen = visible(ouder, Vraag)
    assert eigen.exists() and set(eigen) == set(vragen.filter(vrager=ouder.user))
    # Thuiszitters rises in the last 90 days: a signal for the Steunpunt.
    signalen = antenne.signalen()
    assert any(s.soort == "thema" and s.onderwerp == "Thuiszitters en leerplicht" for s in signalen)
    # The IB'er sees their questions on the start page.
    client.post("/account/inloggen/", {"username": "ib", "password": demo_password()})
    html = client.get("/").content.decode()
    assert ">Mijn vragen aan het Steunpunt</h2>" in html
    assert "Onderwijs thuis tijdens een ziekenhuisopname" in html
    # Someone who never asked anything gets no such panel.
    client.post("/account/uitloggen/")
    client.post("/account/inloggen/", {"username": "vervoer", "password": demo_password()})
    assert "Mijn vragen aan het Steunpunt" not in client.get("/").content.decode()


def test_antenne_over_zeven_swvs_met_verborgen_cellen(demo):
    zwolle = Samenwerkingsverband.objects.get(code=DEMO_SWV)
    vorig = regels.schooljaar_van(timezone.localdate()) - 1  # the last completed school year
    assert antenne.schooljaren()[-1] == vorig
    for jaar in (vorig - 1, vorig):
        tabellen = antenne.tabellen(jaar)
        tlv = tabellen["tlv"]
        assert len(tlv.rijen) >= 7 and zwolle.pk in {r.swv_id for r in tlv.rijen}
        for t in tabellen.values():
            assert t.verborgen > 0, t.sleutel
            for r in [*t.rijen, t.totaal]:
                assert all(c is None or c == antenne.ANONIEM or c >= 5 for c in [*r.cellen, r.totaal]), (
                    t.sleutel, r.label)
        # Enough is shown to compare: figures per SWV and a national median.
        getoond = [c for r in tlv.rijen for c in r.cellen if c is not None]
        assert len(getoond) >= 6 and tlv.mediaan is not None
    # Two SWV's take part with their name, the others anonymously.
    genoemd = Antennedeelname.objects.filter(naam_tonen=True).values_list("swv__code", flat=True)
    assert set(genoemd) == {"PO2304", "PO2505"}
    labels = [r.label for r in antenne.tabellen()["tlv"].rijen]
    assert sum(label.startswith("PO ") for label in labels) == 2
    assert sum(label.startswith("SWV ") for label in labels) == len(labels) - 2


def test_tweede_keer_bouwen_verandert_niets(demo):
    voor = _tellers()
    users = {r.user.username: (r.user, r) for r in Roltoekenning.objects.filter(swv__code=DEMO_SWV)
             .select_related("user")}
    bouw_steunpunt(Samenwerkingsverband.objects.get(code=DEMO_SWV), users, demo_password())
    assert _tellers() == voor
