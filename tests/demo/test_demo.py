"""The demo: one real PO SWV with its real schools, synthetic pupils, a user for every role; seeded and
idempotent."""

import datetime as dt

from django.core.management import call_command
from django.db.models import Q

from passend.accounts.models import LANDELIJKE_ROLLEN, Dossiertoegang, Rol, Roltoekenning, User
from passend.audit.models import AuditEvent
from passend.core.access import visible
from passend.demo.builder import DEMO_SWV, DEMO_USERS, demo_password
from passend.register import retention
from passend.register.models import Inschrijving, Leerling, School, Soort
from passend.toewijzing import regels
from passend.toewijzing.models import (
    Aanvraag,
    Adviesopdracht,
    Besluit,
    Besteding,
    Bezwaar,
    Gebeurtenis,
    Tlv,
    vandaag,
)
from passend.zorgplicht.models import Aanmelding


def test_demo_builds_real_swv_with_every_role(demo):
    member_schools = School.objects.filter(regio_swv_po__code=DEMO_SWV, soort__in=[Soort.BAO, Soort.SBO]).count()
    assert 100 <= member_schools <= 200
    pupils = Leerling.objects.filter(swv__code=DEMO_SWV)
    assert 500 <= pupils.count() <= 5000
    # Every pupil has a current enrolment at a real school of the region.
    assert not pupils.exclude(inschrijvingen__einddatum__isnull=True).exists()
    # Every role of an SWV; the national Steunpunt role has no SWV (tests/demo/test_demo_steunpunt.py).
    assert set(Roltoekenning.objects.filter(swv__code=DEMO_SWV).values_list("rol", flat=True)) == (
        set(Rol.values) - set(LANDELIJKE_ROLLEN))
    for du in DEMO_USERS:
        assert du.username in demo
    assert demo_password() in demo


def test_demo_is_idempotent_and_deterministic(demo, capsys):
    names = list(Leerling.objects.order_by("pk").values_list("voornaam", "achternaam", "geboortedatum")[:50])
    counts = (Leerling.objects.count(), Inschrijving.objects.count(), User.objects.count())
    call_command("demo")
    assert "bestond al" in capsys.readouterr().out
    assert (Leerling.objects.count(), Inschrijving.objects.count(), User.objects.count()) == counts
    # Rebuilding from scratch gives the same pupils (seeded). The domain records go first (requests,
    # aanmeldingen and OPP's protect the pupils they are about), as they do when a pupil's record is removed.
    ids = list(Leerling.objects.values_list("pk", flat=True))
    for eerst in retention.EERST_VERWIJDEREN:
        eerst(ids)
    Inschrijving.objects.all().delete()
    Leerling.objects.all().delete()
    call_command("demo")
    again = list(Leerling.objects.order_by("pk").values_list("voornaam", "achternaam", "geboortedatum")[:50])
    assert again == names


def test_every_demo_user_can_log_in_and_sees_their_start_page(demo, client):
    for du in DEMO_USERS:
        response = client.post("/account/inloggen/", {"username": du.username, "password": demo_password()},
                               follow=True)
        assert response.status_code == 200, du.username
        assert response.wsgi_request.user.username == du.username
        assert response.wsgi_request.path == "/", du.username
        client.post("/account/uitloggen/")


def test_demo_school_user_sees_only_own_school_pupils(demo):
    from passend.core.access import visible

    rol = Roltoekenning.objects.get(user__username="ib")
    seen = visible(rol, Leerling)
    assert seen.exists()
    school = rol.scholen.get()
    # Besides its own pupils only those with a written aanmelding at the school, or proposed to it.
    aangemeld = Aanmelding.objects.filter(Q(school=school) | Q(andere_school=school)).values("leerling_id")
    anders = seen.exclude(inschrijvingen__school=school)
    assert anders.exists() and not anders.exclude(pk__in=aangemeld).exists()
    ouder = Roltoekenning.objects.get(user__username="ouder")
    assert visible(ouder, Leerling).count() == 2


def test_demo_toewijzing_in_every_state_through_the_services(demo):
    """The demo's requests: every state and kind, decisions spread over two school years, expiring TLV's, an
    objection, and the people around them (the experts see only what they are asked about)."""
    aanvragen = Aanvraag.objects.filter(swv__code=DEMO_SWV)
    assert 20 <= aanvragen.count() <= 30
    # Two TLV's were granted before this year's count date: Middelen deducts them, traced to their numbers.
    from passend.middelen import gegevens
    from passend.middelen.models import Middeleninstellingen

    swv = aanvragen.first().swv
    begroting = gegevens.begroting(swv, vandaag().year, Middeleninstellingen.voor(swv))
    assert {r.component for r in begroting.aftrek} == {"sbo", "so_hoog"}
    assert all(r.refs for r in begroting.aftrek) and 0 < begroting.vrij < begroting.bruto
    assert set(aanvragen.values_list("status", flat=True)) == {
        "concept", "ingediend", "aanvulling", "in_behandeling", "advies_gevraagd", "besloten", "bezwaar", "afgesloten",
        "ingetrokken",
    }
    assert set(aanvragen.values_list("soort", flat=True)) == {"tlv", "verlenging", "arrangement", "advies"}
    tlvs = Tlv.objects.filter(swv__code=DEMO_SWV)
    assert {"sbo", "so", "vso"} <= set(tlvs.values_list("soort", flat=True))
    assert {"laag", "midden", "hoog"} <= set(tlvs.values_list("categorie", flat=True))
    assert tlvs.filter(emb=True).exists() and Besluit.objects.filter(uitkomst="afgewezen").exists()
    assert Besteding.objects.exists() and Bezwaar.objects.filter(beslist_op__isnull=True).exists()
    # Every decision has its letter; numbers are unique and carry the year of the decision.
    for a in aanvragen.exclude(besloten_op=None):
        assert a.beschikkingen.exists(), a.nummer
        assert a.besloten_op == a.besluit.datum <= vandaag()
    for t in tlvs:
        assert t.nummer.startswith(f"{DEMO_SWV}-{t.afgegeven_op.year}-")
    # Decisions over the last two school years, with realistic lead times; nothing dated in the future.
    besloten = list(aanvragen.exclude(besloten_op=None).values_list("ingediend_op", "besloten_op"))
    assert len({(d.year, (d.month - 1) // 3) for _, d in besloten}) >= 4
    assert all(14 <= (b - i).days <= 90 for i, b in besloten)
    # The oldest were decided shortly before this year's PO count date (1 February of last year).
    assert min(b for _, b in besloten) >= vandaag() - dt.timedelta(days=2 * 366 + 60)
    assert not Gebeurtenis.objects.filter(aanvraag__in=aanvragen, tijdstip__date__gt=vandaag()).exists()
    # The timeline of each request runs in the order of its steps.
    for a in aanvragen:
        stappen = list(a.gebeurtenissen.exclude(transitie="").order_by("tijdstip", "pk")
                       .values_list("van_status", "naar_status"))
        for (_, naar), (van, _) in zip(stappen, stappen[1:], strict=False):
            assert naar == van, a.nummer
    # TLV's that expire within three months: on the worklist, one already with a renewal request.
    verloopt = [t for t in tlvs if regels.tlv_status(t.begindatum, t.einddatum, t.ingetrokken_op, vandaag()) == "verloopt"]
    assert len(verloopt) >= 3
    assert aanvragen.filter(soort="verlenging", vorige_tlv__in=verloopt).count() == 1
    # The demo parent: one child's TLV request waits for their reaction, the other's decision letter is there.
    ouder = Roltoekenning.objects.get(user__username="ouder")
    van_ouder = visible(ouder, Aanvraag)
    wacht = van_ouder.get(status="concept")
    assert wacht.soort == "tlv" and not wacht.ouderreacties.exists()
    assert van_ouder.filter(beschikkingen__isnull=False).exists()
    # The experts: the psycholoog is always the first, the jeugdarts (arts) the second; each sees exactly the
    # requests with an open or given advice that are not decided, and only those pupils.
    for username, volgorde, beroep in (("deskundige", 1, "psycholoog"), ("jeugdarts", 2, "arts")):
        rol = Roltoekenning.objects.get(user__username=username)
        opdrachten = Adviesopdracht.objects.filter(deskundige=rol.user)
        assert set(opdrachten.values_list("volgorde", "beroep")) == {(volgorde, beroep)}
        lopend = aanvragen.filter(status__in=["ingediend", "aanvulling", "in_behandeling", "advies_gevraagd"],
                                  adviesopdrachten__in=opdrachten.filter(status__in=["gevraagd", "gegeven"]))
        assert lopend.exists()
        assert set(visible(rol, Aanvraag)) == set(lopend)
        assert set(visible(rol, Leerling)) == {a.leerling for a in lopend}
        assert not Dossiertoegang.objects.filter(user=rol.user, reden="Deskundigenadvies TLV (demo)").exists()
    # Who did it: the audit trail names the demo users.
    namen = set(AuditEvent.objects.filter(object_type="toewijzing.aanvraag").values_list("gebruikersnaam", flat=True))
    assert {"ib", "consulent", "directeur", "deskundige", "jeugdarts", "ouder"} <= namen


def test_demo_has_a_pupil_with_an_own_account_who_sees_only_their_own_file(demo, client):
    from passend.ouders.models import Portaalinstellingen

    assert "leerling" in demo
    inst = Portaalinstellingen.objects.get(swv__code=DEMO_SWV)
    assert inst.leerlingaccounts and 12 <= inst.minimumleeftijd <= 16
    rol = Roltoekenning.objects.get(user__username="leerling", rol=Rol.LEERLING, actief=True)
    eigen = Leerling.objects.get(user=rol.user)
    assert list(visible(rol, Leerling)) == [eigen]
    assert eigen.opps.filter(meningen__isnull=False).exists()
    response = client.post("/account/inloggen/", {"username": "leerling", "password": demo_password()}, follow=True)
    assert response.wsgi_request.user.username == "leerling"
    assert client.get("/ouders/mijn/").status_code == 200
