"""Demo zorgplicht and OPP: aanmeldingen at the IB'er's school in every state, and OPP's in every state, built
through the services as the demo users.

Aanmeldingen. About fifteen written aanmeldingen at the IB'er's school, each for a new pupil (a toddler turning
four, or a pupil moving into the region) with their parents: just received, almost due, past 6 weeks, past 10
weeks (with a help request to the SWV), extended with a letter (twice: the letters take time to make), proposed
to a nearby school, placed there, admitted with and without extra support, refused on each legal ground,
withdrawn, and two decided more than a year ago (one within 6 weeks, one late) for the monitoring. The nearby
school proposes one of its own aanmeldingen to the IB'er's school, who must confirm it. That school gets a
login of its own (no usable password) so its steps are recorded in its name.

OPP's. About twelve at the IB'er's school: concepts within and past the 6 weeks (one with an OPP from
elsewhere as PDF), set on time and late, consent given, withheld and not yet given, an evaluation due at the
end of this school year and one overdue, an OPP with three versions, one ended; the demo parent's child has a
new version waiting for their consent, the other child an OPP they agreed to. OPP's go to pupils with a request
at the SWV (toewijzing demo: they have extra support), and to the pupil admitted with extra support.

Dates. The deadlines compare with today, so every step has a day in the story relative to the day the demo is
built. The zorgplicht services stamp "today" (receipt, extension, decision, confirmation): each step runs with
the services' clock set to its day, so the rules the services check (extending only within 6 weeks) hold on
that day, and the letter names the right deadline. The OPP services take their dates (aanleiding, vaststellen,
OOGO, evaluation) as arguments. Creation times the models stamp themselves (timeline, consent, versions) are
moved to the step's day afterwards with queryset.update(), as demo/toewijzing.py does. The audit trail is left
alone: it shows truthfully that the demo users did all this when the demo was built.

Idempotent: nothing happens when the demo SWV already has aanmeldingen. No e-mail is sent while building.
"""

import datetime as dt
import random
from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.signals import post_save
from django.test.utils import override_settings
from django.utils import timezone

from passend.accounts.models import Rol, Roltoekenning, User
from passend.audit.context import acting_as, actor_for
from passend.opp import services as opp
from passend.opp.models import Instemming, Opp, OppVersie
from passend.register.models import Inschrijving, Leerling, OuderKind, School, Soort
from passend.toewijzing.models import Aanvraag, Gebeurtenis
from passend.toewijzing.regels import schooljaar
from passend.zorgplicht import services as zorgplicht
from passend.zorgplicht.models import Aanmelding, Stap

from .names import ACHTERNAMEN, VOORNAMEN_M, VOORNAMEN_V, split_achternaam
from .toewijzing import _pdf

SEED = 2305 + 4
# Rows whose creation time a step writes, and the field that holds it.
STEMPELS = (
    (Aanmelding, "aangemaakt"), (Stap, "tijdstip"), (Leerling, "aangemaakt"), (Opp, "aangemaakt"),
    (OppVersie, "aangemaakt"), (Instemming, "op"), (Aanvraag, "aangemaakt"), (Gebeurtenis, "tijdstip"),
)

OPP_TEKST = {
    "onderbouwing": "{naam} leert het best met concreet materiaal, korte instructie en veel herhaling. De "
                    "toetsresultaten van de afgelopen twee jaar laten een stabiele, maar tragere groei zien.",
    "belemmerende_factoren": "Snel afgeleid in een drukke groep; moeite met plannen; faalangst bij toetsen.",
    "bevorderende_factoren": "Gemotiveerd, vraagt om hulp, goede band met de leerkracht; ouders zijn betrokken.",
    "ondersteuning": "Dagelijks verlengde instructie in een groepje van vier; een vaste werkplek met een "
                     "dagplanning; wekelijks een gesprek met de intern begeleider.",
    "afwijkingen": "Eigen leerlijn rekenen vanaf groep 5; minder verwerkingsstof bij begrijpend lezen.",
    "doelen": "Aan het eind van dit schooljaar: rekenen op niveau eind groep 5; zelfstandig twintig minuten "
              "aan een taak werken met de dagplanning.",
    "zienswijze_leerling": "{naam} zegt: 'Ik vind rekenen moeilijk, maar in het kleine groepje snap ik het beter.'",
    "oogo_verslag": "Besproken met ouders. Zij herkennen het beeld en vinden de doelen haalbaar; zij vragen om "
                    "elke zes weken een kort bericht over de voortgang.",
}


class _Bouwer:
    def __init__(self, swv, users):
        self.swv = swv
        self.users = users
        self.vandaag = timezone.localdate()
        self.ib = users["ib"]
        self.school = self.ib[1].scholen.order_by("pk").first()
        self.rng = random.Random(SEED)
        self.stappen: list = []
        self.gemaakt: dict = {}
        self.stempels = dict(STEMPELS)

    # ---- time --------------------------------------------------------------------------------------------

    def dag(self, dagen_geleden: int) -> dt.date:
        """The working day on or before `dagen_geleden` days ago."""
        d = self.vandaag - dt.timedelta(days=dagen_geleden)
        while d.weekday() >= 5:
            d -= dt.timedelta(days=1)
        return d

    def geleden(self, datum: dt.date) -> int:
        return (self.vandaag - datum).days

    @contextmanager
    def klok(self, dag: dt.date):
        """The zorgplicht services' clock set to the story's day."""
        echt = zorgplicht.vandaag
        zorgplicht.vandaag = lambda: dag
        try:
            yield
        finally:
            zorgplicht.vandaag = echt

    def nieuw(self, sender, instance, created, **kwargs):
        if created and sender in self.stempels:
            self.gemaakt.setdefault(sender, []).append(instance.pk)

    def plan(self, dagen_geleden: int, wie, stap) -> None:
        self.stappen.append((self.dag(dagen_geleden), len(self.stappen), wie, stap))

    def speel(self) -> None:
        """Run all planned steps in date order, each as its user, with the clock at its day."""
        for dag, i, wie, stap in sorted(self.stappen, key=lambda s: s[:2]):
            user, rol = wie() if callable(wie) else wie
            with acting_as(actor_for(user, rol)), self.klok(dag):
                stap(dag)
            moment = timezone.make_aware(dt.datetime.combine(dag, dt.time(9 + i % 8, (dag.day * 7 + i) % 60)))
            for model, pks in self.gemaakt.items():
                model.objects.filter(pk__in=pks).update(**{self.stempels[model]: moment})
            self.gemaakt = {}

    # ---- people ------------------------------------------------------------------------------------------

    def andere_school(self) -> School | None:
        """A nearby regular school (same municipality when possible) whose IB'er takes part in the story."""
        scholen = School.objects.filter(regio_swv_po=self.swv, soort=Soort.BAO).exclude(pk=self.school.pk)
        return (scholen.filter(gemeente_id=self.school.gemeente_id).order_by("vestigingscode").first()
                or scholen.order_by("vestigingscode").first())

    def school_login(self, school: School) -> tuple[User, Roltoekenning]:
        user, _ = User.objects.get_or_create(
            username=f"ib-{school.vestigingscode.lower()}",
            defaults={"first_name": "Intern begeleider", "last_name": school.naam[:150]},
        )
        if user.has_usable_password():
            user.set_unusable_password()
            user.save()
        rol, _ = Roltoekenning.objects.get_or_create(user=user, rol=Rol.SCHOOL, swv=self.swv,
                                                     defaults={"functie": "intern begeleider (demo)"})
        rol.scholen.add(school)
        return user, rol

    def ouderlogin(self, leerling: Leerling) -> tuple[User, Roltoekenning] | None:
        """The login of a parent with gezag (made for the demo when the parent has none yet)."""
        relatie = (OuderKind.objects.select_related("ouder").filter(leerling=leerling, heeft_gezag=True)
                   .order_by("pk").first())
        if relatie is None:
            return None
        ouder = relatie.ouder
        if ouder.user_id is None:
            user = User(username=f"ouder-{ouder.pk}", first_name=ouder.voornaam, last_name=ouder.achternaam)
            user.set_unusable_password()
            user.save()
            ouder.user = user
            ouder.save(update_fields=["user"])
        rol = Roltoekenning.objects.filter(user_id=ouder.user_id, rol=Rol.OUDER, swv=self.swv).first()
        rol = rol or Roltoekenning.objects.create(user_id=ouder.user_id, rol=Rol.OUDER, swv=self.swv)
        return rol.user, rol

    def kind(self, ontvangen: dt.date, *, leeftijd: int = 0, meisje: bool | None = None) -> tuple[dict, list, dt.date]:
        """A new pupil and their parents; `leeftijd` 0: a toddler turning four some months after the receipt
        (the desired start), else a pupil of that age moving into the region."""
        rng = self.rng
        meisje = rng.random() < 0.5 if meisje is None else meisje
        tv, achternaam = split_achternaam(rng.choice(ACHTERNAMEN))
        if leeftijd:
            geboren = ontvangen - dt.timedelta(days=leeftijd * 365 + rng.randint(20, 300))
            start = ontvangen + dt.timedelta(days=rng.randint(42, 70))
        else:
            start = ontvangen + dt.timedelta(days=rng.randint(75, 150))
            geboren = start - dt.timedelta(days=4 * 365 + 1)
        while start.weekday() >= 5:
            start += dt.timedelta(days=1)
        leerling = {"voornaam": rng.choice(VOORNAMEN_V if meisje else VOORNAMEN_M), "tussenvoegsel": tv,
                    "achternaam": achternaam, "geboortedatum": geboren,
                    "postcode": self.school.postcode[:4] + rng.choice("ABDGHKLMPRST") + rng.choice("ABDGHKLMPRST"),
                    "huisnummer": str(rng.randint(1, 160))}
        naam = f"{tv} {achternaam}".strip()
        ouders = [{"voornaam": rng.choice(VOORNAMEN_V), "achternaam": naam, "relatie": "moeder", "heeft_gezag": True,
                   "email": f"{rng.choice(VOORNAMEN_V).lower()}.{achternaam.lower().replace(' ', '')}@example.org"}]
        if rng.random() < 0.7:
            ouders.append({"voornaam": rng.choice(VOORNAMEN_M), "achternaam": naam, "relatie": "vader",
                           "heeft_gezag": True})
        return leerling, ouders, start

    # ---- aanmeldingen --------------------------------------------------------------------------------------

    def aanmelding(self, ontvangen: int, stappen=(), *, door=None, school=None, leeftijd=0, **velden) -> dict:
        """Plan an aanmelding received `ontvangen` days ago (recorded that day) and its later steps, each
        (days ago, service name, arguments; "wie": who takes it, default the school of the aanmelding)."""
        h: dict = {}
        door = door or self.ib
        school = school or self.school
        leerling, ouders, start = self.kind(self.dag(ontvangen), leeftijd=leeftijd)
        h["start"] = start

        def registreren(dag):
            h["a"] = zorgplicht.aanmelding_registreren(
                door[1], school=school, ontvangen_op=dag, nieuwe_leerling=leerling, ouders=ouders,
                gewenste_startdatum=start, **velden)

        self.plan(ontvangen, door, registreren)
        for dagen, naam, kwargs in stappen:
            kwargs = dict(kwargs)
            wie = kwargs.pop("wie", door)

            def stap(dag, naam=naam, kwargs=kwargs, wie=wie):
                if naam in ("toelaten", "elders_bevestigen") and kwargs.get("akkoord", True):
                    kwargs = {"begindatum": max(h["start"], dag + dt.timedelta(days=3)), **kwargs}
                getattr(zorgplicht, naam)(wie[1], Aanmelding.objects.get(pk=h["a"].pk), **kwargs)

            self.plan(dagen, wie, stap)
        return h

    def aanmeldingen(self, andere) -> dict:
        ander = self.school_login(andere) if andere else None
        elders = {"andere_school": andere, "motivering": (
            f"Wij kunnen de gevraagde ondersteuning niet bieden. {andere.naam if andere else ''} heeft een kleine "
            "kleutergroep met een onderwijsassistent en is bereid de leerling toe te laten.")}
        h = {}
        h["vers"] = self.aanmelding(3, extra_ondersteuning_verwacht=True,
                                    toelichting="Ouders vertellen dat hun zoon logopedie krijgt voor de spraak.")
        h["tweede_voorkeur"] = self.aanmelding(12, voorkeur=2, andere_scholen=andere.naam if andere else "")
        h["bijna"] = self.aanmelding(39, extra_ondersteuning_verwacht=True,
                                     toelichting="Op de peuterspeelzaal kreeg zij begeleiding bij het spel.")
        h["verstreken"] = self.aanmelding(52, leeftijd=7, extra_ondersteuning_verwacht=True,
                                          toelichting="Verhuist uit Deventer; heeft een OPP op de vorige school.")
        h["tien_weken"] = self.aanmelding(80, [(20, "hulp_vragen", {"vraag": (
            "Wij vinden voor deze leerling geen passende plek: onze school en twee scholen in de buurt kunnen de "
            "gevraagde ondersteuning niet bieden. Wij vragen het samenwerkingsverband mee te zoeken.")})],
            leeftijd=8, extra_ondersteuning_verwacht=True,
            toelichting="Komt van een school in Duitsland; ouders verwachten veel ondersteuning bij taal en gedrag.")
        # The two extensions (each with its letter to the parents): one by 2 weeks (the report is expected
        # soon), one by the full 4 weeks.
        h["verlengd"] = self.aanmelding(36, [(2, "verlengen", {"weken": 2, "reden": (
            "Wij wachten op het verslag van de logopedist, dat over een week klaar is, en willen daarna met u en de "
            "peuterspeelzaal overleggen over de ondersteuning die uw kind nodig heeft.")})],
            extra_ondersteuning_verwacht=True)
        h["verlengd_bijna"] = self.aanmelding(66, [(30, "verlengen", {"weken": 4, "reden": (
            "Het onderzoek naar de ondersteuningsbehoefte door de orthopedagoog van het samenwerkingsverband is "
            "nog niet klaar.")})], leeftijd=6, extra_ondersteuning_verwacht=True)
        if ander:
            h["voorgesteld"] = self.aanmelding(30, [(6, "elders_voorstellen", elders)],
                                               extra_ondersteuning_verwacht=True)
            h["geplaatst"] = self.aanmelding(70, [
                (35, "elders_voorstellen", elders),
                (28, "elders_bevestigen", {"wie": ander, "akkoord": True,
                                           "toelichting": "Wij hebben plaats in de kleine kleutergroep."}),
            ], extra_ondersteuning_verwacht=True)
            # The nearby school proposes one of its aanmeldingen to the IB'er's school, who must confirm.
            h["te_bevestigen"] = self.aanmelding(20, [(4, "elders_voorstellen", {
                "andere_school": self.school, "motivering": (
                    f"Onze groepen 3 zijn vol en te groot voor deze leerling. {self.school.naam} heeft een kleinere "
                    "groep 3 en gaf aan de leerling te kunnen toelaten.")})],
                door=ander, school=andere, leeftijd=6, extra_ondersteuning_verwacht=True)
        h["toegelaten_extra"] = self.aanmelding(45, [(25, "toelaten", {"met_extra_ondersteuning": True,
                                                                       "begindatum": self.dag(20)})],
                                                leeftijd=7, extra_ondersteuning_verwacht=True,
                                                toelichting="Dyslexie en faalangst; vorige school had een OPP.")
        h["toegelaten"] = self.aanmelding(90, [(62, "toelaten", {"met_extra_ondersteuning": False})])
        h["vol"] = self.aanmelding(75, [(50, "weigeren", {"grond": "vol", "motivering": (
            "Alle kleutergroepen zitten aan het maximum dat het bestuur voor iedere aanmelder heeft gepubliceerd "
            "(28 leerlingen); er is een wachtlijst.")})])
        h["grondslag"] = self.aanmelding(100, [(80, "weigeren", {"grond": "grondslag", "motivering": (
            "Ouders hebben in het gesprek aangegeven de identiteit van de school niet te onderschrijven en niet "
            "te willen dat hun kind meedoet aan de vieringen.")})])
        h["cluster12"] = self.aanmelding(40, [(33, "weigeren", {"grond": "cluster12", "motivering": (
            "Ouders vragen onderwijs voor een slechthorende leerling; de toelating loopt via de landelijke "
            "procedure van cluster 2, waarvoor de ouders zijn doorverwezen.")})], extra_ondersteuning_verwacht=True)
        h["ingetrokken"] = self.aanmelding(25, [(10, "intrekken", {
            "reden": "Ouders kiezen voor een school dichter bij de nieuwe woning."})])
        # Decided more than a year ago: within 6 weeks, and placed elsewhere only after 10 weeks.
        h["oud"] = self.aanmelding(480, [(455, "toelaten", {"met_extra_ondersteuning": False})])
        if ander:
            h["oud_laat"] = self.aanmelding(430, [
                (390, "elders_voorstellen", elders),
                (350, "elders_bevestigen", {"wie": ander, "akkoord": True}),
            ], extra_ondersteuning_verwacht=True)
        return h

    # ---- OPP's -----------------------------------------------------------------------------------------------

    def opp(self, leerling, aanleiding_dagen: int, stappen, *, aanleiding="extra_ondersteuning") -> None:
        """Plan an OPP for `leerling` (a pupil, or a callable giving one once an earlier step made it)
        started `aanleiding_dagen` days ago, and its steps (days ago, what, arguments)."""
        h: dict = {}

        def aanmaken(dag):
            ll = leerling() if callable(leerling) else leerling
            h["opp"] = opp.opp_aanmaken(self.ib[1], leerling=ll, school=self.school, aanleiding=aanleiding,
                                        aanleiding_datum=dag, contactpersoon=self.ib[0])
            h["naam"] = ll.voornaam

        self.plan(aanleiding_dagen, self.ib, aanmaken)
        for dagen, wat, kwargs in stappen:
            wie = kwargs.get("ouder") or self.ib
            self.plan(dagen, wie, lambda dag, wat=wat, kwargs=kwargs: self.opp_stap(h, dag, wat, **kwargs))

    def opp_stap(self, h, dag, wat, ouder=None, deel="alles", uitstroom="vmbo_kb", besluit="instemming",
                 toelichting="", verslag="", bijstelling=False, wijziging=None):
        o = Opp.objects.get(pk=h["opp"].pk)
        concept = o.versies.filter(status=OppVersie.Status.CONCEPT).first()
        ib = self.ib[1]
        if wat == "schrijven":
            velden = {k: v.format(naam=h["naam"]) for k, v in OPP_TEKST.items()}
            velden["uitstroombestemming"] = uitstroom
            if deel == "perspectief":
                velden = {k: velden[k] for k in ("uitstroombestemming", "onderbouwing", "belemmerende_factoren",
                                                 "bevorderende_factoren")}
            else:
                velden["oogo_op"] = dag
            velden.update(wijziging or {})
            opp.versie_bijwerken(ib, concept, **velden)
        elif wat == "vaststellen":
            opp.vaststellen(ib, concept, datum=dag)
        elif wat == "instemming":
            versie = o.versies.filter(status=OppVersie.Status.VASTGESTELD).order_by("-nummer").first()
            opp.instemming_geven(ouder[1], versie, besluit=besluit, toelichting=toelichting)
        elif wat == "evaluatie":
            opp.evaluatie_toevoegen(ib, o, datum=dag, verslag=verslag, met_ouders=True, bijstelling_nodig=bijstelling)
        elif wat == "nieuwe_versie":
            opp.nieuwe_versie(ib, o)
        elif wat == "extern":
            opp.extern_opp_toevoegen(ib, o, ContentFile(_pdf(f"OPP vorige school {h['naam']}"), name="opp-extern.pdf"))
        elif wat == "beeindigen":
            opp.opp_beeindigen(ib, o, datum=dag)

    def opps(self, aanmeldingen: dict) -> None:
        eigen = [r.leerling for r in OuderKind.objects.filter(ouder__user=self.users["ouder"][0]).order_by("leerling_id")
                 if r.leerling.inschrijvingen.filter(school=self.school, einddatum__isnull=True).exists()]
        kandidaten = self.kandidaten(exclude={ll.pk for ll in eigen})
        ouder = self.users["ouder"]
        sj = schooljaar(self.vandaag)

        def op(datum: dt.date) -> int:
            """Days ago of `datum`, never in the future."""
            return max(self.geleden(datum), 0)

        def jaar(schooljaar_: int, maand: int, dag: int) -> dt.date:
            """A date in school year `schooljaar_` (August to July)."""
            return dt.date(schooljaar_ if maand >= 8 else schooljaar_ + 1, maand, dag)

        ALLES = ("schrijven", {})
        # The pupil admitted with extra support: a concept within the 6 weeks after enrolment.
        h = aanmeldingen.get("toegelaten_extra")
        if h:
            self.opp(lambda: Aanmelding.objects.get(pk=h["a"].pk).leerling, 20,
                     [(13, "schrijven", {"deel": "perspectief"})], aanleiding="inschrijving")
        # The demo parent's children: one with a new version waiting for their consent, one they agreed to.
        if len(eigen) > 1:
            self.opp(eigen[1], 80, [
                (60, *ALLES), (52, "vaststellen", {}), (48, "instemming", {"ouder": ouder}),
                (12, "nieuwe_versie", {}),
                (6, "schrijven", {"wijziging": {"doelen": (
                    "Aan het eind van dit schooljaar: rekenen op niveau eind groep 5, begrijpend lezen AVI E5; "
                    "zelfstandig dertig minuten aan een taak werken."), "oogo_verslag": (
                    "Tussentijds bijgesteld na zes weken arrangement. Ouders zien vooruitgang en willen het doel "
                    "voor begrijpend lezen toevoegen.")}}),
                (4, "vaststellen", {}),
            ])
        if eigen:
            self.opp(eigen[0], 420, [
                (395, *ALLES), (385, "vaststellen", {}), (380, "instemming", {"ouder": ouder}),
                (20, "evaluatie", {"verslag": (
                    "Met ouders geëvalueerd. De doelen voor rekenen zijn niet gehaald ondanks de extra instructie; "
                    "de school en ouders vragen een toelaatbaarheidsverklaring voor het SBO aan."),
                    "bijstelling": True}),
            ])
        k = iter(kandidaten)
        plannen = [
            # A concept within the term, only the perspectiefdeel so far.
            lambda ll: self.opp(ll, 12, [(5, "schrijven", {"deel": "perspectief", "uitstroom": "vmbo_bb"})]),
            # A concept past the 6 weeks, with the OPP of the previous school attached as PDF.
            lambda ll: self.opp(ll, 58, [(50, "extern", {}), (40, "schrijven", {"deel": "perspectief"})]),
            # Set on time, consent given.
            lambda ll: self.opp(ll, 90, [(65, *ALLES), (58, "vaststellen", {}),
                                         (54, "instemming", {"ouder": self.ouderlogin(ll)})]),
            # Set late, consent withheld (the school still gives the support).
            lambda ll: self.opp(ll, 130, [(80, "schrijven", {"uitstroom": "pro"}), (72, "vaststellen", {}),
                                          (66, "instemming", {"ouder": self.ouderlogin(ll), "besluit": "geen_instemming",
                                                              "toelichting": (
                                              "Wij vinden minder verwerkingsstof bij lezen geen goed idee; ons kind "
                                              "moet juist meer oefenen. Wij willen hierover nog een gesprek.")})]),
            # Set, no reaction from the parents yet.
            lambda ll: self.opp(ll, 40, [(15, *ALLES), (8, "vaststellen", {})]),
            # Set last school year, never evaluated: the evaluation is overdue.
            lambda ll: self.opp(ll, op(jaar(sj - 1, 9, 20)), [
                (op(jaar(sj - 1, 10, 14)), *ALLES), (op(jaar(sj - 1, 10, 21)), "vaststellen", {}),
                (op(jaar(sj - 1, 10, 28)), "instemming", {"ouder": self.ouderlogin(ll)})]),
            # Evaluated last school year: the next evaluation is due at the end of this school year.
            lambda ll: self.opp(ll, op(jaar(sj - 2, 10, 1)), [
                (op(jaar(sj - 2, 10, 29)), *ALLES), (op(jaar(sj - 2, 11, 5)), "vaststellen", {}),
                (op(jaar(sj - 2, 6, 10)), "evaluatie", {"verslag": (
                    "Met ouders geëvalueerd: de leerling maakt goede vorderingen; de doelen blijven staan.")}),
                (op(jaar(sj - 1, 3, 12)), "evaluatie", {"verslag": (
                    "Met ouders geëvalueerd: de doelen voor rekenen zijn gehaald, de werkhouding is verbeterd. "
                    "De ondersteuning loopt door zoals beschreven.")})]),
            # Three versions: set, evaluated and adjusted, evaluated again, a third in the making.
            lambda ll: self.opp(ll, op(jaar(sj - 2, 9, 8)), [
                (op(jaar(sj - 2, 10, 6)), "schrijven", {"uitstroom": "vmbo_bb"}),
                (op(jaar(sj - 2, 10, 13)), "vaststellen", {}),
                (op(jaar(sj - 2, 10, 20)), "instemming", {"ouder": self.ouderlogin(ll)}),
                (op(jaar(sj - 2, 2, 9)), "evaluatie", {"verslag": (
                    "Met ouders geëvalueerd: lezen gaat sneller dan verwacht; de verwachte uitstroom gaat omhoog."),
                    "bijstelling": True}),
                (op(jaar(sj - 2, 2, 16)), "nieuwe_versie", {}),
                (op(jaar(sj - 2, 3, 2)), "schrijven", {"uitstroom": "vmbo_kb", "wijziging": {
                    "oogo_verslag": "Ouders zijn blij met de vooruitgang en stemmen in met de hogere uitstroom."}}),
                (op(jaar(sj - 2, 3, 9)), "vaststellen", {}),
                (op(jaar(sj - 2, 3, 16)), "instemming", {"ouder": self.ouderlogin(ll)}),
                (op(jaar(sj - 1, 11, 24)), "evaluatie", {"verslag": (
                    "Met ouders geëvalueerd: de doelen zijn grotendeels gehaald; de aanpak loopt door.")}),
                (26, "evaluatie", {"verslag": "Met ouders geëvalueerd: de doelen voor dit schooljaar zijn bijgesteld.",
                                   "bijstelling": True}),
                (21, "nieuwe_versie", {}),
            ]),
            # Ended: the extra support is no longer needed.
            lambda ll: self.opp(ll, op(jaar(sj - 1, 9, 15)), [
                (op(jaar(sj - 1, 10, 10)), *ALLES), (op(jaar(sj - 1, 10, 17)), "vaststellen", {}),
                (op(jaar(sj - 1, 6, 20)), "evaluatie", {"verslag": (
                    "Met ouders geëvalueerd: de leerling werkt op niveau en heeft de extra ondersteuning niet meer "
                    "nodig. Het OPP wordt beëindigd.")}),
                (op(jaar(sj - 1, 6, 27)), "beeindigen", {}),
            ]),
        ]
        for plan in plannen:
            leerling = next(k, None)
            if leerling is None:
                break
            plan(leerling)

    def kandidaten(self, exclude: set[int]) -> list[Leerling]:
        """Pupils of the school enrolled there since before the school year two years ago, with a parent with
        gezag: first those with a request at the SWV (they have extra support), then others; in a fixed order."""
        grens = dt.date(schooljaar(self.vandaag) - 2, 9, 1)
        ingeschreven = Inschrijving.objects.filter(school=self.school, einddatum__isnull=True, begindatum__lte=grens)
        alle = (Leerling.objects.filter(pk__in=ingeschreven.values("leerling_id"))
                .filter(pk__in=OuderKind.objects.filter(heeft_gezag=True).values("leerling_id"))
                .exclude(pk__in=exclude).order_by("pk"))
        met_aanvraag = set(Aanvraag.objects.filter(swv=self.swv, school=self.school).exclude(status="ingetrokken")
                           .values_list("leerling_id", flat=True))
        alle = list(alle[:500])
        return [ll for ll in alle if ll.pk in met_aanvraag] + [ll for ll in alle if ll.pk not in met_aanvraag]


def bouw_leerlingzorg(swv, users: dict[str, tuple[User, Roltoekenning]]) -> int:
    """Build the demo aanmeldingen and OPP's (see the module docstring). Returns how many aanmeldingen were
    made (0 when the demo SWV already has them)."""
    if Aanmelding.objects.filter(swv=swv).exists() or "ib" not in users or "ouder" not in users:
        return 0
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
        b = _Bouwer(swv, users)
        if b.school is None:
            return 0
        post_save.connect(b.nieuw, dispatch_uid="demo-leerlingzorg")
        try:
            aanmeldingen = b.aanmeldingen(b.andere_school())
            b.opps(aanmeldingen)
            b.speel()
        finally:
            post_save.disconnect(dispatch_uid="demo-leerlingzorg")
        leerlingaccount(swv, users)
        return Aanmelding.objects.filter(swv=swv).count()


LEERLING_LOGIN = "leerling"


def leerlingaccount(swv, users) -> Leerling | None:
    """A pupil with an own account (login "leerling"): the oldest pupil at the IB'er's school with a set OPP.

    The demo SWV is a primary-education SWV: its pupils are 4 to 12, so no pupil is 16. The directeur allows
    pupil accounts from the age of the oldest such pupil (the setting accepts 12 to 18; 16 is the default), so
    the demo can show the pupil's portal. Through the services: the setting as the directeur, the invitation as
    the IB'er, accepting it with the demo password, and one view on the OPP (hoorrecht)."""
    from passend.accounts import uitnodigingen
    from passend.demo.builder import demo_password
    from passend.ouders import regels as portaal_regels
    from passend.ouders import services as portaal

    bestaand = User.objects.filter(username=LEERLING_LOGIN).first()
    if bestaand is not None:  # a second run only sets the password again, as for the other demo users
        bestaand.set_password(demo_password())
        bestaand.save(update_fields=["password"])
        return None
    if "directeur" not in users or "ib" not in users:
        return None
    _, ib_rol = users["ib"]
    _, directeur_rol = users["directeur"]
    vandaag = timezone.localdate()
    kandidaten = (Leerling.objects.filter(swv=swv, user__isnull=True,
                                          opps__school__in=ib_rol.scholen.all(), opps__beeindigd_op__isnull=True,
                                          opps__versies__status=OppVersie.Status.VASTGESTELD)
                  .distinct().order_by("geboortedatum", "pk"))
    leerling = kandidaten.first()
    if leerling is None:
        return None
    leeftijd = portaal_regels.leeftijd(leerling.geboortedatum, vandaag)
    with acting_as(actor_for(directeur_rol.user, directeur_rol)):
        portaal.instellingen_opslaan(directeur_rol, leerlingaccounts=True, minimumleeftijd=max(12, min(16, leeftijd)))
    if not uitnodigingen.leerling_account_toegestaan(leerling):
        return None
    with acting_as(actor_for(ib_rol.user, ib_rol)):
        u = uitnodigingen.leerling_uitnodigen(ib_rol, leerling, f"{LEERLING_LOGIN}@demo.passend.localhost")
    user = uitnodigingen.uitnodiging_accepteren(u.token, demo_password())
    user.username = LEERLING_LOGIN
    user.save(update_fields=["username"])
    rol = Roltoekenning.objects.get(user=user, rol=Rol.LEERLING, swv=swv)
    o = Opp.objects.filter(leerling=leerling, beeindigd_op__isnull=True).order_by("-pk").first()
    with acting_as(actor_for(user, rol)):
        opp.mening_geven(rol, o, tekst="Ik vind het fijn dat ik in het kleine groepje mag werken. Ik wil wel graag "
                                       "meer zelf kiezen wanneer ik ga rekenen.")
    return leerling
