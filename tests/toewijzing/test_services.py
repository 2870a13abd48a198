"""The services as the one writer: bad input leaves nothing behind, the expert rules hold, access follows the
assignment, TLV numbers and periods come out right, and the file records what the law asks it to show."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from passend.accounts.models import Dossiertoegang, Rol
from passend.core.access import can, visible
from passend.register.models import Leerling
from passend.toewijzing import regels, services, workflow
from passend.toewijzing.models import (
    Aanvraag,
    Adviesopdracht,
    Arrangement,
    Beroep,
    Beschikking,
    Besluit,
    Besteding,
    Bezwaar,
    Bijlage,
    Gebeurtenis,
    Ouderreactie,
    Soort,
    Status,
    Tlv,
    vandaag,
)
from passend.toewijzing.workflow import OngeldigeTransitie
from tests.factories import (
    InschrijvingFactory,
    OuderFactory,
    OuderKindFactory,
    RolFactory,
    SchoolFactory,
    UserFactory,
)

from .conftest import Wereld, pdf_upload

S = Status
MOTIVERING = "Beide deskundigen adviseren positief; de school kan de ondersteuning niet bieden."


@pytest.fixture(autouse=True)
def _snelle_brief(request, monkeypatch):
    """A stand-in PDF for speed (the letter has its own tests), except in tests that ask for `echte_brief`."""
    if "echte_brief" not in request.fixturenames:
        monkeypatch.setattr("passend.toewijzing.pdf.beschikking_pdf",
                            lambda aanvraag, besluit, *, soort, bezwaar=None: (f"Besluit {aanvraag.nummer}", b"%PDF-1.7\n"))


def _vers(a) -> Aanvraag:
    return Aanvraag.objects.get(pk=a.pk)


def _stand(a) -> tuple:
    a = _vers(a)
    return (a.status, a.besloten_op, a.gebeurtenissen.count(), Besluit.objects.filter(aanvraag=a).count(),
            Tlv.objects.count(), Beschikking.objects.count(), Arrangement.objects.count())


# ------------------------------------------------------------------------------------------------------------
# Bad input changes nothing
# ------------------------------------------------------------------------------------------------------------

FOUTE_TLV_BESLUITEN = [
    ({"tlv_soort": "sbo", "categorie": "laag"}, "categorie"),
    ({"tlv_soort": "so", "categorie": "extra"}, "categorie"),
    ({"tlv_soort": "mbo"}, "tlv_soort"),
    ({"einddatum": "2020-07-31"}, "einddatum"),
    ({"begindatum": "31-07-2027"}, "begindatum"),
    ({"datum": "2999-01-01"}, "datum"),
    ({"uitkomst": "misschien"}, "uitkomst"),
    ({"motivering": "Ja."}, "motivering"),
    ({"emb": True, "categorie": "laag"}, "categorie"),
]


@pytest.mark.parametrize(("fout", "veld"), FOUTE_TLV_BESLUITEN, ids=[v for _, v in FOUTE_TLV_BESLUITEN])
def test_mislukt_tlv_besluit_laat_niets_achter(w, fout, veld):
    a = w.naar(w.aanvraag(), S.ADVIES_GEVRAAGD)
    w.adviseer(a)
    voor = _stand(a)
    with pytest.raises(ValidationError) as e:
        services.transitie(w.directeur, _vers(a), "besluiten",
                           **{"uitkomst": "toegekend", "motivering": MOTIVERING, **fout})
    assert veld in e.value.message_dict
    assert _stand(a) == voor
    assert voor[0] == S.ADVIES_GEVRAAGD and voor[3] == 0
    # The expert still has access: nothing was decided.
    assert w.leerling in visible(w.deskundige1, Leerling)


def test_mislukt_arrangementbesluit_na_het_opslaan_van_het_besluit_wordt_teruggedraaid(w):
    """The Besluit row is written before the arrangement is checked; the whole step must still roll back."""
    a = w.naar(w.aanvraag(Soort.ARRANGEMENT), S.IN_BEHANDELING)
    voor = _stand(a)
    with pytest.raises(ValidationError) as e:
        services.transitie(w.consulent, a, "besluiten", uitkomst="toegekend", motivering=MOTIVERING,
                           begindatum="2027-01-01", einddatum="2026-09-01")
    assert "einddatum" in e.value.message_dict
    assert _stand(a) == voor
    with pytest.raises(ValidationError) as e:
        services.transitie(w.consulent, a, "besluiten", uitkomst="toegekend", motivering=MOTIVERING, uren="veel")
    assert "uren" in e.value.message_dict
    assert _stand(a) == voor


@pytest.mark.parametrize(("naam", "inhoud", "grootte"), [
    ("virus.exe", b"MZ...", None),
    ("opp", b"%PDF-1.4", None),
    ("leeg.pdf", b"", None),
    ("groot.pdf", b"%PDF-1.4", services.MAX_BIJLAGE + 1),
])
def test_ongeldige_upload_bewaart_niets(w, settings, naam, inhoud, grootte):
    a = w.aanvraag(compleet=False)
    upload = SimpleUploadedFile(naam, inhoud)
    if grootte:
        upload.size = grootte
    with pytest.raises(ValidationError) as e:
        services.bijlage_toevoegen(w.school, a, "opp", upload)
    assert "bestand" in e.value.message_dict
    assert not Bijlage.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
    assert a.gebeurtenissen.count() == 1  # only "opened"


def test_bijlage_van_onbekende_soort_of_na_indienen_geweigerd(w):
    a = w.aanvraag(compleet=False)
    with pytest.raises(ValidationError):
        services.bijlage_toevoegen(w.school, a, "foto", pdf_upload())
    a = w.naar(w.aanvraag(), S.INGEDIEND)
    with pytest.raises(PermissionDenied):
        services.bijlage_toevoegen(w.school, a, "opp", pdf_upload())
    with pytest.raises(PermissionDenied):
        services.bijlage_toevoegen(w.ouder, a, "opp", pdf_upload())
    # The SWV can add documents to a running case (e.g. an MDO report).
    services.bijlage_toevoegen(w.consulent, a, "verslag", pdf_upload("verslag.pdf"))
    assert a.bijlagen.filter(soort="verslag").exists()


def test_aanvraag_alleen_voor_eigen_ingeschreven_leerling(w):
    with pytest.raises(PermissionDenied):
        services.aanvraag_aanmaken(w.school, w.leerling_b, w.school_a, Soort.TLV)
    with pytest.raises(PermissionDenied):
        services.aanvraag_aanmaken(w.school, w.leerling, w.school_b, Soort.TLV)
    with pytest.raises(PermissionDenied):
        services.aanvraag_aanmaken(w.consulent, w.leerling, w.school_a, Soort.TLV)
    with pytest.raises(ValidationError) as e:
        services.aanvraag_aanmaken(w.school, w.leerling, w.school_a, Soort.TLV, tlv_soort="sbo", categorie="hoog")
    assert "categorie" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.aanvraag_aanmaken(w.school, w.leerling, w.school_a, Soort.TLV, tlv_soort="so",
                                   eerste_inschrijving_so=True)
    assert "eerste_inschrijving_so" in e.value.message_dict
    assert not Aanvraag.objects.exists()


# ------------------------------------------------------------------------------------------------------------
# Deskundigen
# ------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("volgorde", "beroep"), [
    (1, Beroep.PEDAGOOG), (1, Beroep.ARTS), (1, Beroep.KJ_PSYCHOLOOG), (2, Beroep.PSYCHOLOOG), (3, Beroep.ARTS),
])
def test_verkeerd_beroep_geweigerd(w, volgorde, beroep):
    a = w.naar(w.aanvraag(), S.IN_BEHANDELING)
    with pytest.raises(ValidationError) as e:
        services.deskundige_vragen(w.consulent, a, deskundige=w.deskundige1.user, volgorde=volgorde, beroep=beroep)
    assert "beroep" in e.value.message_dict
    assert not Adviesopdracht.objects.exists() and not Dossiertoegang.objects.exists()


def test_zelfde_deskundige_twee_keer_en_dubbele_rol_geweigerd(w):
    a = w.naar(w.aanvraag(), S.IN_BEHANDELING)
    services.deskundige_vragen(w.consulent, a, deskundige=w.deskundige1.user, volgorde=1, beroep=Beroep.ORTHOPEDAGOOG)
    with pytest.raises(ValidationError) as e:
        services.deskundige_vragen(w.consulent, a, deskundige=w.deskundige1.user, volgorde=2, beroep=Beroep.ORTHOPEDAGOOG)
    assert "twee verschillende personen" in e.value.message_dict["deskundige"][0]
    with pytest.raises(ValidationError) as e:
        services.deskundige_vragen(w.consulent, a, deskundige=w.deskundige2.user, volgorde=1, beroep=Beroep.PSYCHOLOOG)
    assert "volgorde" in e.value.message_dict
    # Not an expert of this SWV, or not a person with the expert role at all.
    for niet in (w.consulent.user, w.andere_staf.user):
        with pytest.raises(ValidationError):
            services.deskundige_vragen(w.consulent, a, deskundige=niet, volgorde=2, beroep=Beroep.ARTS)
    # Only SWV staff ask.
    with pytest.raises(PermissionDenied):
        services.deskundige_vragen(w.school, a, deskundige=w.deskundige2.user, volgorde=2, beroep=Beroep.ARTS)
    assert a.adviesopdrachten.count() == 1


def test_eerder_betrokken_geeft_de_vraag_terug_en_beeindigt_de_toegang(w):
    a = w.naar(w.aanvraag(), S.IN_BEHANDELING)
    o = services.deskundige_vragen(w.consulent, a, deskundige=w.deskundige1.user, volgorde=1,
                                   beroep=Beroep.ORTHOPEDAGOOG)
    assert w.leerling in visible(w.deskundige1, Leerling)
    assert can(w.deskundige1, "view", _vers(a))
    o = services.advies_geven(w.deskundige1, o, niet_eerder_betrokken=False)
    assert o.status == Adviesopdracht.Status.BETROKKEN and o.niet_eerder_betrokken is False
    toegang = Dossiertoegang.objects.get(user=w.deskundige1.user, leerling=w.leerling)
    assert toegang.geldig_tot is not None and toegang.geldig_tot < vandaag()
    assert w.leerling not in visible(w.deskundige1, Leerling)
    assert not can(w.deskundige1, "view", _vers(a))
    assert not visible(w.deskundige1, Aanvraag).exists()
    assert a.gebeurtenissen.filter(tekst__contains="eerder bij de leerling betrokken").exists()
    # The same expert cannot be asked again for this request; another one can.
    with pytest.raises(ValidationError):
        services.deskundige_vragen(w.consulent, a, deskundige=w.deskundige1.user, volgorde=1,
                                   beroep=Beroep.ORTHOPEDAGOOG)
    services.deskundige_vragen(w.consulent, a, deskundige=w.deskundige2.user, volgorde=1, beroep=Beroep.PSYCHOLOOG)
    # And once returned, they cannot give an advice on it after all.
    with pytest.raises(ValidationError):
        services.advies_geven(w.deskundige1, o, niet_eerder_betrokken=True, zelfstandig_opgesteld=True,
                              conclusie="positief", advies="Toch maar een advies, want ik ken de leerling goed.")


def test_eerder_betrokken_geldt_ook_voor_een_latere_aanvraag_voor_dezelfde_leerling(w):
    """The declaration is about the pupil (LBT 14-08-2018, nr. 108283): not asked again on a new request."""
    eerste = w.naar(w.aanvraag(), S.IN_BEHANDELING)
    o = services.deskundige_vragen(w.consulent, eerste, deskundige=w.deskundige1.user, volgorde=1,
                                   beroep=Beroep.ORTHOPEDAGOOG)
    services.advies_geven(w.deskundige1, o, niet_eerder_betrokken=False)
    services.transitie(w.school, _vers(eerste), "intrekken", toelichting="We dienen een nieuwe aanvraag in.")
    tweede = w.naar(w.aanvraag(), S.IN_BEHANDELING)
    with pytest.raises(ValidationError) as fout:
        services.deskundige_vragen(w.consulent, tweede, deskundige=w.deskundige1.user, volgorde=1,
                                   beroep=Beroep.ORTHOPEDAGOOG)
    assert "eerder bij de leerling betrokken" in str(fout.value)
    assert not tweede.adviesopdrachten.exists()
    # For another pupil the same expert may advise.
    ander = w.aanvraag(leerling=w.leerling_b, rol=w.andere_school, school=w.school_b,
                       zonder_instemming_toelichting="Ouders zijn onbereikbaar; de zorg is groot.")
    services.transitie(w.andere_school, ander, "indienen")
    services.consulent_toewijzen(w.consulent, _vers(ander), w.consulent.user)
    services.transitie(w.consulent, _vers(ander), "in_behandeling_nemen")
    services.deskundige_vragen(w.consulent, _vers(ander), deskundige=w.deskundige1.user, volgorde=1,
                               beroep=Beroep.ORTHOPEDAGOOG)


def test_toegang_bij_toewijzing_en_einde_bij_besluit(w):
    a = w.naar(w.aanvraag(), S.IN_BEHANDELING)
    assert not Dossiertoegang.objects.exists()
    assert not visible(w.deskundige1, Leerling).exists()
    services.deskundige_vragen(w.consulent, a, deskundige=w.deskundige1.user, volgorde=1,
                               beroep=Beroep.ORTHOPEDAGOOG)
    services.deskundige_vragen(w.consulent, a, deskundige=w.deskundige2.user, volgorde=2, beroep=Beroep.ARTS)
    for d in (w.deskundige1, w.deskundige2):
        assert Dossiertoegang.objects.get(user=d.user, leerling=w.leerling).geldig_tot is None
        assert list(visible(d, Leerling)) == [w.leerling]
    a = services.transitie(w.consulent, a, "advies_vragen")
    w.adviseer(a)
    # Given, not yet decided: still access (the expert may read back their own advice).
    assert w.leerling in visible(w.deskundige1, Leerling)
    services.transitie(w.directeur, _vers(a), "besluiten", uitkomst="toegekend", motivering=MOTIVERING)
    for d in (w.deskundige1, w.deskundige2):
        assert Dossiertoegang.objects.get(user=d.user, leerling=w.leerling).geldig_tot < vandaag()
        assert not visible(d, Leerling).exists()
        assert not visible(d, Aanvraag).exists()
    # An audit row for each access opened and ended.
    from passend.audit.models import AuditEvent

    assert AuditEvent.objects.filter(object_type="accounts.dossiertoegang", omschrijving__contains="geopend").count() == 2
    assert AuditEvent.objects.filter(object_type="accounts.dossiertoegang", omschrijving__contains="beëindigd").count() == 2


def test_intrekken_van_adviesvraag_en_van_aanvraag_beeindigt_toegang(w):
    a = w.naar(w.aanvraag(), S.ADVIES_GEVRAAGD)
    services.deskundige_intrekken(w.consulent, a.adviesopdrachten.get(volgorde=2))
    assert not visible(w.deskundige2, Leerling).exists()
    assert w.leerling in visible(w.deskundige1, Leerling)
    services.transitie(w.school, _vers(a), "intrekken", toelichting="Ouders kiezen voor een andere school.")
    assert not visible(w.deskundige1, Leerling).exists()


def test_advies_eisen(w):
    a = w.naar(w.aanvraag(tlv_soort="sbo", categorie=""), S.ADVIES_GEVRAAGD)
    o = a.adviesopdrachten.get(volgorde=1)
    with pytest.raises(PermissionDenied):
        services.advies_geven(w.deskundige2, o, niet_eerder_betrokken=True, zelfstandig_opgesteld=True,
                              conclusie="positief", advies="Een advies van de verkeerde deskundige, lang genoeg.")
    with pytest.raises(ValidationError) as e:
        services.advies_geven(w.deskundige1, o, niet_eerder_betrokken=True, zelfstandig_opgesteld=False,
                              conclusie="sterk", advies="Kort.", categorie="laag")
    assert set(e.value.message_dict) == {"zelfstandig_opgesteld", "conclusie", "advies", "categorie"}
    assert _vers(a).adviesopdrachten.get(volgorde=1).status == Adviesopdracht.Status.GEVRAAGD


def test_ongeldige_geadviseerde_categorie_geweigerd(w):
    a = w.naar(w.aanvraag(), S.ADVIES_GEVRAAGD)
    with pytest.raises(ValidationError) as e:
        services.advies_geven(w.deskundige1, a.adviesopdrachten.get(volgorde=1), niet_eerder_betrokken=True,
                              zelfstandig_opgesteld=True, conclusie="positief",
                              advies="Een kleine groep met veel structuur is nodig.", categorie="extra")
    assert "categorie" in e.value.message_dict


# ------------------------------------------------------------------------------------------------------------
# TLV: numbers, period, verlenging, objection
# ------------------------------------------------------------------------------------------------------------

def _buren(w) -> Wereld:
    """The same path helpers for a school, pupil and staff in the other SWV."""
    b = Wereld()
    b.swv = w.ander_swv
    b.school_a = SchoolFactory(vestigingscode="98AA01", naam="De Buren", regio_swv_po=w.ander_swv)
    b.leerling = InschrijvingFactory(school=b.school_a, leerling__swv=w.ander_swv).leerling
    b.school = RolFactory(rol=Rol.SCHOOL, swv=w.ander_swv, scholen=[b.school_a], user=UserFactory(username="ib-buren"))
    b.consulent = w.andere_staf
    b.directeur = RolFactory(rol=Rol.SWV_DIRECTEUR, swv=w.ander_swv, user=UserFactory(username="dir-buren"))
    b.deskundige1 = RolFactory(rol=Rol.DESKUNDIGE, swv=w.ander_swv, user=UserFactory(username="ortho-buren"))
    b.deskundige2 = RolFactory(rol=Rol.DESKUNDIGE, swv=w.ander_swv, user=UserFactory(username="arts-buren"))
    b.ouder = RolFactory(rol=Rol.OUDER, swv=w.ander_swv, user=UserFactory(username="ouder-buren"))
    OuderKindFactory(ouder=OuderFactory(swv=w.ander_swv, user=b.ouder.user), leerling=b.leerling)
    return b


def test_tlv_nummers_uniek_en_oplopend_per_swv(w):
    jaar = vandaag().year
    nummers = [w.naar(w.aanvraag(), S.BESLOTEN).tlvs.get().nummer for _ in range(3)]
    assert nummers == [f"PO2799-{jaar}-0001", f"PO2799-{jaar}-0002", f"PO2799-{jaar}-0003"]
    buren = _buren(w)
    assert buren.naar(buren.aanvraag(), S.BESLOTEN).tlvs.get().nummer == f"PO2798-{jaar}-0001"
    assert w.naar(w.aanvraag(), S.BESLOTEN).tlvs.get().nummer == f"PO2799-{jaar}-0004"
    # A decision dated last year numbers in last year's series.
    vorig_jaar = dt.date(jaar - 1, 12, 15)
    assert w.naar(w.aanvraag(), S.BESLOTEN, datum=vorig_jaar).tlvs.get().nummer == f"PO2799-{jaar - 1}-0001"
    assert Tlv.objects.values("nummer").distinct().count() == Tlv.objects.count() == 6
    # Requests are numbered in the same way.
    assert sorted(Aanvraag.objects.filter(swv=w.swv).values_list("nummer", flat=True)) == [
        f"AV-PO2799-{jaar}-{n:04d}" for n in range(1, 6)
    ]


def test_tlv_periode_volgt_de_instellingen(w):
    a = w.naar(w.aanvraag(), S.BESLOTEN)
    tlv = a.tlvs.get()
    assert tlv.begindatum == vandaag() and tlv.afgegeven_op == vandaag()
    assert tlv.einddatum == regels.tlv_einddatum(vandaag())
    assert (tlv.soort, tlv.categorie, tlv.emb, tlv.aanvragende_school) == ("so", "laag", False, w.school_a)
    b = w.naar(w.aanvraag(emb=True, categorie="hoog"), S.BESLOTEN)
    emb = b.tlvs.get()
    assert emb.emb and emb.einddatum == regels.tlv_einddatum_emb(vandaag(), w.leerling.geboortedatum, 14)
    assert b.besluit.einddatum == emb.einddatum


def test_verlenging_vervangt_de_oude_tlv_en_sluit_erop_aan(w):
    oud = w.naar(w.aanvraag(), S.BESLOTEN).tlvs.get()
    v = w.aanvraag(Soort.VERLENGING, vorige_tlv=oud)
    begin, eind = services.standaard_periode(v)
    assert begin == oud.einddatum + dt.timedelta(days=1)
    v = w.naar(v, S.BESLOTEN)
    nieuw = v.tlvs.get()
    assert nieuw.vervangt == oud and nieuw.pk != oud.pk and nieuw.nummer != oud.nummer
    assert nieuw.begindatum == oud.einddatum + dt.timedelta(days=1) == begin
    assert (nieuw.einddatum.month, nieuw.einddatum.day) == (7, 31) and nieuw.einddatum == eind
    oud.refresh_from_db()
    assert oud.ingetrokken_op is None  # it simply runs out; the new one follows on
    assert list(oud.vervangen_door.all()) == [nieuw]


def test_verlenging_van_andermans_tlv_geweigerd(w):
    buren = _buren(w)
    vreemd = buren.naar(buren.aanvraag(), S.BESLOTEN).tlvs.get()
    with pytest.raises(ValidationError) as e:
        w.aanvraag(Soort.VERLENGING, vorige_tlv=vreemd)
    assert "vorige_tlv" in e.value.message_dict
    eigen_ander_kind = w.naar(w.aanvraag(), S.BESLOTEN).tlvs.get()
    with pytest.raises(ValidationError):
        w.aanvraag(Soort.VERLENGING, vorige_tlv=eigen_ander_kind, leerling=w.leerling_b, rol=w.andere_school,
                   school=w.school_b)


def test_bezwaar_te_laat_gemarkeerd_en_gegrond_herziet_de_tlv(w):
    besluitdatum = vandaag() - dt.timedelta(days=90)
    a = w.naar(w.aanvraag(), S.BESLOTEN, datum=besluitdatum)
    oud = a.tlvs.get()
    a = services.transitie(w.consulent, a, "bezwaar_registreren", ontvangen_op=vandaag(), indiener="ouders",
                           gronden="Categorie laag is te laag voor wat onze zoon nodig heeft.")
    bezwaar = a.bezwaren.get()
    assert bezwaar.te_laat is True  # flagged, not refused
    # Refusing the objection needs the LBT's advice first.
    with pytest.raises(ValidationError) as e:
        services.transitie(w.directeur, _vers(a), "beslissen_op_bezwaar", uitkomst="ongegrond",
                           motivering="Het besluit blijft in stand.")
    assert "uitkomst" in e.value.message_dict
    assert _vers(a).status == S.BEZWAAR and Bezwaar.objects.get(pk=bezwaar.pk).beslist_op is None
    a = services.transitie(w.directeur, _vers(a), "beslissen_op_bezwaar", uitkomst="gegrond",
                           motivering="De leerling heeft meer ondersteuning nodig: categorie midden.",
                           herzien={"categorie": "midden"})
    assert a.status == S.AFGESLOTEN
    oud.refresh_from_db()
    nieuw = a.tlvs.exclude(pk=oud.pk).get()
    assert oud.ingetrokken_op == vandaag() and oud.intrekkingsreden == "Herzien op bezwaar"
    assert (nieuw.categorie, nieuw.vervangt) == ("midden", oud)
    assert _vers(a).besluit.herzien_op_bezwaar
    assert a.beschikkingen.count() == 2


def test_bezwaar_tijdig_binnen_zes_weken(w):
    a = w.naar(w.aanvraag(), S.BESLOTEN, datum=vandaag() - dt.timedelta(days=20))
    a = services.transitie(w.consulent, a, "bezwaar_registreren", ontvangen_op=vandaag(), indiener="schoolbestuur",
                           gronden="Wij vragen SO in plaats van SBO.")
    assert a.bezwaren.get().te_laat is False
    with pytest.raises(ValidationError):
        services.bezwaar_bijwerken(w.consulent, a.bezwaren.get(), hoorzitting_op=vandaag())


# ------------------------------------------------------------------------------------------------------------
# Parents
# ------------------------------------------------------------------------------------------------------------

def test_ouderreactie_legt_gezag_wie_en_wanneer_vast(w):
    a = w.aanvraag()
    voor = timezone.now()
    r = services.ouderreactie_geven(w.ouder, a, akkoord="niet_akkoord", zienswijze="Wij twijfelen nog.")
    assert (r.heeft_gezag, r.user, r.ouder, r.relatie) == (True, w.ouder.user, w.ouder_record, "Moeder")
    assert voor <= r.gezien_op <= timezone.now()
    assert not workflow.ouders_akkoord(a)
    # Changing their mind updates the one reaction, and the timeline shows both.
    r = services.ouderreactie_geven(w.ouder, a, akkoord="akkoord", zienswijze="Na het gesprek: akkoord.")
    assert Ouderreactie.objects.filter(aanvraag=a).count() == 1
    assert r.akkoord == "akkoord" and workflow.ouders_akkoord(_vers(a))
    teksten = list(a.gebeurtenissen.values_list("tekst", flat=True))
    assert any("met gezag" in t and "niet akkoord" in t for t in teksten)
    assert any(t.endswith("(gewijzigd)") for t in teksten)
    g = a.gebeurtenissen.filter(tekst__endswith="(gewijzigd)").get()
    assert (g.user, g.rol) == (w.ouder.user, Rol.OUDER)


def test_ouder_zonder_gezag_wordt_zo_vastgelegd(w):
    stief = RolFactory(rol=Rol.OUDER, swv=w.swv, user=UserFactory(username="stiefvader"))
    OuderKindFactory(ouder=OuderFactory(swv=w.swv, user=stief.user), leerling=w.leerling, heeft_gezag=False,
                     relatie="vader")
    a = w.aanvraag(Soort.ARRANGEMENT)
    r = services.ouderreactie_geven(stief, a, akkoord="akkoord")
    assert r.heeft_gezag is False and r.relatie == "Vader"
    assert not workflow.ouders_akkoord(_vers(a))
    assert a.gebeurtenissen.filter(tekst__contains="zonder gezag").exists()


def test_alleen_een_ouder_van_het_kind_reageert_en_alleen_voor_het_besluit(w):
    a = w.aanvraag()
    vreemd = RolFactory(rol=Rol.OUDER, swv=w.swv, user=UserFactory(username="vreemde-ouder"))
    OuderKindFactory(ouder=OuderFactory(swv=w.swv, user=vreemd.user), leerling=w.leerling_b)
    for rol in (vreemd, w.school, w.consulent):
        with pytest.raises(PermissionDenied):
            services.ouderreactie_geven(rol, a, akkoord="akkoord")
    with pytest.raises(ValidationError):
        services.ouderreactie_geven(w.ouder, a, akkoord="ja")
    a = w.naar(a, S.BESLOTEN)
    with pytest.raises(ValidationError):
        services.ouderreactie_geven(w.ouder, a, akkoord="niet_akkoord", zienswijze="Toch niet.")
    assert Ouderreactie.objects.get(aanvraag=a).akkoord == "akkoord"


def test_tlv_zonder_instemming_vraagt_toelichting_en_de_tijdlijn_zegt_het(w):
    a = w.aanvraag()
    with pytest.raises(OngeldigeTransitie) as e:
        services.transitie(w.school, a, "indienen")
    assert "licht dan toe" in str(e.value)
    a = services.aanvraag_bijwerken(w.school, a, zonder_instemming_toelichting="Ouders reageren niet op brieven "
                                    "en telefoontjes; de leerplichtambtenaar is ingeschakeld.")
    a = services.transitie(w.school, a, "indienen")
    assert a.status == S.INGEDIEND and a.ingediend_op == vandaag()
    g = a.gebeurtenissen.get(transitie="indienen")
    assert "zonder instemming van ouders" in g.tekst and g.voor_ouders
    # With agreement, the timeline says nothing of the kind.
    b = w.naar(w.aanvraag(), S.INGEDIEND)
    assert "zonder instemming" not in b.gebeurtenissen.get(transitie="indienen").tekst


def test_alleen_toelichting_bij_tlv_telt_niet_voor_arrangement(w):
    a = w.aanvraag(Soort.ARRANGEMENT, zonder_instemming_toelichting="Ouders zijn onbereikbaar.")
    with pytest.raises(OngeldigeTransitie) as e:
        services.transitie(w.school, a, "indienen")
    assert "instemming van een ouder met gezag" in str(e.value)


# ------------------------------------------------------------------------------------------------------------
# Arrangement
# ------------------------------------------------------------------------------------------------------------

def test_arrangementbesluit_maakt_arrangement_met_de_bedragen(w):
    a = w.naar(w.aanvraag(Soort.ARRANGEMENT), S.IN_BEHANDELING)
    a = services.transitie(w.consulent, a, "besluiten", uitkomst="toegekend", motivering=MOTIVERING, uren="30,5",
                           bedrag="2500,00", aanbieder="Ambulante dienst De Brug")
    arr = Arrangement.objects.get(aanvraag=a)
    assert (arr.uren, arr.bedrag, arr.aanbieder) == (Decimal("30.5"), Decimal("2500"), "Ambulante dienst De Brug")
    assert (arr.begindatum, arr.einddatum) == (dt.date(2026, 9, 1), dt.date(2027, 7, 31))
    assert (arr.doel, arr.vorm, arr.school, arr.leerling) == ("Zelfstandig werken", "Ambulante begeleiding",
                                                            w.school_a, w.leerling)
    assert a.status == S.BESLOTEN and a.beschikkingen.count() == 1
    # Without amounts in the decision, the requested ones.
    b = w.naar(w.aanvraag(Soort.ARRANGEMENT), S.BESLOTEN)
    assert (b.arrangement.uren, b.arrangement.bedrag) == (Decimal("40"), Decimal("0"))
    # A refusal creates none.
    c = w.naar(w.aanvraag(Soort.ARRANGEMENT), S.IN_BEHANDELING)
    services.transitie(w.consulent, c, "besluiten", uitkomst="afgewezen", motivering="De school kan dit zelf bieden.")
    assert not Arrangement.objects.filter(aanvraag=c).exists()


def test_bestedingen_binnen_periode_en_alleen_door_het_swv(w):
    arr = w.naar(w.aanvraag(Soort.ARRANGEMENT), S.BESLOTEN).arrangement
    b = services.besteding_boeken(w.consulent, arr, datum="2026-10-01", omschrijving="Begeleiding oktober",
                                  uren="6", bedrag="450")
    assert (b.uren, b.bedrag, b.geboekt_door) == (Decimal("6"), Decimal("450"), w.consulent.user)
    for fout in ({"datum": "2025-10-01"}, {"omschrijving": " "}, {"uren": "0", "bedrag": ""}, {"bedrag": "-5"}):
        with pytest.raises(ValidationError):
            services.besteding_boeken(w.consulent, arr, **{"datum": "2026-11-01", "omschrijving": "November",
                                                           "uren": "2", **fout})
    with pytest.raises(PermissionDenied):
        services.besteding_boeken(w.school, arr, datum="2026-11-01", omschrijving="Zelf geboekt", uren="2")
    assert Besteding.objects.count() == 1


# ------------------------------------------------------------------------------------------------------------
# Timeline and audit
# ------------------------------------------------------------------------------------------------------------

def test_elke_stap_staat_op_de_tijdlijn_van_de_leerling(w):
    a = w.naar(w.aanvraag(), S.BEZWAAR)
    stappen = list(Gebeurtenis.objects.filter(leerling=w.leerling).exclude(transitie="")
                   .order_by("pk").values_list("transitie", "van_status", "naar_status"))
    assert stappen == [
        ("indienen", "concept", "ingediend"),
        ("in_behandeling_nemen", "ingediend", "in_behandeling"),
        ("advies_vragen", "in_behandeling", "advies_gevraagd"),
        ("besluiten", "advies_gevraagd", "besloten"),
        ("bezwaar_registreren", "besloten", "bezwaar"),
    ]
    assert a.besloten_op == a.besluit.datum


@pytest.fixture
def echte_brief():
    """Asked for by a test that needs the real PDF letter."""


def test_besluit_stuurt_de_brief_naar_ouders_en_school(w, echte_brief, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        a = w.naar(w.aanvraag(), S.BESLOTEN)
    brief = a.beschikkingen.get()
    with brief.bestand.open("rb") as f:
        assert f.read(5) == b"%PDF-"
    assert a.tlvs.get().nummer in brief.titel
    for rol in (w.ouder, w.school):
        assert can(rol, "view", brief)
    assert not can(w.deskundige1, "view", brief) and not can(w.andere_school, "view", brief)
    # The e-mail says there is a letter, never who it is about.
    bericht = [m for m in mailoutbox if "besluit" in m.subject.lower()][-1]
    assert w.ouder_record.email in bericht.to and w.school.user.email in bericht.to
    assert w.leerling.achternaam not in bericht.body and w.leerling.naam not in bericht.body


def test_besloten_op_is_de_datum_van_het_besluit(w):
    """A decision recorded a few days after it was taken counts from its own date (lead times, terms)."""
    datum = vandaag() - dt.timedelta(days=3)
    a = w.naar(w.aanvraag(), S.BESLOTEN, datum=datum)
    assert a.besloten_op == datum == a.besluit.datum == a.tlvs.get().afgegeven_op


def test_instellingen_opslaan_werkt_ook_de_tweede_keer(w):
    from passend.toewijzing.models import Toewijzingsinstellingen

    services.instellingen_opslaan(w.directeur, Toewijzingsinstellingen(swv=w.swv, besluittermijn_weken=6))
    services.instellingen_opslaan(w.directeur, Toewijzingsinstellingen(swv=w.swv, besluittermijn_weken=7))
    assert list(Toewijzingsinstellingen.objects.values_list("swv", "besluittermijn_weken")) == [(w.swv.pk, 7)]
    with pytest.raises(PermissionDenied):
        services.instellingen_opslaan(w.consulent, Toewijzingsinstellingen(swv=w.swv, besluittermijn_weken=2))


def test_na_het_besluit_blijven_de_bijlagen_staan(w):
    """The file stays as it was decided on: nobody deletes an attachment after the decision."""
    import pytest
    from django.core.exceptions import PermissionDenied

    from passend.toewijzing import services as s
    from passend.toewijzing.models import Bijlage, Status

    a = w.naar(w.aanvraag(), Status.BESLOTEN)
    bijlage = Bijlage.objects.filter(aanvraag=a).first()
    for rol in (w.consulent, w.directeur, w.school):
        with pytest.raises(PermissionDenied):
            s.bijlage_verwijderen(rol, bijlage)
    assert Bijlage.objects.filter(pk=bijlage.pk).exists()


def test_bestaande_aanvulling_zonder_aanvultermijn_krijgt_twee_weken_bij_de_migratie(w):
    """Migration 0002: a request to complete recorded before the completion term existed gets 2 weeks from the day
    it was made, so its suspension ends (Awb 4:15); other steps keep no date."""
    import importlib

    from django.apps import apps

    migratie = importlib.import_module("passend.toewijzing.migrations.0002_aanvultermijn")
    a = w.naar(w.aanvraag(), Status.AANVULLING)
    b = w.naar(w.aanvraag(Soort.ARRANGEMENT), Status.AANVULLING)
    gevraagd = timezone.now() - dt.timedelta(days=30)
    Gebeurtenis.objects.filter(aanvraag=a, transitie="aanvulling_vragen").update(tijdstip=gevraagd, aanvullen_uiterlijk=None)
    eigen = vandaag() + dt.timedelta(days=5)
    Gebeurtenis.objects.filter(aanvraag=b, transitie="aanvulling_vragen").update(aanvullen_uiterlijk=eigen)
    migratie.termijn_voor_bestaande(apps, None)
    assert Gebeurtenis.objects.get(aanvraag=a, transitie="aanvulling_vragen").aanvullen_uiterlijk == (
        timezone.localdate(gevraagd) + dt.timedelta(weeks=2))
    assert Gebeurtenis.objects.get(aanvraag=b, transitie="aanvulling_vragen").aanvullen_uiterlijk == eigen
    assert not Gebeurtenis.objects.exclude(transitie="aanvulling_vragen").filter(aanvullen_uiterlijk__isnull=False).exists()
