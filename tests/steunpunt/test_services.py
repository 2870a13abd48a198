"""The Steunpunt's services: the waiting list, double opt-in and unsubscribing, the helpdesk's privacy,
retention, and the national role without SWV."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from passend.accounts.models import Rol, Roltoekenning
from passend.core.access import can, visible
from passend.steunpunt import bewaren, services
from passend.steunpunt.models import Abonnee, Activiteit, Antennedeelname, Artikel, Deelname, Thema, Vraag
from tests.factories import RolFactory, SamenwerkingsverbandFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def steunpunt():
    return RolFactory(rol=Rol.STEUNPUNT, swv=None)


@pytest.fixture
def activiteit(steunpunt):
    begin = timezone.now() + dt.timedelta(days=10)
    a = services.activiteit_opslaan(steunpunt, None, titel="Webinar zorgplicht", soort="webinar", omschrijving="",
                                    begin=begin, eind=begin + dt.timedelta(hours=1), locatie="online",
                                    online_link="https://meet.example.nl/zorgplicht", capaciteit=2)
    return services.activiteit_status(steunpunt, a, Activiteit.Status.GEPUBLICEERD)


def _aanmelden(a, n):
    return services.aanmelden(a, naam=f"Deelnemer {n}", email=f"deelnemer{n}@example.nl", organisatie="OBS")


def test_een_landelijke_rol_heeft_geen_swv_maar_andere_rollen_wel(steunpunt):
    assert steunpunt.swv_id is None
    assert "landelijk" in str(steunpunt)
    with pytest.raises(IntegrityError), transaction.atomic():
        Roltoekenning.objects.create(user=UserFactory(), rol=Rol.SCHOOL, swv=None)


def test_vol_is_wachtlijst_en_afmelden_plaatst_de_eerste_wachtende(activiteit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        eerste = _aanmelden(activiteit, 1)
        _aanmelden(activiteit, 2)
        derde = _aanmelden(activiteit, 3)
        vierde = _aanmelden(activiteit, 4)
    assert eerste.status == Deelname.Status.GEPLAATST
    assert derde.status == vierde.status == Deelname.Status.WACHTLIJST
    assert [m.subject for m in mail.outbox].count("Op de wachtlijst: Webinar zorgplicht") == 2
    bevestiging = next(m for m in mail.outbox if m.to == ["deelnemer1@example.nl"])
    assert "https://meet.example.nl/zorgplicht" in bevestiging.body
    assert bevestiging.attachments[0][0] == "activiteit.ics"
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.afmelden(services.deelname_uit_token(services.deelname_token(eerste)))
    derde.refresh_from_db()
    vierde.refresh_from_db()
    assert derde.status == Deelname.Status.GEPLAATST
    assert vierde.status == Deelname.Status.WACHTLIJST
    assert [m.to for m in mail.outbox] == [["deelnemer3@example.nl"]]
    assert mail.outbox[0].subject == "U bent geplaatst: Webinar zorgplicht"


def test_tweemaal_aanmelden_met_hetzelfde_adres_kan_niet(activiteit):
    _aanmelden(activiteit, 1)
    with pytest.raises(ValidationError, match="al aangemeld"):
        services.aanmelden(activiteit, naam="Iemand", email="DEELNEMER1@example.nl")
    assert Deelname.objects.count() == 1


def test_een_vervalste_afmeldlink_doet_niets(activiteit):
    d = _aanmelden(activiteit, 1)
    token = services.deelname_token(d)
    assert services.deelname_uit_token(token[:-2] + "xx") is None
    assert services.deelname_uit_token(token) == d


def test_dubbele_opt_in_en_afmelden_zonder_adres_te_bewaren(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        a = services.abonneren(" Lezer@Example.nl ")
    assert a.email == "lezer@example.nl"
    assert not a.bevestigd
    assert services.aantal_abonnees() == 0
    assert len(mail.outbox) == 1
    assert "/steunpunt/nieuwsbrief/bevestigen/" in mail.outbox[0].body

    services.bevestigen(services.bevestig_token(a))
    assert services.aantal_abonnees() == 1
    with pytest.raises(ValidationError):
        services.bevestigen("onzin")

    assert services.opzeggen(services.afmeld_token(a)) is True
    assert not Abonnee.objects.filter(email="lezer@example.nl").exists()
    assert services.opzeggen(services.afmeld_token(a)) is False


def test_ongeldig_adres_wordt_niet_bewaard():
    with pytest.raises(ValidationError) as e:
        services.abonneren("geen-adres")
    assert "geldig e-mailadres" in str(e.value)
    assert Abonnee.objects.count() == 0


def test_helpdeskvraag_ziet_alleen_de_vrager_en_het_steunpunt(steunpunt):
    swv = SamenwerkingsverbandFactory()
    ouder = RolFactory(rol=Rol.OUDER, swv=swv)
    andere_ouder = RolFactory(rol=Rol.OUDER, swv=swv)
    directeur = RolFactory(rol=Rol.SWV_DIRECTEUR, swv=swv)
    thema = Thema.objects.get(slug="opp")
    v = services.vraag_stellen(ouder, onderwerp="Moet ik het OPP tekenen?", tekst="Wat als ik het niet eens ben?",
                               thema=thema, sectoren=["po"])
    assert v.nummer.startswith(f"HD-{timezone.localdate().year}-")
    assert list(visible(ouder, Vraag)) == [v]
    assert list(visible(andere_ouder, Vraag)) == []
    assert list(visible(directeur, Vraag)) == []
    assert not can(andere_ouder, "view", v)
    assert can(steunpunt, "change", v)
    with pytest.raises(PermissionDenied):
        services.vraag_beantwoorden(directeur, v, "Nee")


def test_antwoord_wordt_veelgestelde_vraag_zonder_vrager(steunpunt, django_capture_on_commit_callbacks):
    swv = SamenwerkingsverbandFactory()
    school = RolFactory(rol=Rol.SCHOOL, swv=swv, user__email="ib@school.example.nl")
    v = services.vraag_stellen(school, onderwerp="Hoe lang duurt een TLV", tekst="Voor SBO.",
                               thema=Thema.objects.get(slug="tlv"))
    with django_capture_on_commit_callbacks(execute=True):
        services.vraag_beantwoorden(steunpunt, v, "Het SWV bepaalt de duur; minimaal ...")
    assert mail.outbox[0].to == ["ib@school.example.nl"]
    faq = services.naar_faq(steunpunt, v)
    assert faq.soort == Artikel.Soort.FAQ and faq.status == Artikel.Status.CONCEPT
    assert faq.titel == "Hoe lang duurt een TLV?"
    assert school.user.get_full_name() not in faq.tekst
    with pytest.raises(ValidationError):
        services.naar_faq(steunpunt, v)


def test_alleen_de_directeur_kiest_of_het_swv_met_naam_meedoet(steunpunt):
    swv = SamenwerkingsverbandFactory()
    with pytest.raises(PermissionDenied):
        services.antenne_instellen(RolFactory(rol=Rol.SCHOOL, swv=swv), True)
    with pytest.raises(PermissionDenied):
        services.antenne_instellen(steunpunt, True)
    services.antenne_instellen(RolFactory(rol=Rol.SWV_DIRECTEUR, swv=swv), True)
    assert Antennedeelname.objects.get(swv=swv).naam_tonen


def test_bewaartermijnen(steunpunt, activiteit):
    oud = timezone.now() - dt.timedelta(days=400)
    onbevestigd = Abonnee.objects.create(email="oud@example.nl")
    Abonnee.objects.filter(pk=onbevestigd.pk).update(aangemeld_op=oud)
    bevestigd = Abonnee.objects.create(email="trouw@example.nl", bevestigd_op=oud)
    Abonnee.objects.filter(pk=bevestigd.pk).update(aangemeld_op=oud)
    d = _aanmelden(activiteit, 1)
    services.aanwezigheid(steunpunt, activiteit, {d.pk})
    Activiteit.objects.filter(pk=activiteit.pk).update(begin=oud, eind=oud + dt.timedelta(hours=1))

    r = bewaren.opschonen()

    assert r["abonnees"] == 1 and r["deelnemers"] == 1
    assert list(Abonnee.objects.values_list("email", flat=True)) == ["trouw@example.nl"]
    activiteit.refresh_from_db()
    assert (activiteit.geteld_geplaatst, activiteit.geteld_aanwezig) == (1, 1)
    assert not Deelname.objects.exists()


def test_een_document_moet_een_pdf_zijn(steunpunt):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as e:
        services.artikel_opslaan(steunpunt, None, titel="Handreiking", soort="document",
                                 bestand=SimpleUploadedFile("x.pdf", b"GIF89a nep"))
    assert "pdf" in str(e.value)
    assert not Artikel.objects.filter(titel="Handreiking").exists()
