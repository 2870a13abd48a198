"""The demo: one real samenwerkingsverband (PO 23-05, regio Zwolle) with all its real schools from DUO's open
data, synthetic pupils in realistic numbers and one user for every role. Deterministic (seeded) and
idempotent: a second run finds everything in place and only refreshes the demo passwords.

The schoolbesturen are invented (DUO's school file has no bestuur) and marked is_demo.
"""

import datetime as dt
import os
import random
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q, Sum

from passend.accounts.models import Rol, Roltoekenning, User
from passend.audit.models import AuditEvent
from passend.register.models import (
    Gemeente,
    Inschrijving,
    Leerling,
    Ouder,
    OuderKind,
    Samenwerkingsverband,
    School,
    Schoolbestuur,
    Soort,
)

from .leerlingzorg import bouw_leerlingzorg
from .middelen import bouw_middelen
from .names import ACHTERNAMEN, VOORNAMEN_M, VOORNAMEN_V, split_achternaam
from .netwerk import bouw_netwerk
from .steunpunt import bouw_steunpunt
from .thuiszitters import bouw_thuiszitters
from .toewijzing import bouw_toewijzing
from .vervoer import bouw_vervoer

DEMO_SWV = "PO2305"
DEMO_SWV_NAAM = "Samenwerkingsverband PO 23-05 regio Zwolle (demo)"
DEFAULT_PASSWORD = "passend-demo-2026"
SEED = 2305
# Reference date for ages and school years, fixed so the demo is the same on every machine and every day.
PEILDATUM = dt.date(2026, 10, 1)
# Share of a regular school's pupils that an SWV follows in its own system (requests, arrangements, OPP's).
AANDEEL_BAO = 0.035
AANDEEL_SBO = 0.6


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    rol: str
    functie: str = ""


DEMO_USERS = [
    DemoUser("consulent", "Karin", "Hofstede", Rol.SWV_MEDEWERKER, "consulent"),
    DemoUser("orthopedagoog", "Ahmed", "Bakkali", Rol.SWV_MEDEWERKER, "orthopedagoog"),
    DemoUser("directeur", "Marieke", "van Dam", Rol.SWV_DIRECTEUR, "directeur / commissie van toelaatbaarheid"),
    DemoUser("deskundige", "Pieter", "Wessels", Rol.DESKUNDIGE, "GZ-psycholoog (extern)"),
    DemoUser("jeugdarts", "Esther", "Mulder", Rol.DESKUNDIGE, "jeugdarts"),
    DemoUser("ib", "Sandra", "Kuiper", Rol.SCHOOL, "intern begeleider"),
    DemoUser("bestuur", "Erik", "Lammers", Rol.SCHOOLBESTUUR, "bestuurder"),
    DemoUser("ouder", "Linda", "Jansen", Rol.OUDER, ""),
    DemoUser("leerplicht", "Hans", "Brink", Rol.LEERPLICHT, "leerplichtambtenaar"),
    DemoUser("vervoer", "Ingrid", "Mol", Rol.VERVOER, "consulent leerlingenvervoer"),
    DemoUser("beheerder", "Tom", "Verhoef", Rol.BEHEERDER, "functioneel beheerder"),
]


def demo_password() -> str:
    return os.environ.get("PASSEND_DEMO_PASSWORD") or DEFAULT_PASSWORD


def _geboortedatum(rng: random.Random, min_age: int, max_age: int) -> dt.date:
    age_days = rng.randint(min_age * 365, max_age * 365 + 364)
    return PEILDATUM - dt.timedelta(days=age_days)


def _schooljaar_start(jaar: int) -> dt.date:
    return dt.date(jaar, 8, 20)


def _besturen(swv, scholen) -> None:
    """Invent a few schoolbesturen per denominatie, as a real region has (marked is_demo)."""
    groepen: dict[str, list[School]] = {}
    for s in scholen:
        if s.bestuur_id:
            continue
        sleutel = "Speciaal" if s.is_speciaal or s.soort == Soort.SBO else (s.denominatie or "Overig")
        groepen.setdefault(sleutel, []).append(s)
    for denominatie, leden in sorted(groepen.items()):
        naam = f"Stichting {denominatie} Onderwijs regio Zwolle (demo)"
        bestuur, _ = Schoolbestuur.objects.get_or_create(naam=naam, defaults={"is_demo": True})
        School.objects.filter(pk__in=[s.pk for s in leden]).update(bestuur=bestuur)


def _pupils(swv, rng: random.Random) -> int:
    """Synthetic pupils in realistic numbers, proportional to the real DUO counts of the schools."""
    leden = list(
        School.objects.filter(regio_swv_po=swv, soort__in=[Soort.BAO, Soort.SBO]).order_by("vestigingscode")
    )
    bao = [s for s in leden if s.soort == Soort.BAO]
    leerlingen, inschrijvingen, ouders, relaties = [], [], [], []
    plan = []  # (leerling index, list of (school, begin, eind))
    for school in leden:
        n = round((school.leerlingen or 0) * (AANDEEL_SBO if school.soort == Soort.SBO else AANDEEL_BAO))
        for _ in range(n):
            meisje = rng.random() < (0.4 if school.soort == Soort.SBO else 0.45)
            voornaam = rng.choice(VOORNAMEN_V if meisje else VOORNAMEN_M)
            tv, achternaam = split_achternaam(rng.choice(ACHTERNAMEN))
            geboren = _geboortedatum(rng, 4, 12)
            pc = school.postcode[:4] + rng.choice("ABCDEGHJKLMNPRSTVWXZ") + rng.choice("ABCDEGHJKLMNPRSTVWXZ")
            leerling = Leerling(
                swv=swv, voornaam=voornaam, tussenvoegsel=tv, achternaam=achternaam, geboortedatum=geboren,
                postcode=pc, huisnummer=str(rng.randint(1, 180)),
            )
            leerling.zoeknaam = " ".join([voornaam, tv, achternaam]).casefold()
            leerlingen.append(leerling)
            start_jaar = max(geboren.year + 4, 2018)
            historie = []
            if school.soort == Soort.SBO and bao:
                # SBO pupils came from a regular school first.
                herkomst = rng.choice(bao)
                overstap = _schooljaar_start(min(start_jaar + rng.randint(1, 4), PEILDATUM.year))
                historie.append((herkomst, _schooljaar_start(start_jaar), overstap - dt.timedelta(days=1)))
                historie.append((school, overstap, None))
            elif rng.random() < 0.15 and bao:
                andere = rng.choice(bao)
                verhuisd = _schooljaar_start(min(start_jaar + rng.randint(1, 3), PEILDATUM.year))
                historie.append((andere, _schooljaar_start(start_jaar), verhuisd - dt.timedelta(days=1)))
                historie.append((school, verhuisd, None))
            else:
                historie.append((school, _schooljaar_start(start_jaar), None))
            plan.append(historie)
    Leerling.objects.bulk_create(leerlingen, batch_size=500)
    for leerling, historie in zip(leerlingen, plan, strict=True):
        for school, begin, eind in historie:
            if eind is not None and eind < begin:
                eind = begin
            inschrijvingen.append(Inschrijving(leerling=leerling, school=school, begindatum=begin, einddatum=eind))
        n_ouders = 2 if rng.random() < 0.7 else 1
        for i in range(n_ouders):
            moeder = i == 0
            tv = leerling.tussenvoegsel if moeder or rng.random() < 0.8 else ""
            achternaam = leerling.achternaam if (not moeder or rng.random() < 0.5) else split_achternaam(rng.choice(ACHTERNAMEN))[1]
            ouder = Ouder(
                swv=swv, voornaam=rng.choice(VOORNAMEN_V if moeder else VOORNAMEN_M),
                achternaam=f"{tv} {achternaam}".strip(), email="",
            )
            ouders.append(ouder)
            relaties.append((ouder, leerling, OuderKind.Relatie.MOEDER if moeder else OuderKind.Relatie.VADER,
                             rng.random() < 0.97))
    Inschrijving.objects.bulk_create(inschrijvingen, batch_size=500)
    Ouder.objects.bulk_create(ouders, batch_size=500)
    OuderKind.objects.bulk_create(
        [OuderKind(ouder=o, leerling=ll, relatie=r, heeft_gezag=g) for o, ll, r, g in relaties], batch_size=500
    )
    return len(leerlingen)


def _users(swv, rng: random.Random, password: str) -> list[tuple[DemoUser, User, Roltoekenning]]:
    result = []
    # The IB'er works at the regular school with the most demo pupils; the bestuur is that school's bestuur.
    ib_school = (
        School.objects.filter(regio_swv_po=swv, soort=Soort.BAO, inschrijvingen__einddatum__isnull=True)
        .annotate(n=Sum("leerlingen")).order_by("-leerlingen", "vestigingscode").first()
    )
    gemeente = ib_school.gemeente if ib_school and ib_school.gemeente_id else Gemeente.objects.filter(
        samenwerkingsverbanden=swv).first()
    for du in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=du.username,
            defaults={"first_name": du.first_name, "last_name": du.last_name, "email": f"{du.username}@demo.passend.localhost"},
        )
        if created or not user.check_password(password):
            user.set_password(password)
            user.save()
        rol, _ = Roltoekenning.objects.get_or_create(
            user=user, rol=du.rol, swv=swv,
            defaults={
                "functie": du.functie,
                "bestuur": ib_school.bestuur if du.rol == Rol.SCHOOLBESTUUR and ib_school else None,
                "gemeente": gemeente if du.rol in (Rol.LEERPLICHT, Rol.VERVOER) else None,
            },
        )
        if du.rol == Rol.SCHOOL and ib_school:
            rol.scholen.add(ib_school)
        result.append((du, user, rol))
    users = {du.username: user for du, user, _ in result}
    # The demo parent is a parent of two pupils at the IB'er's school (siblings in the demo).
    if ib_school and not Ouder.objects.filter(user=users["ouder"]).exists():
        kinderen = list(
            Leerling.objects.filter(swv=swv, inschrijvingen__school=ib_school, inschrijvingen__einddatum__isnull=True)
            .order_by("pk")[:2]
        )
        if kinderen:
            ouder = Ouder.objects.create(
                swv=swv, voornaam="Linda", achternaam=kinderen[0].achternaam or "Jansen",
                email="ouder@demo.passend.localhost", user=users["ouder"],
            )
            for kind in kinderen:
                OuderKind.objects.create(ouder=ouder, leerling=kind, relatie=OuderKind.Relatie.MOEDER, heeft_gezag=True)
    # The experts' access to pupil files follows their assignments in toewijzing (demo/toewijzing.py).
    return result


def _audit_history(swv, rng: random.Random, users: dict[str, User]) -> None:
    """A plausible trail: who created and looked at each pupil file, so the timeline has content."""
    import datetime as _dt

    from django.utils import timezone

    tz = timezone.get_current_timezone()
    rows = []
    staff = [users["consulent"], users["orthopedagoog"]]
    for leerling_id in Leerling.objects.filter(swv=swv).values_list("pk", flat=True).iterator():
        dag = PEILDATUM - _dt.timedelta(days=rng.randint(20, 400))
        t = _dt.datetime.combine(dag, _dt.time(rng.randint(8, 16), rng.randint(0, 59)), tz)
        rows.append(AuditEvent(
            tijdstip=t, gebruikersnaam="systeem: demo", swv=swv, actie="create", object_type="register.leerling",
            object_id=str(leerling_id), leerling_id=leerling_id,
            velden=["voornaam", "achternaam", "geboortedatum", "postcode", "huisnummer"], omschrijving="Demo geladen",
        ))
        for _ in range(rng.randint(0, 3)):
            # Views on working days and hours, all before the demo's reference date.
            dag = min(dag + _dt.timedelta(days=rng.randint(1, 60)), PEILDATUM - _dt.timedelta(days=1))
            while dag.weekday() >= 5:
                dag -= _dt.timedelta(days=1)
            u = rng.choice(staff)
            t = _dt.datetime.combine(dag, _dt.time(rng.randint(8, 16), rng.randint(0, 59)), tz)
            rows.append(AuditEvent(
                tijdstip=t, user=u, gebruikersnaam=u.username, rol=Rol.SWV_MEDEWERKER, swv=swv, actie="view",
                object_type="register.leerling", object_id=str(leerling_id), leerling_id=leerling_id, ip="127.0.0.1",
            ))
    AuditEvent.objects.bulk_create(rows, batch_size=1000)


def build_demo(stdout=None) -> dict:
    """Build the demo (idempotent). Returns a summary with the logins."""
    from passend.register.importer import import_register

    say = stdout.write if stdout else (lambda s: None)
    if not School.objects.exists():
        say("Register importeren (alle scholen van Nederland, regio-indeling, postcodes)...")
        import_register()
    password = demo_password()
    rng = random.Random(SEED)
    with transaction.atomic():
        swv = Samenwerkingsverband.objects.get(code=DEMO_SWV)
        if swv.naam != DEMO_SWV_NAAM:
            swv.naam = DEMO_SWV_NAAM
            swv.save(update_fields=["naam"])
        scholen = list(School.objects.filter(Q(regio_swv_po=swv)).order_by("vestigingscode"))
        _besturen(swv, scholen)
        nieuw = 0
        if not Leerling.objects.filter(swv=swv).exists():
            nieuw = _pupils(swv, rng)
        result = _users(swv, rng, password)
        if nieuw:
            _audit_history(swv, rng, {du.username: u for du, u, _ in result})
    # Requests in every state, through the services as the demo users (outside the block above: it runs
    # its own transaction, so nothing it would mail is sent).
    aanvragen = bouw_toewijzing(swv, {du.username: (u, rol) for du, u, rol in result})
    # Aanmeldingen and OPP's in every state, the same way (after the requests: OPP's go to those pupils).
    aanmeldingen = bouw_leerlingzorg(swv, {du.username: (u, rol) for du, u, rol in result})
    # The thuiszitters register, the same way.
    thuiszitters = bouw_thuiszitters(swv, {du.username: (u, rol) for du, u, rol in result})
    # Middelen: example rates, the count and the settings for this year, as the directeur.
    bouw_middelen(swv, {du.username: (u, rol) for du, u, rol in result})
    # Dekkend netwerk: the plan, a profile for every school of the region, demand, placements and the trend.
    bouw_netwerk(swv, {du.username: (u, rol) for du, u, rol in result})
    # Leerlingenvervoer: Zwolle's verordening, vehicles and transport requests, decided by the vervoer user.
    bouw_vervoer(swv, {du.username: (u, rol) for du, u, rol in result})
    # Steunpunt: the national user, knowledge base, agenda, newsletter, helpdesk and the antenna's other SWV's.
    result.append(bouw_steunpunt(swv, {du.username: (u, rol) for du, u, rol in result}, password))
    if not aanmeldingen:  # the demo existed: bouw_leerlingzorg did nothing, so set the pupil's password here
        from .leerlingzorg import leerlingaccount

        leerlingaccount(swv, {du.username: (u, rol) for du, u, rol in result})
    if connection.vendor == "postgresql":
        # Fresh planner statistics after the bulk load: stale ones ("table is empty") made the pupil
        # visibility queries run for minutes on PostgreSQL until autovacuum caught up.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "swv": swv,
        "scholen": len(scholen),
        "leerlingen": Leerling.objects.filter(swv=swv).count(),
        "nieuw": nieuw,
        "aanvragen": aanvragen,
        "aanmeldingen": aanmeldingen,
        "thuiszitters": thuiszitters,
        "users": [(du, rol) for du, _, rol in result],
        "password": password,
        "password_default": not os.environ.get("PASSEND_DEMO_PASSWORD"),
    }
