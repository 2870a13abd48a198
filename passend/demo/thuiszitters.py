"""Demo thuiszitters register: about 25 cases over the last two years, built through the services as the demo
users (the IB'er, the consulent, the directeur and the leerplichtambtenaar).

What is in it:
- every category (absoluut and relatief verzuim, each vrijstelling, dreigend) and, among the open cases, every
  duration class (under 4 weeks, 4 weeks to 3 months, over 3 months);
- closed cases with every outcome (back at school with school and hours, other education, zorg, moved,
  vrijstelling, other), their start and end dates spread over two years, so the trend and the median duration
  until return have data;
- plans of approach (actions done, open and overdue) and contacts by the school, the SWV and leerplicht;
- one case brought to the thuiszittersoverleg (whose hours of education went up later: a dated change, so the
  reports of earlier reference dates keep the hours of then), and one open past the escalation threshold
  without a plan (the case the SWV should bring there next);
- one case reported as a dreigend thuiszitter that became relatief verzuim later (a dated change of category:
  the reports of earlier reference dates count it as dreigend, and its duration as thuiszitter runs from the
  change, regels.duur_vanaf);
- cases of pupils of the demo leerplichtambtenaar's gemeente (the IB'er's school lies there, and the cases it
  reports itself) and of pupils elsewhere in the region, which the leerplichtambtenaar does not see.

The leerplichtambtenaar reports pupils who are not enrolled (absoluut verzuim, vrijstellingen) with their data,
as the register expects; those pupils get a record but no enrolment.

Dates. Each step runs with the services' clock set to its day (reporting, contacts, actions, the
thuiszittersoverleg and ending all check "not in the future" against that clock), and the creation times the
models stamp themselves are moved to that day afterwards (as demo/leerlingzorg.py does). The audit trail is left
alone: it shows truthfully that the demo users did all this when the demo was built.

Idempotent: nothing happens when the demo SWV already has thuiszitters.
"""

import datetime as dt
import random
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone

from passend.accounts.models import Roltoekenning, User
from passend.audit.context import acting_as, actor_for
from passend.register.models import Leerling, OuderKind, School, Soort
from passend.thuiszitters import services
from passend.thuiszitters.models import Actie, Categoriestand, Contact, Melding, Urenstand

from .names import ACHTERNAMEN, VOORNAMEN_M, VOORNAMEN_V, split_achternaam

SEED = 2305 + 5
STEMPELS = {Melding: "aangemaakt", Contact: "tijdstip", Actie: "aangemaakt", Leerling: "aangemaakt",
            Urenstand: "vastgelegd", Categoriestand: "vastgelegd"}
LETTERS = "ABDEGHKLMNPRSTVZ"


class _Bouwer:
    def __init__(self, swv, users: dict[str, tuple[User, Roltoekenning]]):
        self.swv = swv
        self.users = users
        self.vandaag = timezone.localdate()
        self.rng = random.Random(SEED)
        self.ib = users["ib"]
        self.school = self.ib[1].scholen.order_by("pk").first()
        self.consulent = users["consulent"]
        self.directeur = users.get("directeur", self.consulent)
        self.leerplicht = users["leerplicht"]
        self.stappen: list = []
        self.gemaakt: dict = {}
        self.gebruikt: set[int] = {r.leerling_id for r in OuderKind.objects.filter(ouder__user=users["ouder"][0])} \
            if "ouder" in users else set()
        self.h: dict[str, Melding] = {}

    # ---- time --------------------------------------------------------------------------------------------

    def dag(self, dagen_geleden: int) -> dt.date:
        """The working day on or before `dagen_geleden` days ago."""
        d = self.vandaag - dt.timedelta(days=dagen_geleden)
        while d.weekday() >= 5:
            d -= dt.timedelta(days=1)
        return d

    @contextmanager
    def klok(self, dag: dt.date):
        echt = services.vandaag
        services.vandaag = lambda: dag
        try:
            yield
        finally:
            services.vandaag = echt

    def nieuw(self, sender, instance, created, **kwargs):
        if created and sender in STEMPELS:
            self.gemaakt.setdefault(sender, []).append(instance.pk)

    def plan(self, dagen_geleden: int, wie, stap) -> None:
        self.stappen.append((self.dag(dagen_geleden), len(self.stappen), wie, stap))

    def speel(self) -> None:
        for dag, i, wie, stap in sorted(self.stappen, key=lambda s: s[:2]):
            user, rol = wie
            with acting_as(actor_for(user, rol)), self.klok(dag):
                stap(dag)
            moment = timezone.make_aware(dt.datetime.combine(dag, dt.time(9 + i % 8, (dag.day * 7 + i) % 60)))
            for model, pks in self.gemaakt.items():
                model.objects.filter(pk__in=pks).update(**{STEMPELS[model]: moment})
            self.gemaakt = {}

    # ---- pupils ------------------------------------------------------------------------------------------

    def leerling(self, school: School, sinds: dt.date) -> Leerling | None:
        """A pupil enrolled at `school` since before `sinds`, of compulsory-school age then, not used yet."""
        kandidaat = (Leerling.objects.filter(swv=self.swv, inschrijvingen__school=school,
                                             inschrijvingen__einddatum__isnull=True,
                                             inschrijvingen__begindatum__lte=sinds,
                                             geboortedatum__lte=sinds - dt.timedelta(days=6 * 366))
                     .exclude(pk__in=self.gebruikt).order_by("pk").first())
        if kandidaat is not None:
            self.gebruikt.add(kandidaat.pk)
        return kandidaat

    def andere_scholen(self) -> list[School]:
        """Regular schools of the region outside the leerplichtambtenaar's gemeente (their pupils' cases are
        not leerplicht's to see)."""
        scholen = (School.objects.filter(regio_swv_po=self.swv, soort=Soort.BAO, gemeente__isnull=False,
                                         inschrijvingen__einddatum__isnull=True)
                   .exclude(gemeente_id=self.leerplicht[1].gemeente_id).exclude(pk=self.school.pk)
                   .distinct().order_by("vestigingscode"))
        return list(scholen[:4])

    def gegevens(self, leeftijd: int, start: dt.date) -> dict:
        """Data of a pupil who is not enrolled (a new record), living near the IB'er's school."""
        rng = self.rng
        tv, achternaam = split_achternaam(rng.choice(ACHTERNAMEN))
        geboren = start - dt.timedelta(days=leeftijd * 365 + rng.randint(30, 300))
        return {"voornaam": rng.choice(VOORNAMEN_V if rng.random() < 0.5 else VOORNAMEN_M), "tussenvoegsel": tv,
                "achternaam": achternaam, "geboortedatum": geboren,
                "postcode": (self.school.postcode or "8000")[:4] + rng.choice(LETTERS) + rng.choice(LETTERS),
                "huisnummer": str(rng.randint(1, 160))}

    # ---- one case ----------------------------------------------------------------------------------------

    def melding(self, sleutel: str, door, *, start: int, gemeld: int, categorie: str, leerling=None,
                leeftijd: int = 0, stappen=(), **velden) -> None:
        """Plan case `sleutel`: started `start` days ago, reported `gemeld` days ago by `door`, for `leerling`
        (a pupil) or a new pupil of `leeftijd`; then its steps (days ago, who, what, arguments)."""
        if leerling is None and not leeftijd:
            return  # no pupil of that school fits this story (a small region): leave the case out
        startdatum = self.dag(start)
        nieuw = self.gegevens(leeftijd, startdatum) if leerling is None else None

        def melden(dag):
            self.h[sleutel] = services.melding_registreren(
                door[1], categorie=categorie, startdatum=startdatum, leerling=leerling, nieuwe_leerling=nieuw,
                **velden)

        self.plan(gemeld, door, melden)
        for dagen, wie, wat, kwargs in stappen:
            self.plan(dagen, wie, lambda dag, wie=wie, wat=wat, kwargs=kwargs: self.stap(sleutel, dag, wie, wat, kwargs))

    def stap(self, sleutel: str, dag: dt.date, wie, wat: str, kwargs: dict) -> None:
        m = Melding.objects.get(pk=self.h[sleutel].pk)
        rol = wie[1]
        if wat == "contact":
            services.contact_toevoegen(rol, m, datum=dag, **kwargs)
        elif wat == "actie":
            uiterlijk = dag + dt.timedelta(days=kwargs.pop("binnen", 14))
            services.actie_toevoegen(rol, m, uiterlijk=uiterlijk, **kwargs)
        elif wat == "afronden":
            actie = m.acties.filter(gedaan_op__isnull=True).order_by("pk")[kwargs.get("nr", 0)]
            services.actie_afronden(rol, actie, datum=dag)
        elif wat == "tafel":
            services.naar_tafel(rol, m, datum=dag, **kwargs)
        elif wat == "bijwerken":
            services.melding_bijwerken(rol, m, **kwargs)
        elif wat == "einde":
            services.beeindigen(rol, m, einddatum=dag, **kwargs)
        else:  # pragma: no cover - a typo in the story below
            raise ValueError(wat)

    # ---- the story ---------------------------------------------------------------------------------------

    def verhaal(self) -> None:
        ib, swv, lp, dir_ = self.ib, self.consulent, self.leerplicht, self.directeur
        elders = self.andere_scholen()
        school = self.school

        def eigen(start):
            return self.leerling(school, self.dag(start))

        def ergens(i, start):
            """A pupil of a school outside leerplicht's gemeente (or of the IB'er's school if there is none)."""
            for j in range(len(elders)):
                if (leerling := self.leerling(elders[(i + j) % len(elders)], self.dag(start))) is not None:
                    return leerling
            return eigen(start)

        def terug(naar=None, uren="22"):
            return {"uitkomst": "terug_op_school", "school": naar or school, "uren": uren}

        # ---- open: under 4 weeks --------------------------------------------------------------------------
        self.melding("kort_relatief", ib, start=12, gemeld=5, categorie="relatief", leerling=eigen(12),
                     uren_onderwijs=0, redenen=["schoolangst"], partijen=["school", "leerplicht"],
                     toelichting="Komt sinds twee weken niet meer op school; buikpijn op schooldagen.", stappen=[
                         (4, ib, "contact", {"soort": "gesprek", "partij": "school",
                                             "verslag": "Gesprek met moeder en leerling op school; afgesproken dat hij "
                                                        "eerst twee ochtenden komt."}),
                     ])
        self.melding("kort_dreigend", ib, start=20, gemeld=18, categorie="dreigend", leerling=eigen(20),
                     uren_onderwijs=12, redenen=["gedrag", "wachten_zorg"], partijen=["school", "jeugdhulp"],
                     toelichting="Halve dagen op school na incidenten in de klas; wacht op jeugdhulp.", stappen=[
                         (17, ib, "actie", {"omschrijving": "Observatie in de klas door het samenwerkingsverband",
                                            "eigenaar": "Consulent samenwerkingsverband", "partij": "swv"}),
                     ])
        self.melding("kort_absoluut", lp, start=16, gemeld=10, categorie="absoluut", leeftijd=9,
                     redenen=["verhuizing"], partijen=["leerplicht", "swv"], casushouder=lp[0],
                     toelichting="Gezin is in de zomer naar de gemeente verhuisd; het kind is nergens ingeschreven.",
                     stappen=[
                         (8, lp, "contact", {"soort": "huisbezoek", "partij": "leerplicht",
                                             "verslag": "Huisbezoek: ouders zoeken een school in de buurt; afspraak "
                                                        "gemaakt met de school om de hoek."}),
                     ])
        # ---- open: 4 weeks to 3 months --------------------------------------------------------------------
        self.melding("middel_elders", swv, start=45, gemeld=35, categorie="relatief", leerling=ergens(0, 45),
                     uren_onderwijs=4, redenen=["geen_aanbod", "ass"], partijen=["school", "swv"],
                     casushouder=swv[0], stappen=[
                         (33, swv, "actie", {"omschrijving": "Passende plek zoeken (SBO of SO) met de ouders",
                                             "eigenaar": "Consulent", "partij": "swv", "binnen": 28}),
                         (20, swv, "contact", {"soort": "overleg", "partij": "swv",
                                               "verslag": "Overleg met school en ouders: aanvraag TLV wordt "
                                                          "voorbereid."}),
                     ])
        # Past the escalation threshold without a plan: the SWV should bring it to the thuiszittersoverleg.
        self.melding("escalatie", ib, start=70, gemeld=40, categorie="relatief", leerling=eigen(70),
                     uren_onderwijs=0, redenen=["psychisch", "conflict"], partijen=["school"],
                     toelichting="Leerling weigert naar school te gaan; ouders en school zijn het oneens over de "
                                 "aanpak.", stappen=[
                         (30, ib, "contact", {"soort": "telefoon", "partij": "school",
                                              "verslag": "Vader gebeld; ouders willen eerst een gesprek met de "
                                                         "directeur."}),
                     ])
        self.melding("middel_nieuw", swv, start=60, gemeld=50, categorie="absoluut", leeftijd=11,
                     redenen=["verhuizing", "wachtlijst"], partijen=["swv", "leerplicht"], casushouder=swv[0],
                     stappen=[
                         (48, swv, "actie", {"omschrijving": "Aanmelding bij SO-school begeleiden",
                                             "eigenaar": "Consulent", "partij": "swv", "binnen": 21}),
                         (30, swv, "afronden", {}),
                         (29, lp, "contact", {"soort": "gesprek", "partij": "leerplicht",
                                              "verslag": "Ouders gesproken over de leerplicht; zij werken mee aan de "
                                                         "aanmelding."}),
                     ])
        self.melding("middel_11g", ib, start=35, gemeld=33, categorie="vrijstelling_11g", leerling=eigen(35),
                     uren_onderwijs=6, redenen=["lichamelijk"], partijen=["school", "leerplicht"],
                     toelichting="Revalidatie na een operatie; onderwijs op school op drie ochtenden.", stappen=[
                         (32, ib, "actie", {"omschrijving": "Lesstof voor thuis klaarzetten en wekelijks bespreken",
                                            "eigenaar": "Groepsleerkracht", "partij": "school", "binnen": 42}),
                     ])
        # ---- open: over 3 months ------------------------------------------------------------------------
        self.melding("tafel", ib, start=150, gemeld=120, categorie="relatief", leerling=eigen(150),
                     uren_onderwijs=2, redenen=["ass", "geen_aanbod", "schoolangst"],
                     partijen=["school", "swv", "leerplicht", "jeugdhulp"],
                     toelichting="Leerling zit sinds de voorjaarsvakantie thuis; twee scholen konden geen passend "
                                 "aanbod doen.", stappen=[
                         (118, ib, "contact", {"soort": "gesprek", "partij": "school",
                                               "verslag": "Gesprek met ouders en leerling; de leerling wil wel naar "
                                                          "school, maar niet in een grote groep."}),
                         (110, swv, "bijwerken", {"casushouder": swv[0]}),
                         (110, swv, "actie", {"omschrijving": "Onderzoek ondersteuningsbehoefte door de "
                                                              "orthopedagoog", "eigenaar": "Orthopedagoog",
                                              "partij": "swv", "binnen": 28}),
                         (95, lp, "contact", {"soort": "huisbezoek", "partij": "leerplicht",
                                              "verslag": "Huisbezoek met de consulent; ouders zijn uitgeput en "
                                                         "willen hulp."}),
                         (80, swv, "afronden", {}),
                         (78, swv, "actie", {"omschrijving": "Plaatsing op een school voor speciaal onderwijs "
                                                             "regelen", "eigenaar": "Consulent", "partij": "swv",
                                             "binnen": 42}),
                         (60, dir_, "tafel", {"verslag": "Besproken in het thuiszittersoverleg met school, "
                                                         "leerplicht en jeugdhulp: tijdelijk onderwijs thuis met "
                                                         "een ambulant begeleider, plaatsing op SO voorbereiden."}),
                         (40, swv, "actie", {"omschrijving": "Ambulant begeleider twee ochtenden per week",
                                             "eigenaar": "Ambulant begeleider", "partij": "swv", "binnen": 7}),
                         # From here on more hours: earlier quarterly reports keep the 2 hours of then.
                         (33, swv, "bijwerken", {"uren_onderwijs": "6"}),
                         (15, ib, "contact", {"soort": "overleg", "partij": "school",
                                              "verslag": "Voortgang besproken: de leerling komt één uur per dag "
                                                         "naar school."}),
                     ])
        # ---- open: reported as dreigend, relatief verzuim since 80 days (4 weeks to 3 months as thuiszitter) -----
        self.melding("dreigend_wordt_relatief", ib, start=130, gemeld=128, categorie="dreigend", leerling=eigen(130),
                     uren_onderwijs=12, redenen=["schoolangst", "psychisch"], partijen=["school", "swv"],
                     toelichting="Komt steeds vaker niet; de ochtenden lukken nog wel.", stappen=[
                         (126, ib, "actie", {"omschrijving": "Rooster aanpassen en dagelijks een vast aanspreekpunt",
                                             "eigenaar": "Mentor", "partij": "school", "binnen": 14}),
                         # From here on at home: earlier quarterly reports keep 'dreigend' and the duration as
                         # thuiszitter counts from this day, not from the report.
                         (78, ib, "bijwerken", {"categorie": "relatief", "categorie_sinds": self.dag(80),
                                                "uren_onderwijs": "0", "uren_sinds": self.dag(80)}),
                         (76, swv, "contact", {"soort": "overleg", "partij": "swv",
                                               "verslag": "Leerling komt sinds twee dagen helemaal niet meer; "
                                                          "consulent sluit aan bij het gesprek met ouders."}),
                     ])
        self.melding("lang_5a", lp, start=400, gemeld=390, categorie="vrijstelling_5a", leeftijd=8,
                     redenen=["lichamelijk"], partijen=["leerplicht"], casushouder=lp[0],
                     toelichting="Vrijstelling op verklaring van de door het college aangewezen arts.", stappen=[
                         (385, lp, "actie", {"omschrijving": "Jaarlijks beoordelen of onderwijs weer mogelijk is",
                                             "eigenaar": "Leerplichtambtenaar", "partij": "leerplicht",
                                             "binnen": 330}),
                         (60, lp, "afronden", {}),
                         (58, lp, "contact", {"soort": "gesprek", "partij": "leerplicht",
                                              "verslag": "Beoordeling met de GGD-arts: vrijstelling blijft nodig."}),
                     ])
        self.melding("lang_5b", lp, start=500, gemeld=495, categorie="vrijstelling_5b", leeftijd=7,
                     redenen=["anders"], reden_anders="Bedenkingen tegen de richting van alle scholen in de buurt",
                     partijen=["leerplicht"], stappen=[
                         (490, lp, "actie", {"omschrijving": "Verklaring van de ouders elk jaar vóór 1 juli "
                                                             "beoordelen", "eigenaar": "Leerplichtambtenaar",
                                             "partij": "leerplicht", "binnen": 120}),
                         (300, lp, "contact", {"soort": "gesprek", "partij": "leerplicht",
                                               "verslag": "Ouders geven thuisonderwijs; verklaring vóór 1 juli "
                                                          "opnieuw ingediend."}),
                     ])
        # ---- closed: every outcome, spread over two years -----------------------------------------------------
        # Starts more than two years and a quarter ago: every one of the last eight quarterly reference dates
        # has an open case, whatever today's date is.
        self.melding("oud_terug", ib, start=840, gemeld=820, categorie="relatief", leerling=eigen(840),
                     redenen=["schoolangst"], partijen=["school", "swv"], stappen=[
                         (800, ib, "actie", {"omschrijving": "Opbouwschema: elke week een uur langer op school",
                                             "eigenaar": "Intern begeleider", "partij": "school", "binnen": 60}),
                         (600, ib, "afronden", {}),
                         (560, swv, "einde", terug(uren="22")),
                     ])
        self.melding("oud_elders_terug", swv, start=640, gemeld=630, categorie="relatief",
                     leerling=ergens(1, 640), redenen=["conflict"], partijen=["school", "swv"], stappen=[
                         (600, swv, "einde", terug(elders[2 % len(elders)] if elders else None, uren="12")),
                     ])
        self.melding("oud_ander_onderwijs", lp, start=610, gemeld=600, categorie="absoluut", leeftijd=12,
                     redenen=["geen_aanbod", "verhuizing"], partijen=["leerplicht", "swv"], stappen=[
                         (590, swv, "contact", {"soort": "overleg", "partij": "swv",
                                                "verslag": "Samen met leerplicht een plek in het VSO gezocht."}),
                         (520, lp, "einde", {"uitkomst": "ander_onderwijs",
                                             "toelichting": "Ingeschreven op een school voor voortgezet speciaal "
                                                            "onderwijs buiten de regio."}),
                     ])
        self.melding("zorg", swv, start=540, gemeld=520, categorie="relatief", leerling=ergens(3, 540),
                     redenen=["psychisch", "wachten_zorg"], partijen=["swv", "jeugdhulp"], stappen=[
                         (500, swv, "actie", {"omschrijving": "Intake bij de jeugd-GGZ", "eigenaar": "Jeugdhulp",
                                              "partij": "jeugdhulp", "binnen": 30}),
                         (460, swv, "afronden", {}),
                         (330, swv, "einde", {"uitkomst": "zorg", "toelichting": "Dagbehandeling bij de jeugd-GGZ "
                                                                                "met onderwijs op de "
                                                                                "behandellocatie."}),
                     ])
        self.melding("oud_dreigend", ib, start=480, gemeld=478, categorie="dreigend", leerling=eigen(480),
                     uren_onderwijs=10, redenen=["gedrag"], partijen=["school"], stappen=[
                         (470, swv, "einde", terug(uren="24")),
                     ])
        self.melding("verhuisd", swv, start=420, gemeld=400, categorie="relatief", leerling=ergens(0, 420),
                     redenen=["thuissituatie"], partijen=["swv"], stappen=[
                         (380, swv, "einde", {"uitkomst": "verhuisd", "toelichting": "Gezin verhuisd naar "
                                                                                    "Groningen."}),
                     ])
        self.melding("5c", lp, start=390, gemeld=385, categorie="vrijstelling_5c", leeftijd=10,
                     redenen=["verhuizing"], partijen=["leerplicht"], stappen=[
                         (300, lp, "einde", {"uitkomst": "vrijstelling",
                                             "toelichting": "Ingeschreven op een school in Duitsland."}),
                     ])
        self.melding("trekkend", lp, start=330, gemeld=320, categorie="vrijstelling_art5a", leeftijd=8,
                     redenen=["anders"], reden_anders="Gezin reist met de kermis", partijen=["leerplicht"],
                     stappen=[
                         (150, lp, "einde", {"uitkomst": "anders",
                                             "toelichting": "Winterseizoen: weer ingeschreven op de school bij de "
                                                            "standplaats."}),
                     ])
        self.melding("absoluut_terug", swv, start=300, gemeld=290, categorie="absoluut", leeftijd=6,
                     redenen=["wachtlijst"], partijen=["swv", "leerplicht"], stappen=[
                         (285, lp, "contact", {"soort": "telefoon", "partij": "leerplicht",
                                               "verslag": "Ouders gebeld over de inschrijving."}),
                         (250, swv, "einde", terug(uren="20")),
                     ])
        self.melding("kort_terug", ib, start=260, gemeld=255, categorie="relatief", leerling=eigen(260),
                     redenen=["schoolangst"], partijen=["school"], stappen=[
                         (240, swv, "einde", terug(uren="25")),
                     ])
        self.melding("kwalificatieplicht", lp, start=230, gemeld=225, categorie="vrijstelling_15", leeftijd=16,
                     redenen=["anders"], reden_anders="Volgt ander onderwijs dan een school", partijen=["leerplicht"],
                     stappen=[
                         (100, lp, "einde", {"uitkomst": "ander_onderwijs",
                                             "toelichting": "Gestart met een entreeopleiding op het mbo."}),
                     ])
        self.melding("zorg_kort", swv, start=200, gemeld=190, categorie="relatief", leerling=ergens(1, 200),
                     redenen=["psychisch"], partijen=["swv", "jeugdhulp"], stappen=[
                         (185, swv, "contact", {"soort": "overleg", "partij": "jeugdhulp",
                                                "verslag": "Overleg met het wijkteam over een behandelplek."}),
                         (90, swv, "einde", {"uitkomst": "zorg", "toelichting": "Zorgboerderij drie dagen per week, "
                                                                               "onderwijs van een ambulant "
                                                                               "begeleider."}),
                     ])
        self.melding("dreigend_terug", swv, start=150, gemeld=148, categorie="dreigend", leerling=ergens(2, 150),
                     uren_onderwijs=15, redenen=["verwijderd"], partijen=["school", "swv"], stappen=[
                         (130, swv, "einde", terug(uren="20")),
                     ])
        so = (School.objects.filter(regio_swv_po=self.swv, soort__in=[Soort.SBO, Soort.SO, Soort.SO_VSO])
              .order_by("vestigingscode").first())
        self.melding("naar_so", ib, start=120, gemeld=110, categorie="relatief", leerling=eigen(120),
                     redenen=["ass", "geen_aanbod"], partijen=["school", "swv"], stappen=[
                         (105, swv, "actie", {"omschrijving": "Toelaatbaarheidsverklaring aanvragen",
                                              "eigenaar": "Intern begeleider", "partij": "school", "binnen": 21}),
                         (70, ib, "afronden", {}),
                         (40, swv, "einde", terug(so, uren="25")),
                     ])
        self.melding("vrijstelling_verleend", lp, start=100, gemeld=95, categorie="absoluut", leeftijd=7,
                     redenen=["lichamelijk"], partijen=["leerplicht"], stappen=[
                         (30, lp, "einde", {"uitkomst": "vrijstelling",
                                            "toelichting": "Vrijstelling art. 5 onder a verleend op verklaring van "
                                                           "de GGD-arts."}),
                     ])


def bouw_thuiszitters(swv, users: dict[str, tuple[User, Roltoekenning]]) -> int:
    """Build the demo thuiszitters register (see the module docstring). Returns how many cases were made (0 when
    the demo SWV already has them)."""
    nodig = ("ib", "consulent", "leerplicht")
    if Melding.objects.filter(swv=swv).exists() or any(n not in users for n in nodig):
        return 0
    with transaction.atomic():
        b = _Bouwer(swv, users)
        if b.school is None:
            return 0
        lp = b.leerplicht[1]
        if lp.gemeente_id is None and b.school.gemeente_id:
            # The leerplichtambtenaar works for the gemeente of the IB'er's school.
            lp.gemeente = b.school.gemeente
            lp.save(update_fields=["gemeente"])
        post_save.connect(b.nieuw, dispatch_uid="demo-thuiszitters")
        try:
            b.verhaal()
            b.speel()
        finally:
            post_save.disconnect(dispatch_uid="demo-thuiszitters")
        return Melding.objects.filter(swv=swv).count()
