"""The whole transition table, walked: every step, from every state, for every role and every request type.

For each request type and each state a request is brought there once (through the services, with what the
steps from that state need already in place). Then every step name is tried by every role of the world:
the steps the table allows for that role are possible (and taking them changes the status, writes a line on
the timeline and an audit row), every other combination is refused with a reason in Dutch and changes
nothing. A taken step is rolled back, so one request serves all roles and steps of its state.

Each requirement of the table is then shown to refuse on its own (test_vereiste_weigert), and the table
itself is pinned against what the law and the issue say (test_tabel_zegt_wat_de_wet_zegt).
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from passend.accounts.models import Rol
from passend.audit.context import acting_as, actor_for
from passend.audit.models import AuditEvent
from passend.toewijzing import services, workflow
from passend.toewijzing.models import (
    Aanvraag,
    Adviesopdracht,
    Arrangement,
    Beroep,
    Beschikking,
    Besluit,
    Bezwaar,
    Gebeurtenis,
    Soort,
    Status,
    Tlv,
    Toewijzingsinstellingen,
    vandaag,
)
from passend.toewijzing.workflow import OngeldigeTransitie

from .conftest import ALLE_ROLLEN, pdf_upload

S = Status
TLV_SOORTEN = (Soort.TLV, Soort.VERLENGING)
MOTIVERING = "Beide deskundigen adviseren positief; de school kan de ondersteuning niet bieden."

# Roles in the world that belong to the request (school_a's own school user, staff of the same SWV).
# Everyone else is refused even when their kind of role may take the step.
VAN_DEZE_AANVRAAG = {"school", "consulent", "directeur"}


@pytest.fixture(autouse=True)
def _snelle_brief(monkeypatch):
    """The letter itself is tested in the beschikking's own tests; here hundreds of decisions are taken and
    rolled back, so a stand-in PDF keeps the walk fast (the Beschikking row is still made and checked)."""
    monkeypatch.setattr("passend.toewijzing.pdf.beschikking_pdf",
                        lambda aanvraag, besluit, *, soort, bezwaar=None: (f"Besluit {aanvraag.nummer}", b"%PDF-1.7\n"))


class _Terug(Exception):
    """Raised to roll back a step that was taken only to see it work."""


def _gegevens(naam: str) -> dict:
    """What each step asks as input (valid input, so only the table decides)."""
    return {
        "aanvulling_vragen": {"toelichting": "Voeg het OPP van dit schooljaar toe."},
        "intrekken": {"toelichting": "De leerling verhuist naar een andere regio."},
        "buiten_behandeling_stellen": {"toelichting": "Het OPP ontbreekt nog steeds; zonder OPP is niet te "
                                                      "beoordelen welke ondersteuning de leerling nodig heeft."},
        "besluiten": {"uitkomst": "toegekend", "motivering": MOTIVERING},
        "bezwaar_registreren": {"ontvangen_op": vandaag(), "indiener": "ouders",
                                "gronden": "Wij vinden categorie laag te laag."},
        "beslissen_op_bezwaar": {"uitkomst": "gegrond", "motivering": "Het bezwaar is terecht; categorie midden.",
                                 "herzien": {"categorie": "midden"}},
    }.get(naam, {})


def _vers(a) -> Aanvraag:
    return Aanvraag.objects.get(pk=a.pk)


def _nieuw(w, soort) -> Aanvraag:
    """A complete concept of `soort`; a verlenging extends a TLV granted earlier to the same pupil."""
    if soort == Soort.VERLENGING:
        eerder = w.naar(w.aanvraag(Soort.TLV), S.BESLOTEN)
        return w.aanvraag(Soort.VERLENGING, vorige_tlv=eerder.tlvs.get())
    return w.aanvraag(soort)


def aanvulling_verlopen(a, dagen_geleden: int = 21, termijn_dagen: int = 14) -> None:
    """Test set-up: the request to complete was made `dagen_geleden` days ago with a completion term of
    `termijn_dagen` days (by default it ended a week ago), as if that time has passed. The services set a term
    from today only; the timeline is append-only in the application, not in the test database."""
    gevraagd = timezone.now() - dt.timedelta(days=dagen_geleden)
    Gebeurtenis.objects.filter(aanvraag=a, transitie="aanvulling_vragen").update(
        tijdstip=gevraagd, aanvullen_uiterlijk=timezone.localdate(gevraagd) + dt.timedelta(days=termijn_dagen))


def _vraag_deskundigen(w, a) -> None:
    services.deskundige_vragen(w.consulent, _vers(a), deskundige=w.deskundige1.user, volgorde=1,
                               beroep=Beroep.ORTHOPEDAGOOG)
    if a.is_tlv:
        services.deskundige_vragen(w.consulent, _vers(a), deskundige=w.deskundige2.user, volgorde=2,
                                   beroep=Beroep.ARTS)


def bereid(w, soort, status) -> Aanvraag:
    """A request of `soort` in `status` where everything the steps from `status` require is in place."""
    a = _nieuw(w, soort)
    verleden = {"datum": vandaag() - dt.timedelta(days=70)}  # the objection term is over
    if status == S.CONCEPT:
        w.ouder_akkoord(a)
    elif status == S.INGEDIEND:
        a = w.naar(a, S.INGEDIEND)
        services.consulent_toewijzen(w.consulent, _vers(a), w.consulent.user)
    elif status == S.IN_BEHANDELING:
        # Asked and answered: the request may go on to "advies gevraagd", and (not a TLV) be decided.
        a = w.naar(a, S.IN_BEHANDELING)
        _vraag_deskundigen(w, a)
        w.adviseer(_vers(a))
    elif status == S.ADVIES_GEVRAAGD:
        a = w.naar(a, S.ADVIES_GEVRAAGD)
        w.adviseer(_vers(a))
    elif status == S.AANVULLING:
        # The completion term has passed unused, so the SWV may also stop the request (Awb 4:5).
        a = w.naar(a, S.AANVULLING)
        aanvulling_verlopen(a)
    elif status == S.INGETROKKEN:
        services.transitie(w.school, _vers(a), "intrekken", toelichting="Dubbel aangemaakt.")
    else:
        w.naar(a, status, **verleden)
    a = _vers(a)
    assert a.status == status
    return a


def bereikbaar(soort) -> list[str]:
    """The states a request of `soort` can reach (only a TLV or verlenging goes into objection)."""
    return [s for s in Status.values if s != S.BEZWAAR or soort in TLV_SOORTEN]


GEVALLEN = [(soort, status) for soort in Soort.values for status in bereikbaar(soort)]


def _zichtbaar_voor(w, rolnaam: str, a: Aanvraag) -> bool:
    """Who can see this request at all (else a step is refused as "no access", not as an illegal step)."""
    if rolnaam in ("school", "consulent", "directeur", "ouder", "leerling_zelf"):
        return True
    if rolnaam in ("deskundige1", "deskundige2"):
        user = getattr(w, rolnaam).user
        return a.status in (S.INGEDIEND, S.AANVULLING, S.IN_BEHANDELING, S.ADVIES_GEVRAAGD) and (
            a.adviesopdrachten.filter(
                deskundige=user, status__in=[Adviesopdracht.Status.GEVRAAGD, Adviesopdracht.Status.GEGEVEN]
            ).exists()
        )
    return False


def _stand(a: Aanvraag) -> tuple:
    """Everything a step could change, to see that a refused one changed nothing. One plain query: this runs
    after each of the few thousand refused steps."""
    tellingen = ", ".join(
        f"(SELECT COUNT(*) FROM {m._meta.db_table} WHERE aanvraag_id = a.id)"
        for m in (Gebeurtenis, Besluit, Bezwaar, Tlv, Arrangement, Beschikking)
    )
    sql = (
        f"SELECT a.status, a.ingediend_op, a.besloten_op, a.afgesloten_op, {tellingen}, "
        f"(SELECT COUNT(*) FROM {AuditEvent._meta.db_table} WHERE object_type = %s AND object_id = %s) "
        f"FROM {Aanvraag._meta.db_table} a WHERE a.id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, ["toewijzing.aanvraag", str(a.pk), a.pk])
        return tuple(cursor.fetchone())


def _verwacht_reden(t, a, rol) -> str:
    """The kind of reason weigering() must give (a Dutch sentence containing this)."""
    if t is None:
        return "bestaat niet voor een"
    if a.status not in t.van:
        return f"kan niet vanuit de status '{a.get_status_display()}'"
    if rol.rol not in t.rollen:
        return "is voorbehouden aan"
    return "hoort niet bij uw school of samenwerkingsverband"


def _neem_stap_en_draai_terug(w, rol, a, t) -> None:
    voor = _stand(a)
    aantal_tlvs = Tlv.objects.filter(swv=a.swv).count()
    with pytest.raises(_Terug), transaction.atomic():
        with acting_as(actor_for(rol.user, rol)):
            na = services.transitie(rol, _vers(a), t.naam, **_gegevens(t.naam))
        assert na.status == t.naar
        assert _vers(a).status == t.naar
        g = Gebeurtenis.objects.filter(aanvraag=a, transitie=t.naam).latest("pk")
        assert (g.van_status, g.naar_status, g.user_id, g.rol) == (a.status, t.naar, rol.user_id, rol.rol)
        assert Gebeurtenis.objects.filter(aanvraag=a).count() == voor[4] + 1
        audit = AuditEvent.objects.filter(object_type="toewijzing.aanvraag", object_id=str(a.pk)).latest("id")
        assert audit.user_id == rol.user_id and audit.velden == ["status"] and audit.leerling_id == a.leerling_id
        if t.naam == "besluiten":
            assert Besluit.objects.filter(aanvraag=a).exists()
            assert a.beschikkingen.count() == voor[9] + 1
            if a.is_tlv:
                assert Tlv.objects.filter(swv=a.swv).count() == aantal_tlvs + 1
            elif a.soort == Soort.ARRANGEMENT:
                assert Arrangement.objects.filter(aanvraag=a).exists()
        if t.naam == "bezwaar_registreren":
            assert Bezwaar.objects.filter(aanvraag=a, beslist_op__isnull=True).count() == 1
        if t.naam == "beslissen_op_bezwaar":
            assert not Bezwaar.objects.filter(aanvraag=a, beslist_op__isnull=True).exists()
        if t.naar in (S.AFGESLOTEN, S.INGETROKKEN):
            assert _vers(a).afgesloten_op == vandaag()
        if t.naam == "buiten_behandeling_stellen":
            # Closed without a decision, with its reason; the status says so wherever it shows.
            assert _vers(a).afsluitreden == "buiten_behandeling" and not Besluit.objects.filter(aanvraag=a).exists()
            assert _vers(a).get_status_display() == "Niet behandeld: niet op tijd aangevuld"
            assert g.toelichting == _gegevens(t.naam)["toelichting"]
        else:
            assert _vers(a).afsluitreden == ""
        raise _Terug
    assert _stand(a) == voor


@pytest.mark.parametrize(("soort", "status"), GEVALLEN, ids=[f"{s}-{st}" for s, st in GEVALLEN])
def test_elke_stap_voor_elke_rol(w, soort, status):
    a = bereid(w, soort, status)
    voor = _stand(a)
    toegestaan = set()
    for naam in workflow.NAMEN:
        t = workflow.transitie_voor(naam, soort)
        a = _vers(a)  # unchanged by the steps tried (they are refused or rolled back)
        for rolnaam in ALLE_ROLLEN:
            rol = getattr(w, rolnaam)
            mag = t is not None and status in t.van and rol.rol in t.rollen and rolnaam in VAN_DEZE_AANVRAAG
            reden = workflow.weigering(rol, a, naam)
            if mag:
                assert reden is None, (naam, rolnaam, reden)
                assert (t, None) in workflow.mogelijke_stappen(rol, a)
                _neem_stap_en_draai_terug(w, rol, a, t)
                toegestaan.add((naam, rolnaam))
                continue
            assert reden and _verwacht_reden(t, a, rol) in reden, (naam, rolnaam, reden)
            verwacht = OngeldigeTransitie if _zichtbaar_voor(w, rolnaam, a) else PermissionDenied
            with pytest.raises(verwacht) as fout:
                services.transitie(rol, a, naam, **_gegevens(naam))
            if verwacht is OngeldigeTransitie:
                assert str(fout.value) == reden
            assert _stand(a) == voor, (naam, rolnaam)
    # Every state but the final ones has a way on, and only the people of this request can take it.
    if status != S.INGETROKKEN and not (status == S.AFGESLOTEN and soort not in TLV_SOORTEN):
        assert toegestaan
    else:
        assert not toegestaan
    assert {rolnaam for _, rolnaam in toegestaan} <= VAN_DEZE_AANVRAAG


def test_onbekende_stap_wordt_geweigerd(w):
    a = w.aanvraag()
    assert workflow.weigering(w.school, a, "goedkeuren") == "Onbekende stap: goedkeuren."
    with pytest.raises(OngeldigeTransitie):
        services.transitie(w.school, a, "goedkeuren")
    assert _vers(a).status == S.CONCEPT


# ------------------------------------------------------------------------------------------------------------
# Each requirement refuses on its own
# ------------------------------------------------------------------------------------------------------------

def _zonder_opp(w):
    a = w.aanvraag(compleet=False, tlv_soort="sbo", vraag="Wat nodig is", al_gedaan="Veel",
                   zienswijze_leerling="Wil graag", zienswijze_ouders_school="Ouders steunen het")
    w.ouder_akkoord(a)
    return a, w.school, "indienen", "OPP"


def _opp_verwijderd_na_aanvulling(w):
    a = w.naar(w.aanvraag(), S.AANVULLING)
    services.bijlage_verwijderen(w.school, a.bijlagen.get(soort="opp"))
    return a, w.school, "opnieuw_indienen", "OPP"


def _arrangement_zonder_instemming(w):
    return w.aanvraag(Soort.ARRANGEMENT), w.school, "indienen", "instemming van een ouder met gezag"


def _tlv_zonder_instemming_zonder_toelichting(w):
    return w.aanvraag(Soort.TLV), w.school, "indienen", "licht dan toe waarom"


def _tlv_ouder_niet_akkoord(w):
    a = w.aanvraag(Soort.TLV)
    w.ouder_akkoord(a, akkoord="niet_akkoord")
    return a, w.school, "indienen", "licht dan toe waarom"


def _zonder_consulent(w):
    return w.naar(w.aanvraag(), S.INGEDIEND), w.consulent, "in_behandeling_nemen", "consulent"


def _tlv_alleen_eerste_deskundige(w):
    a = w.naar(w.aanvraag(), S.IN_BEHANDELING)
    services.deskundige_vragen(w.consulent, a, deskundige=w.deskundige1.user, volgorde=1, beroep=Beroep.PSYCHOLOOG)
    return a, w.consulent, "advies_vragen", "twee deskundigen"


def _arrangement_zonder_deskundige(w):
    return w.naar(w.aanvraag(Soort.ARRANGEMENT), S.IN_BEHANDELING), w.consulent, "advies_vragen", "Vraag eerst"


def _tlv_advies_nog_open(w):
    return w.naar(w.aanvraag(), S.ADVIES_GEVRAAGD), w.directeur, "besluiten", "nog een adviesvraag open"


def _arrangement_advies_nog_open(w):
    a = w.naar(w.aanvraag(Soort.ARRANGEMENT), S.ADVIES_GEVRAAGD)
    return a, w.consulent, "besluiten", "nog een adviesvraag open"


def _tlv_een_advies(w):
    a = w.naar(w.aanvraag(), S.ADVIES_GEVRAAGD)
    eerste, tweede = a.adviesopdrachten.order_by("volgorde")
    services.advies_geven(w.deskundige1, eerste, niet_eerder_betrokken=True, zelfstandig_opgesteld=True,
                          conclusie="positief", advies="De leerling heeft een kleine groep en veel structuur nodig.")
    services.deskundige_intrekken(w.consulent, tweede)
    return a, w.directeur, "besluiten", "tweede deskundige ontbreekt"


def _tlv_eerste_was_betrokken(w):
    a = w.naar(w.aanvraag(), S.ADVIES_GEVRAAGD)
    eerste = a.adviesopdrachten.get(volgorde=1)
    services.advies_geven(w.deskundige1, eerste, niet_eerder_betrokken=False)
    w.adviseer(_vers(a))
    return a, w.directeur, "besluiten", "eerste deskundige (orthopedagoog of psycholoog) ontbreekt"


def _tlv_twee_adviezen_zelfde_persoon(w):
    # The services refuse to ask one person twice (test_services.py); should such rows exist anyway, the
    # decision is still refused.
    a = w.naar(w.aanvraag(), S.ADVIES_GEVRAAGD)
    w.adviseer(a)
    Adviesopdracht.objects.filter(aanvraag=a, volgorde=2).update(deskundige=w.deskundige1.user)
    return a, w.directeur, "besluiten", "twee verschillende deskundigen"


def _tlv_binnen_bezwaartermijn(w):
    return w.naar(w.aanvraag(), S.BESLOTEN), w.consulent, "afsluiten", "De bezwaartermijn loopt nog tot en met"


def _besloten_zonder_besluit(w):
    # Cannot arise through the services (a decision is the only way into "besloten"); the table guards it.
    a = w.naar(w.aanvraag(Soort.ARRANGEMENT), S.IN_BEHANDELING)
    Aanvraag.objects.filter(pk=a.pk).update(status=S.BESLOTEN)
    return a, w.consulent, "afsluiten", "Er is nog geen besluit."


def _bezwaar_zonder_open_bezwaar(w):
    # Likewise only reachable by writing rows directly.
    a = w.naar(w.aanvraag(), S.BEZWAAR, datum=vandaag() - dt.timedelta(days=10))
    Bezwaar.objects.filter(aanvraag=a).update(beslist_op=vandaag(), uitkomst="ingetrokken")
    return a, w.directeur, "beslissen_op_bezwaar", "Er is geen open bezwaar."


def _aanvultermijn_loopt_nog(w):
    # On the last day of the completion term the school may still complete: not yet.
    a = w.naar(w.aanvraag(Soort.ARRANGEMENT), S.AANVULLING)
    aanvulling_verlopen(a, dagen_geleden=14, termijn_dagen=14)
    return a, w.consulent, "buiten_behandeling_stellen", f"nog aanvullen tot en met {vandaag():%d-%m-%Y}"


def _tlv_aanvulling_zonder_termijn(w):
    # A request to complete recorded without a term (before Passend stored one): never stopped for it.
    a = w.naar(w.aanvraag(), S.AANVULLING)
    Gebeurtenis.objects.filter(aanvraag=a, transitie="aanvulling_vragen").update(
        tijdstip=timezone.now() - dt.timedelta(days=60), aanvullen_uiterlijk=None)
    return a, w.directeur, "buiten_behandeling_stellen", "geen termijn gesteld"


def _al_een_open_bezwaar(w):
    a = w.naar(w.aanvraag(), S.BEZWAAR, datum=vandaag() - dt.timedelta(days=10))
    Aanvraag.objects.filter(pk=a.pk).update(status=S.BESLOTEN)
    return a, w.consulent, "bezwaar_registreren", "Er loopt al een bezwaar."


VEREISTEN = [
    (workflow._compleet, _zonder_opp),
    (workflow._compleet, _opp_verwijderd_na_aanvulling),
    (workflow._ouderinstemming, _arrangement_zonder_instemming),
    (workflow._ouderinstemming, _tlv_zonder_instemming_zonder_toelichting),
    (workflow._ouderinstemming, _tlv_ouder_niet_akkoord),
    (workflow._consulent, _zonder_consulent),
    (workflow._deskundigen_gevraagd, _tlv_alleen_eerste_deskundige),
    (workflow._deskundigen_gevraagd, _arrangement_zonder_deskundige),
    (workflow._geen_open_advies, _tlv_advies_nog_open),
    (workflow._geen_open_advies, _arrangement_advies_nog_open),
    (workflow._deskundigenadvies, _tlv_een_advies),
    (workflow._deskundigenadvies, _tlv_eerste_was_betrokken),
    (workflow._deskundigenadvies, _tlv_twee_adviezen_zelfde_persoon),
    (workflow._bezwaartermijn_voorbij, _tlv_binnen_bezwaartermijn),
    (workflow._heeft_besluit, _besloten_zonder_besluit),
    (workflow._open_bezwaar, _bezwaar_zonder_open_bezwaar),
    (workflow._geen_open_bezwaar, _al_een_open_bezwaar),
    (workflow._aanvultermijn_verstreken, _aanvultermijn_loopt_nog),
    (workflow._aanvultermijn_verstreken, _tlv_aanvulling_zonder_termijn),
]


def test_elke_vereiste_heeft_een_weigeringsgeval():
    assert {check for check, _ in VEREISTEN} == set(workflow.VEREISTE_LABELS)


@pytest.mark.parametrize(("check", "maak"), VEREISTEN, ids=[m.__name__.lstrip("_") for _, m in VEREISTEN])
def test_vereiste_weigert(w, check, maak):
    a, rol, naam, kern = maak(w)
    a = _vers(a)
    reden = workflow.weigering(rol, a, naam)
    assert reden is not None and kern in reden
    assert check(a) is not None and check(a) in reden
    voor = _stand(a)
    with pytest.raises(OngeldigeTransitie) as fout:
        services.transitie(rol, a, naam, **_gegevens(naam))
    assert str(fout.value) == reden
    assert _stand(a) == voor
    assert (workflow.transitie_voor(naam, a.soort), reden) in workflow.mogelijke_stappen(rol, a)


def test_aanvulling_en_herstel_maken_de_stap_weer_mogelijk(w):
    """The refusals are about the request, not a dead end: once the missing piece is added the step works."""
    a, rol, naam, _ = _zonder_opp(w)
    services.bijlage_toevoegen(w.school, a, "opp", pdf_upload())
    assert workflow.weigering(rol, _vers(a), naam) is None

    a, rol, naam, _ = _tlv_zonder_instemming_zonder_toelichting(w)
    services.aanvraag_bijwerken(w.school, a, zonder_instemming_toelichting="Ouders zijn onbereikbaar; de "
                                "leerplichtambtenaar is betrokken.")
    assert workflow.weigering(rol, _vers(a), naam) is None

    a, rol, naam, _ = _zonder_consulent(w)
    services.consulent_toewijzen(w.consulent, a, w.consulent.user)
    assert workflow.weigering(rol, _vers(a), naam) is None

    a, rol, naam, _ = _tlv_alleen_eerste_deskundige(w)
    services.deskundige_vragen(w.consulent, a, deskundige=w.deskundige2.user, volgorde=2, beroep=Beroep.ARTS)
    assert workflow.weigering(rol, _vers(a), naam) is None

    a, rol, naam, _ = _aanvultermijn_loopt_nog(w)
    aanvulling_verlopen(a, dagen_geleden=15, termijn_dagen=14)  # a day later
    assert workflow.weigering(rol, _vers(a), naam) is None

    a, rol, naam, _ = _tlv_een_advies(w)
    services.deskundige_vragen(w.consulent, a, deskundige=w.deskundige2.user, volgorde=2, beroep=Beroep.ARTS)
    assert "nog een adviesvraag open" in workflow.weigering(rol, _vers(a), naam)
    w.adviseer(_vers(a))
    assert workflow.weigering(rol, _vers(a), naam) is None


def test_arrangement_zonder_instemming_kan_als_het_swv_dat_toestaat(w):
    a = w.aanvraag(Soort.ARRANGEMENT)
    Toewijzingsinstellingen.objects.create(swv=w.swv, ouderinstemming_vereist=False)
    assert workflow.weigering(w.school, a, "indienen") is None


def test_ouder_zonder_gezag_telt_niet_als_instemming(w):
    from tests.factories import OuderFactory, OuderKindFactory, RolFactory, UserFactory

    a = w.aanvraag(Soort.ARRANGEMENT)
    stiefouder = RolFactory(rol=Rol.OUDER, swv=w.swv, user=UserFactory(username="stiefouder"))
    OuderKindFactory(ouder=OuderFactory(swv=w.swv, user=stiefouder.user), leerling=w.leerling, heeft_gezag=False)
    services.ouderreactie_geven(stiefouder, a, akkoord="akkoord", zienswijze="Prima.")
    assert "instemming van een ouder met gezag" in workflow.weigering(w.school, _vers(a), "indienen")
    w.ouder_akkoord(a)
    assert workflow.weigering(w.school, _vers(a), "indienen") is None


def test_bezwaar_na_afsluiten_en_tweede_bezwaar_na_beslissing(w):
    """Objection is possible after closing (within or after the term; late ones are flagged); after the
    decision on it a new one can be registered, while one is open no second."""
    a = w.naar(w.aanvraag(), S.AFGESLOTEN, datum=vandaag() - dt.timedelta(days=70))
    a = services.transitie(w.consulent, a, "bezwaar_registreren", **_gegevens("bezwaar_registreren"))
    assert a.status == S.BEZWAAR and a.bezwaren.get().te_laat
    a = services.transitie(w.directeur, a, "beslissen_op_bezwaar", uitkomst="ingetrokken", motivering="")
    assert a.status == S.AFGESLOTEN
    assert workflow.weigering(w.consulent, _vers(a), "bezwaar_registreren") is None


# ------------------------------------------------------------------------------------------------------------
# The table itself
# ------------------------------------------------------------------------------------------------------------

ALLE = frozenset(Soort.values)
TLVS = frozenset(TLV_SOORTEN)
OVERIG = ALLE - TLVS
SCHOOL = {Rol.SCHOOL}
STAF = {Rol.SWV_MEDEWERKER, Rol.SWV_DIRECTEUR}
DIRECTEUR = {Rol.SWV_DIRECTEUR}
OPEN = {S.CONCEPT, S.INGEDIEND, S.AANVULLING, S.IN_BEHANDELING, S.ADVIES_GEVRAAGD}

# naam, voor welke soorten, vanuit, naar, wie. Only the directeur (or the committee acting as such) decides on
# a TLV and on the objection against it; the school submits; only a TLV can be objected to here.
VERWACHTE_TABEL = [
    ("indienen", ALLE, {S.CONCEPT}, S.INGEDIEND, SCHOOL),
    ("opnieuw_indienen", ALLE, {S.AANVULLING}, S.INGEDIEND, SCHOOL),
    ("aanvulling_vragen", ALLE, {S.INGEDIEND, S.IN_BEHANDELING}, S.AANVULLING, STAF),
    ("in_behandeling_nemen", ALLE, {S.INGEDIEND}, S.IN_BEHANDELING, STAF),
    ("advies_vragen", ALLE, {S.IN_BEHANDELING}, S.ADVIES_GEVRAAGD, STAF),
    ("besluiten", TLVS, {S.ADVIES_GEVRAAGD}, S.BESLOTEN, DIRECTEUR),
    ("besluiten", OVERIG, {S.IN_BEHANDELING, S.ADVIES_GEVRAAGD}, S.BESLOTEN, STAF),
    ("bezwaar_registreren", TLVS, {S.BESLOTEN, S.AFGESLOTEN}, S.BEZWAAR, STAF),
    ("beslissen_op_bezwaar", TLVS, {S.BEZWAAR}, S.AFGESLOTEN, DIRECTEUR),
    ("afsluiten", ALLE, {S.BESLOTEN}, S.AFGESLOTEN, STAF),
    # Awb 4:5: not completed in time, the request is not considered; a decision, so by whoever decides.
    ("buiten_behandeling_stellen", TLVS, {S.AANVULLING}, S.AFGESLOTEN, DIRECTEUR),
    ("buiten_behandeling_stellen", OVERIG, {S.AANVULLING}, S.AFGESLOTEN, STAF),
    ("intrekken", ALLE, OPEN, S.INGETROKKEN, SCHOOL | STAF),
]


def test_tabel_zegt_wat_de_wet_zegt():
    verwacht = {}
    for naam, soorten, van, naar, rollen in VERWACHTE_TABEL:
        for soort in soorten:
            verwacht[(naam, soort)] = (set(van), naar, set(rollen))
    for naam in workflow.NAMEN:
        for soort in Soort.values:
            t = workflow.transitie_voor(naam, soort)
            gevonden = None if t is None else (set(t.van), t.naar, set(t.rollen))
            assert gevonden == verwacht.get((naam, soort)), (naam, soort)
    assert set(workflow.NAMEN) == {naam for naam, *_ in VERWACHTE_TABEL}
    # A TLV decision rests on the two advices; the TLV can only be closed after the objection term.
    besluiten_tlv = workflow.transitie_voor("besluiten", Soort.TLV)
    assert workflow._deskundigenadvies in besluiten_tlv.vereisten
    assert workflow._bezwaartermijn_voorbij in workflow.transitie_voor("afsluiten", Soort.TLV).vereisten
    for soort in Soort.values:
        assert workflow._aanvultermijn_verstreken in workflow.transitie_voor("buiten_behandeling_stellen", soort).vereisten
    for t in workflow.TRANSITIES:
        assert t.label and all(workflow.VEREISTE_LABELS[v] for v in t.vereisten)
