"""The zorgplicht services: what a school can record, and that every refusal leaves everything as it was
(the aanmelding, its timeline, enrolments, pupils, parents, requests and the audit trail)."""

import datetime as dt
from contextlib import contextmanager

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from passend.audit.models import AuditEvent
from passend.core.access import can
from passend.register.models import Inschrijving, Leerling, Ouder
from passend.toewijzing import services as toewijzing
from passend.toewijzing.models import Aanvraag, Soort
from passend.toewijzing.models import Status as AanvraagStatus
from passend.zorgplicht import regels, services
from passend.zorgplicht.models import Aanmelding, Stap, Status, Weigergrond
from tests.factories import RolFactory, SchoolFactory, UserFactory
from tests.toewijzing.conftest import pdf_upload

MOTIVERING = "De school kan de gevraagde ondersteuning niet bieden; De Eik heeft een kleine groep."
DAG = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _snelle_brief(monkeypatch):
    monkeypatch.setattr("passend.zorgplicht.pdf.verlengingsbrief_pdf", lambda a: b"%PDF-1.7\n% brief\n")


def vandaag() -> dt.date:
    return services.vandaag()


def aanmelden(w, *, dagen=5, school=None, rol=None, voornaam="Noor", **velden) -> Aanmelding:
    return services.aanmelding_registreren(
        rol or w.school, school=school or w.school_a, ontvangen_op=vandaag() - dt.timedelta(days=dagen),
        nieuwe_leerling={"voornaam": voornaam, "achternaam": "Visser", "geboortedatum": dt.date(2022, 3, 1)},
        ouders=[{"voornaam": "Anna", "achternaam": "Visser", "email": "anna@example.org", "relatie": "moeder",
                 "heeft_gezag": True}],
        **velden,
    )


def _foto(a: Aanmelding | None):
    tellers = (Aanmelding.objects.count(), Stap.objects.count(), Inschrijving.objects.count(),
               Leerling.objects.count(), Ouder.objects.count(), Aanvraag.objects.count(), AuditEvent.objects.count())
    if a is None:
        return tellers
    a = Aanmelding.objects.get(pk=a.pk)
    velden = {f.attname: getattr(a, f.attname) for f in Aanmelding._meta.concrete_fields}
    velden["verlengingsbrief"] = str(velden["verlengingsbrief"])
    return tellers, velden


@contextmanager
def niets_verandert(a: Aanmelding | None = None, fout=(PermissionDenied, ValidationError)):
    """The block must be refused and must leave every row as it was."""
    voor = _foto(a)
    with pytest.raises(fout) as e:
        yield e
    assert _foto(a) == voor


# ------------------------------------------------------------------------------------------------------------
# Registering
# ------------------------------------------------------------------------------------------------------------

def test_aanmelding_voor_een_nieuwe_leerling_met_ouders_en_zorgplicht(w):
    a = aanmelden(w, dagen=3, voorkeur=1, andere_scholen="De Eik", extra_ondersteuning_verwacht=True)
    assert a.status == Status.ONTVANGEN and a.heeft_zorgplicht and a.is_open
    assert a.leerling.swv == w.swv and not a.leerling.inschrijvingen.exists()
    assert [o.achternaam for o in a.leerling.ouders.all()] == ["Visser"]
    assert a.leerling.ouderrelaties.get().heeft_gezag
    assert a.stappen.get().tekst.startswith(f"Schriftelijke aanmelding ontvangen op {a.ontvangen_op:%d-%m-%Y}")
    # The school now sees the pupil; a second voorkeur has no zorgplicht.
    assert can(w.school, "view", a.leerling)
    tweede = aanmelden(w, rol=w.andere_school, school=w.school_b, voorkeur=2, voornaam="Mila")
    assert not tweede.heeft_zorgplicht and "geen zorgplicht" in tweede.stappen.get().tekst


def test_broertje_of_zusje_krijgt_hetzelfde_ouderrecord(w):
    """One parent is one record (and so one account in the parent portal): a second child of a parent the school
    already sees, with the same name and e-mail address, is linked to that parent."""
    eerste = aanmelden(w, voornaam="Noor")
    tweede = aanmelden(w, voornaam="Mila")
    anna = eerste.leerling.ouders.get()
    assert list(tweede.leerling.ouders.all()) == [anna]
    assert Ouder.objects.filter(achternaam="Visser").count() == 1
    # Another e-mail address is another person as far as Passend can tell: a record of their own.
    derde = services.aanmelding_registreren(
        w.school, school=w.school_a, ontvangen_op=vandaag(),
        nieuwe_leerling={"voornaam": "Sem", "achternaam": "Visser", "geboortedatum": dt.date(2021, 5, 1)},
        ouders=[{"voornaam": "Anna", "achternaam": "Visser", "email": "anna.visser@werk.example.org"}])
    assert derde.leerling.ouders.get() != anna


def test_aanmelding_van_een_bekende_leerling_maakt_de_ouder_niet_dubbel(w):
    eerste = aanmelden(w, voornaam="Noor")
    services.intrekken(w.school, eerste, reden="Ouders kozen eerst voor een andere school.")
    aantal = Ouder.objects.count()
    opnieuw = services.aanmelding_registreren(
        w.school, school=w.school_a, ontvangen_op=vandaag(), leerling=eerste.leerling,
        ouders=[{"voornaam": "anna", "achternaam": "VISSER", "email": "Anna@example.org", "relatie": "moeder"}])
    assert Ouder.objects.count() == aantal
    assert opnieuw.leerling.ouderrelaties.count() == 1


def test_aanmelding_registreren_weigert_en_laat_niets_achter(w):
    a = aanmelden(w)
    with niets_verandert(fout=PermissionDenied):
        aanmelden(w, rol=w.consulent)
    with niets_verandert(fout=PermissionDenied):
        aanmelden(w, school=w.school_b)  # not one of the school user's schools
    with niets_verandert(fout=PermissionDenied):
        aanmelden(w, rol=w.ouder)
    with niets_verandert(fout=ValidationError) as e:
        aanmelden(w, dagen=-1)
    assert "ontvangen_op" in e.value.message_dict
    with niets_verandert(fout=ValidationError) as e:
        aanmelden(w, voorkeur=0)
    assert "voorkeur" in e.value.message_dict
    with niets_verandert(fout=ValidationError) as e:
        services.aanmelding_registreren(w.school, school=w.school_a, ontvangen_op=vandaag())
    assert "leerling" in e.value.message_dict
    with niets_verandert(fout=ValidationError):
        services.aanmelding_registreren(w.school, school=w.school_a, ontvangen_op=vandaag(), leerling=w.leerling,
                                        nieuwe_leerling={"voornaam": "X", "achternaam": "Y",
                                                         "geboortedatum": dt.date(2020, 1, 1)})
    # A pupil the school cannot see (enrolled at another school) cannot be chosen.
    with niets_verandert(fout=PermissionDenied):
        services.aanmelding_registreren(w.school, school=w.school_a, ontvangen_op=vandaag(), leerling=w.leerling_b)
    # One open aanmelding per pupil and school.
    with niets_verandert(fout=ValidationError) as e:
        services.aanmelding_registreren(w.school, school=w.school_a, ontvangen_op=vandaag(), leerling=a.leerling)
    assert "al een open aanmelding" in str(e.value)
    # A new pupil without a name: nothing half-made.
    with niets_verandert(fout=ValidationError):
        services.aanmelding_registreren(w.school, school=w.school_a, ontvangen_op=vandaag(),
                                        nieuwe_leerling={"voornaam": "Zonder", "achternaam": "",
                                                         "geboortedatum": dt.date(2020, 1, 1)})


# ------------------------------------------------------------------------------------------------------------
# Extending
# ------------------------------------------------------------------------------------------------------------

def test_verlengen_eenmaal_met_brief_en_nieuwe_termijn(w):
    a = aanmelden(w, dagen=30)
    a = services.verlengen(w.school, a, reden="Wij wachten op het onderzoek van de orthopedagoog.")
    assert a.status == Status.VERLENGD and a.verlengd_op == vandaag()
    assert a.verlengingsbrief.name.endswith(".pdf")
    with a.verlengingsbrief.open("rb") as f:
        assert f.read(5) == b"%PDF-"
    stap = a.stappen.first()
    assert f"{regels.verlengd_uiterlijk(a.ontvangen_op):%d-%m-%Y}" in stap.tekst
    assert stap.toelichting == "Wij wachten op het onderzoek van de orthopedagoog."
    # The second extension is refused.
    with niets_verandert(a, ValidationError) as e:
        services.verlengen(w.school, a, reden="Nog een keer.")
    assert "één keer" in str(e.value)


@pytest.mark.parametrize(("dagen", "mag"), [(0, True), (42, True), (43, False), (60, False)])
def test_verlengen_alleen_binnen_6_weken(w, dagen, mag):
    a = aanmelden(w, dagen=dagen)
    if mag:
        assert services.verlengen(w.school, a, reden="Onderzoek loopt.").status == Status.VERLENGD
    else:
        with niets_verandert(a, ValidationError) as e:
            services.verlengen(w.school, a, reden="Onderzoek loopt.")
        assert "6 weken" in str(e.value)


def test_verlengen_weigert_zonder_reden_en_voor_een_ander(w):
    a = aanmelden(w)
    with niets_verandert(a, ValidationError) as e:
        services.verlengen(w.school, a, reden="  ")
    assert "reden" in e.value.message_dict
    for rol in (w.andere_school, w.consulent, w.directeur, w.ouder, w.andere_staf):
        with niets_verandert(a, PermissionDenied):
            services.verlengen(rol, a, reden="Onderzoek loopt.")


# ------------------------------------------------------------------------------------------------------------
# Outcomes
# ------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("extra", [True, False])
def test_toelaten_schrijft_in(w, extra):
    a = aanmelden(w, gewenste_startdatum=vandaag() + dt.timedelta(days=20))
    a = services.toelaten(w.school, a, met_extra_ondersteuning=extra)
    assert a.status == Status.TOEGELATEN and a.besloten_op == vandaag() and a.met_extra_ondersteuning is extra
    inschrijving = a.leerling.inschrijvingen.get()
    assert inschrijving.school == w.school_a and inschrijving.begindatum == a.gewenste_startdatum
    assert ("met extra ondersteuning" if extra else "zonder extra ondersteuning") in a.stappen.first().tekst
    # Decided: nothing more can be recorded on it.
    with niets_verandert(a, ValidationError) as e:
        services.toelaten(w.school, a, met_extra_ondersteuning=extra)
    assert "al besloten" in str(e.value)


def test_toelaten_van_een_eigen_leerling_schrijft_niet_dubbel_in(w):
    a = services.aanmelding_registreren(w.school, school=w.school_a, leerling=w.leerling, ontvangen_op=vandaag())
    voor = w.leerling.inschrijvingen.count()
    services.toelaten(w.school, a, met_extra_ondersteuning=True, begindatum=vandaag())
    assert w.leerling.inschrijvingen.count() == voor


@pytest.mark.parametrize("grond", Weigergrond.values)
def test_weigeren_op_elke_wettelijke_grond(w, grond):
    a = services.weigeren(w.school, aanmelden(w), grond=grond, motivering="De motivering die ouders krijgen.")
    assert a.status == Status.GEWEIGERD and a.weigergrond == grond and a.besloten_op == vandaag()
    assert not a.leerling.inschrijvingen.exists()


@pytest.mark.parametrize("grond", ["", "geen_plek", "anders", "VOL", None])
def test_weigeren_zonder_wettelijke_grond_kan_niet(w, grond):
    a = aanmelden(w)
    with niets_verandert(a, ValidationError) as e:
        services.weigeren(w.school, a, grond=grond, motivering="Wij hebben geen passende plek.")
    assert "wettelijke grond" in " ".join(e.value.message_dict["grond"])


def test_weigeren_vraagt_een_motivering_en_de_eigen_school(w):
    a = aanmelden(w)
    with niets_verandert(a, ValidationError) as e:
        services.weigeren(w.school, a, grond="vol", motivering="vol")
    assert "motivering" in e.value.message_dict
    with niets_verandert(a, PermissionDenied):
        services.weigeren(w.andere_school, a, grond="vol", motivering="De school is helemaal vol.")


def test_elders_voorstellen_en_bevestigen_schrijft_in_op_de_andere_school(w):
    a = services.elders_voorstellen(w.school, aanmelden(w), andere_school=w.school_b, motivering=MOTIVERING)
    assert a.status == Status.ELDERS_VOORGESTELD and a.is_open and a.besloten_op is None
    # Only the proposed school confirms: not the first school, not a third, not the SWV, not the parent.
    for rol in (w.school, w.school_so, w.consulent, w.directeur, w.ouder, w.andere_staf):
        with niets_verandert(a, PermissionDenied):
            services.elders_bevestigen(rol, a, akkoord=True)
    # While the proposal is open the first school cannot admit the pupil itself.
    with niets_verandert(a, ValidationError):
        services.toelaten(w.school, a, met_extra_ondersteuning=False)
    a = services.elders_bevestigen(w.andere_school, a, akkoord=True, begindatum=vandaag() + dt.timedelta(days=7))
    assert a.status == Status.ELDERS_GEPLAATST and a.besloten_op == vandaag()
    assert a.andere_school_bevestigd_op == vandaag() and a.andere_school_bevestigd_door == w.andere_school.user
    inschrijving = a.leerling.inschrijvingen.get()
    assert inschrijving.school == w.school_b and inschrijving.begindatum == vandaag() + dt.timedelta(days=7)
    # Confirmed once: a second confirmation is refused.
    with niets_verandert(a, PermissionDenied):
        services.elders_bevestigen(w.andere_school, a, akkoord=True)


def test_elders_afslaan_geeft_de_aanmelding_terug_met_de_lopende_termijn(w):
    a = services.verlengen(w.school, aanmelden(w, dagen=20), reden="Onderzoek loopt.")
    a = services.elders_voorstellen(w.school, a, andere_school=w.school_b, motivering=MOTIVERING)
    a = services.elders_bevestigen(w.andere_school, a, akkoord=False, toelichting="Groep 1 is vol.")
    assert a.status == Status.VERLENGD and a.andere_school is None and a.besloten_op is None
    assert a.verlengd_op is not None and not a.leerling.inschrijvingen.exists()
    assert "De Eik kan de leerling niet plaatsen" in a.stappen.first().tekst
    b = services.elders_voorstellen(w.school, aanmelden(w, voornaam="Mila"), andere_school=w.school_b,
                                    motivering=MOTIVERING)
    b = services.elders_bevestigen(w.andere_school, b, akkoord=False)
    assert b.status == Status.ONTVANGEN


def test_elders_voorstellen_vraagt_een_andere_school_en_motivering(w):
    a = aanmelden(w)
    with niets_verandert(a, ValidationError) as e:
        services.elders_voorstellen(w.school, a, andere_school=w.school_a, motivering=MOTIVERING)
    assert "andere_school" in e.value.message_dict
    with niets_verandert(a, ValidationError) as e:
        services.elders_voorstellen(w.school, a, andere_school=w.school_b, motivering="kort")
    assert "motivering" in e.value.message_dict
    with niets_verandert(a, PermissionDenied):
        services.elders_voorstellen(w.andere_school, a, andere_school=w.school_b, motivering=MOTIVERING)


def test_intrekken(w):
    a = aanmelden(w)
    with niets_verandert(a, ValidationError):
        services.intrekken(w.school, a, reden="")
    with niets_verandert(a, PermissionDenied):
        services.intrekken(w.ouder, a, reden="Wij kiezen een andere school.")
    a = services.intrekken(w.school, a, reden="Ouders kozen een school dichter bij huis.")
    assert a.status == Status.INGETROKKEN and a.besloten_op == vandaag() and not a.is_open


@pytest.mark.parametrize("besluit", ["toegelaten", "geweigerd", "ingetrokken", "elders_geplaatst"])
def test_op_een_besliste_aanmelding_kan_niets_meer(w, besluit):
    a = aanmelden(w)
    if besluit == "toegelaten":
        a = services.toelaten(w.school, a, met_extra_ondersteuning=False)
    elif besluit == "geweigerd":
        a = services.weigeren(w.school, a, grond="cluster12", motivering="Cluster 2: landelijke procedure.")
    elif besluit == "ingetrokken":
        a = services.intrekken(w.school, a, reden="Verhuisd.")
    else:
        a = services.elders_voorstellen(w.school, a, andere_school=w.school_b, motivering=MOTIVERING)
        a = services.elders_bevestigen(w.andere_school, a, akkoord=True)
    pogingen = [
        lambda: services.verlengen(w.school, a, reden="Toch nog verlengen."),
        lambda: services.toelaten(w.school, a, met_extra_ondersteuning=True),
        lambda: services.weigeren(w.school, a, grond="vol", motivering="De school is helemaal vol."),
        lambda: services.elders_voorstellen(w.school, a, andere_school=w.school_so, motivering=MOTIVERING),
        lambda: services.intrekken(w.school, a, reden="Toch ingetrokken."),
        lambda: services.hulp_vragen(w.school, a, vraag="Help ons een plek te vinden."),
    ]
    for poging in pogingen:
        with niets_verandert(a, ValidationError) as e:
            poging()
        assert "al besloten" in str(e.value)


# ------------------------------------------------------------------------------------------------------------
# Asking the SWV for help
# ------------------------------------------------------------------------------------------------------------

def test_hulp_vragen_maakt_een_adviesvraag_die_de_school_later_indient(w):
    a = aanmelden(w, dagen=20, extra_ondersteuning_verwacht=True)
    aanvraag = services.hulp_vragen(w.school, a, vraag="Wij zoeken een passende plek voor deze leerling.")
    a.refresh_from_db()
    assert a.hulpvraag == aanvraag and a.is_open
    assert aanvraag.soort == Soort.ADVIES and aanvraag.status == AanvraagStatus.CONCEPT
    assert aanvraag.leerling == a.leerling and aanvraag.school == w.school_a
    assert aanvraag.nummer in a.stappen.first().tekst
    assert can(w.school, "view", aanvraag) and can(w.school, "change", aanvraag)
    assert can(w.consulent, "view", aanvraag)
    # A second help request for the same aanmelding is refused; so is an empty question.
    with niets_verandert(a, ValidationError):
        services.hulp_vragen(w.school, a, vraag="Nog een keer.")
    b = aanmelden(w, voornaam="Mila")
    with niets_verandert(b, ValidationError) as e:
        services.hulp_vragen(w.school, b, vraag=" ")
    assert "vraag" in e.value.message_dict
    with niets_verandert(b, PermissionDenied):
        services.hulp_vragen(w.consulent, b, vraag="Graag hulp.")
    # Later the school completes and submits the request, with the parent's agreement.
    ouder = RolFactory(rol="ouder", swv=w.swv, user=UserFactory(username="anna-visser"))
    a.leerling.ouders.update(user=ouder.user)
    toewijzing.aanvraag_bijwerken(w.school, aanvraag, al_gedaan="Intakegesprek en observatie in groep 1.",
                                  zienswijze_leerling="Te jong om te bevragen; ouders vertellen dat ze graag komt.")
    toewijzing.bijlage_toevoegen(w.school, aanvraag, "opp", pdf_upload("groeidocument.pdf"))
    toewijzing.ouderreactie_geven(ouder, aanvraag, akkoord="akkoord", zienswijze="Wij willen graag hulp.")
    aanvraag = toewijzing.transitie(w.school, Aanvraag.objects.get(pk=aanvraag.pk), "indienen")
    assert aanvraag.status == AanvraagStatus.INGEDIEND


def test_een_ingetrokken_rol_legt_niets_vast(w):
    """A school role that was deactivated (the IB'er left) can no longer record or confirm anything."""
    oud_a = RolFactory(rol="school", swv=w.swv, scholen=[w.school_a], actief=False, user=UserFactory(username="oud-a"))
    oud_b = RolFactory(rol="school", swv=w.swv, scholen=[w.school_b], actief=False, user=UserFactory(username="oud-b"))
    with niets_verandert(fout=PermissionDenied):
        aanmelden(w, rol=oud_a)
    a = services.elders_voorstellen(w.school, aanmelden(w), andere_school=w.school_b, motivering=MOTIVERING)
    with niets_verandert(a, PermissionDenied):
        services.elders_bevestigen(oud_b, a, akkoord=True)
    with niets_verandert(a, PermissionDenied):
        services.verlengen(oud_a, a, reden="Onderzoek loopt.")


def test_een_school_uit_een_ander_swv_bevestigt_niet(w):
    """Even a role of another SWV that lists the proposed school cannot confirm the placement."""
    vreemd = RolFactory(rol="school", swv=w.ander_swv, scholen=[w.school_b], user=UserFactory(username="vreemd"))
    a = services.elders_voorstellen(w.school, aanmelden(w), andere_school=w.school_b, motivering=MOTIVERING)
    with niets_verandert(a, PermissionDenied):
        services.elders_bevestigen(vreemd, a, akkoord=True)


def test_elders_intrekken_geeft_de_aanmelding_terug_aan_de_school(w):
    a = services.verlengen(w.school, aanmelden(w, dagen=10), reden="Onderzoek loopt.")
    with niets_verandert(a, ValidationError) as e:
        services.elders_intrekken(w.school, a, reden="Geen voorstel.")
    assert "geen voorstel" in str(e.value)
    a = services.elders_voorstellen(w.school, a, andere_school=w.school_b, motivering=MOTIVERING)
    with niets_verandert(a, ValidationError) as e:
        services.elders_intrekken(w.school, a, reden=" ")
    assert "reden" in e.value.message_dict
    for rol in (w.andere_school, w.consulent, w.ouder):
        with niets_verandert(a, PermissionDenied):
            services.elders_intrekken(rol, a, reden="Ouders willen toch hier blijven.")
    a = services.elders_intrekken(w.school, a, reden="Ouders willen toch hier blijven.")
    assert a.status == Status.VERLENGD and a.andere_school is None and a.is_open
    # The other school no longer sees the aanmelding or the pupil; the first school can admit now.
    assert not can(w.andere_school, "view", a) and not can(w.andere_school, "view", a.leerling)
    assert services.toelaten(w.school, a, met_extra_ondersteuning=True).status == Status.TOEGELATEN


def test_elders_voorstellen_alleen_aan_een_school_die_kan_bevestigen(w):
    elders = SchoolFactory(vestigingscode="98ZZ01", naam="Ver Weg", regio_swv_po=w.ander_swv)
    a = aanmelden(w)
    with niets_verandert(a, ValidationError) as e:
        services.elders_voorstellen(w.school, a, andere_school=elders, motivering=MOTIVERING)
    assert "regio" in " ".join(e.value.message_dict["andere_school"])
