"""Demo toewijzing: about 25 requests of the IB'er's school in every state, built through the services.

Every request is made the way a user would make it: the IB'er opens and submits, parents react in their own
login, the consulent handles, the two experts ("deskundige", a psycholoog as first, and "jeugdarts", an arts as
second) advise, the directeur decides, objections are registered. Each step runs in `acting_as(...)` the demo
user who takes it, so the audit trail and the timeline name them.

Dates. The services stamp today's date and time, while a realistic demo needs history: requests decided over
the last two school years (for the monitoring's lead times and quarters), objection terms that have run out,
TLV's that expire within three months. So every step has a day in the story (relative to the day the demo is
built, since the worklists compare with today), the steps of all requests run in date order (so request and
TLV numbers follow each other in time), and after each step the timestamps it wrote (timeline, reactions,
attachments, letters, advices, notes, spending) are moved to that day with queryset.update(), as are the
request's submission and closing dates, the completion term of a request to complete (from the story's day)
and the end of an expert's access. Where a service takes a date
(decision, start and end of a TLV, receipt of an objection, LBT steps, spending) it gets the story's date
directly. Request numbers carry the year of the day they were opened. The audit trail is append-only and
is left alone: it shows truthfully that the demo users did all this when the demo was built.

Parents of the pupils in these requests get a login (no usable password, as if they had signed in once via
the parent portal), so their reaction is recorded as the law asks: who, when, with or without gezag. The
demo parent ("ouder") has two children at the IB'er's school: one TLV request waits for their reaction, the
other child has a granted arrangement with its letter.

Idempotent: nothing happens when the demo SWV already has requests. No e-mail is sent while building.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.signals import post_save
from django.test.utils import override_settings
from django.utils import timezone

from passend.accounts.models import Dossiertoegang, Rol, Roltoekenning, User
from passend.audit.context import acting_as, actor_for
from passend.middelen.regels import teldatum
from passend.register.models import Leerling, OuderKind
from passend.toewijzing import regels, services
from passend.toewijzing.models import (
    Aanvraag,
    Adviesopdracht,
    Beroep,
    Beschikking,
    Besteding,
    Bijlage,
    Gebeurtenis,
    Notitie,
    Ouderreactie,
    Soort,
    Toewijzingsinstellingen,
    vandaag,
)

# Rows whose creation time a step writes, and the field that holds it.
STEMPELS = (
    (Aanvraag, "aangemaakt"), (Gebeurtenis, "tijdstip"), (Ouderreactie, "gezien_op"),
    (Bijlage, "geupload_op"), (Notitie, "tijdstip"), (Adviesopdracht, "gevraagd_op"), (Beschikking, "verzonden_op"),
    (Besteding, "geboekt_op"), (Roltoekenning, "aangemaakt"),
)

HULPVRAAG = {
    Soort.TLV: "Wat heeft {naam} nodig om tot ontwikkeling te komen? De ondersteuningsbehoefte overstijgt wat "
               "wij met extra begeleiding in de groep kunnen bieden.",
    Soort.VERLENGING: "{naam} heeft ook het komende schooljaar de ondersteuning van het speciaal onderwijs nodig.",
    Soort.ARRANGEMENT: "Hoe kunnen wij {naam} in de eigen groep ondersteunen bij het zelfstandig werken en de "
                       "werkhouding?",
    Soort.ADVIES: "Wij vragen advies over de aanpak van het gedrag van {naam} in de groep en op het plein.",
}
AL_GEDAAN = ("Handelingsplan met doelen per periode; dagelijkse extra instructie in een klein groepje; "
             "observatie door de gedragsspecialist van het bestuur; twee gesprekken met ouders.")
ZIENSWIJZE_LEERLING = "Vindt het in de grote groep vaak te druk en wil graag meer rust en hulp bij het werk."
GESPREK_OUDERS = "Ouders herkennen het beeld en willen dat hun kind op een plek komt waar het tot rust komt."
MOTIVERING_TOEGEKEND = (
    "Beide deskundigen adviseren positief. De ondersteuningsbehoefte van de leerling is groter dan de "
    "basisondersteuning en de extra ondersteuning die de school met een arrangement kan bieden."
)
MOTIVERING_AFGEWEZEN = (
    "De deskundigen adviseren dat de leerling met een arrangement op de eigen school voldoende kan worden "
    "ondersteund. De mogelijkheden van de school zijn nog niet benut; het SWV biedt een arrangement aan."
)
ADVIES_POSITIEF = (
    "Uit het dossier, de observatie en het gesprek met ouders blijkt een ondersteuningsbehoefte op het gebied "
    "van {gebied}. De leerling heeft een kleine groep, voorspelbare structuur en specialistische begeleiding "
    "nodig. Ik adviseer positief over de toelaatbaarheid."
)
ADVIES_NEGATIEF = (
    "De leerling laat in de groep vooruitgang zien wanneer de aanpak uit het handelingsplan consequent wordt "
    "toegepast. Met een arrangement op de eigen school is de ondersteuning te bieden. Ik adviseer negatief."
)


def _pdf(titel: str) -> bytes:
    """A small valid one-page PDF standing in for a school's document (ASCII title)."""
    tekst = titel.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    inhoud = b"BT /F1 14 Tf 72 770 Td (" + tekst + b") Tj 0 -24 Td (Fictief document voor de demo van Passend.) Tj ET"
    objecten = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(inhoud) + inhoud + b"\nendstream",
    ]
    uit = bytearray(b"%PDF-1.4\n")
    posities = []
    for i, obj in enumerate(objecten, 1):
        posities.append(len(uit))
        uit += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(uit)
    uit += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objecten) + 1)
    for p in posities:
        uit += b"%010d 00000 n \n" % p
    uit += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objecten) + 1, xref)
    return bytes(uit)


@dataclass
class Verhaal:
    """One request in the demo: the pupil, what is asked, and its steps as (days before today, step, details)."""

    leerling: Leerling
    soort: str
    velden: dict
    stappen: list
    a: Aanvraag | None = None
    extra: dict = field(default_factory=dict)


class _Bouwer:
    def __init__(self, swv, users: dict[str, tuple[User, Roltoekenning]]):
        self.swv = swv
        self.users = users
        self.vandaag = vandaag()
        self.ib = users["ib"][1]
        self.school = self.ib.scholen.order_by("pk").first()
        self.stempels = dict(STEMPELS)
        self.gemaakt: dict = {}
        self.nummers: dict[int, int] = {}
        self.gebruikt: set[int] = set()

    # ---- time --------------------------------------------------------------------------------------------

    def dag(self, dagen_geleden: int) -> dt.date:
        """A working day `dagen_geleden` days before today (never after today)."""
        d = self.vandaag - dt.timedelta(days=dagen_geleden)
        while d.weekday() >= 5:
            d += dt.timedelta(days=1)
        while d > self.vandaag or d.weekday() >= 5:
            d -= dt.timedelta(days=1)
        return d

    def nieuw(self, sender, instance, created, **kwargs):
        """post_save receiver while building: remember the rows each step creates."""
        if created and sender in self.stempels:
            self.gemaakt.setdefault(sender, []).append(instance.pk)

    def na_stap(self, dag: dt.date, uur: int) -> None:
        """Move what the step wrote to `dag`."""
        moment = self.moment(dag, uur)
        for model, pks in self.gemaakt.items():
            model.objects.filter(pk__in=pks).update(**{self.stempels[model]: moment})
        self.gemaakt = {}
        gisteren = self.vandaag - dt.timedelta(days=1)
        if dag < gisteren:
            # Access that the step ended ends on the story's day, not yesterday.
            Dossiertoegang.objects.filter(leerling__swv=self.swv, geldig_tot=gisteren).update(geldig_tot=dag)

    def rol(self, naam: str) -> Roltoekenning:
        return self.users[naam][1]

    # ---- pupils ------------------------------------------------------------------------------------------

    def leerlingen(self):
        return list(
            Leerling.objects.filter(swv=self.swv, inschrijvingen__school=self.school,
                                    inschrijvingen__einddatum__isnull=True)
            .distinct().order_by("pk").prefetch_related("inschrijvingen")
        )

    def kies(self, vanaf: dt.date, min_leeftijd: float = 5.5, max_leeftijd: float = 99) -> Leerling | None:
        """The next unused pupil of the school, enrolled there well before `vanaf` and of a fitting age."""
        for ll in self._kandidaten:
            if ll.pk in self.gebruikt:
                continue
            begin = min(i.begindatum for i in ll.inschrijvingen.all() if i.school_id == self.school.pk)
            leeftijd = (vanaf - ll.geboortedatum).days / 365.25
            if begin <= vanaf - dt.timedelta(days=30) and min_leeftijd <= leeftijd <= max_leeftijd:
                self.gebruikt.add(ll.pk)
                return ll
        return None

    def ouderrol(self, leerling: Leerling) -> Roltoekenning | None:
        """The login of a parent with gezag (made for the demo when the parent has none yet)."""
        relatie = (OuderKind.objects.select_related("ouder").filter(leerling=leerling)
                   .order_by("-heeft_gezag", "pk").first())
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
        return rol or Roltoekenning.objects.create(user_id=ouder.user_id, rol=Rol.OUDER, swv=self.swv)

    # ---- the steps ---------------------------------------------------------------------------------------

    def aanmaken(self, v: Verhaal, dag, compleet=True):
        naam = v.leerling.voornaam
        velden = {"vraag": HULPVRAAG[v.soort].format(naam=naam), "al_gedaan": AL_GEDAAN,
                  "zienswijze_leerling": ZIENSWIJZE_LEERLING, "zienswijze_ouders_school": GESPREK_OUDERS}
        if not compleet:
            velden = {"vraag": velden["vraag"]}
        velden.update(v.velden)
        if "verlengt" in v.extra:
            velden["vorige_tlv"] = v.extra["verlengt"].a.tlvs.get()
        a = services.aanvraag_aanmaken(self.ib, v.leerling, self.school, v.soort, **velden)
        # The number carries the year the request was opened (the services number in today's year).
        volgnummer = self.nummers[dag.year] = self.nummers.get(dag.year, 0) + 1
        nummer = regels.aanvraag_nummer(self.swv.code, dag.year, volgnummer)
        if nummer != a.nummer:
            Aanvraag.objects.filter(pk=a.pk).update(nummer=nummer)
            a.nummer = nummer
        if compleet:
            services.bijlage_toevoegen(self.ib, a, "opp", ContentFile(_pdf(f"OPP {naam}"), name="opp-groeidocument.pdf"))
            if v.soort == Soort.VERLENGING:
                services.bijlage_toevoegen(self.ib, a, "evaluatie",
                                           ContentFile(_pdf(f"Evaluatie OPP {naam}"), name="evaluatie-opp.pdf"))
        v.a = a

    def ouder(self, v: Verhaal, dag, akkoord="akkoord", zienswijze=""):
        rol = v.extra.get("ouderrol") or self.ouderrol(v.leerling)
        if rol is not None:
            with acting_as(actor_for(rol.user, rol)):
                services.ouderreactie_geven(rol, v.a, akkoord=akkoord, zienswijze=zienswijze or
                                            "Wij hebben de aanvraag gelezen en besproken met de school.")

    def indienen(self, v: Verhaal, dag, toelichting=""):
        if toelichting:
            services.aanvraag_bijwerken(self.ib, v.a, zonder_instemming_toelichting=toelichting)
        services.transitie(self.ib, v.a, "indienen")
        Aanvraag.objects.filter(pk=v.a.pk).update(ingediend_op=dag)

    def aanvulling(self, v: Verhaal, dag, toelichting, weken=2):
        """Sent back on `dag`, to complete within `weken` (Awb 4:5). The service sets the term from today; the
        story's day is in the past, so the term is set from that day, as the step's moment is (na_stap)."""
        services.transitie(self.rol("consulent"), v.a, "aanvulling_vragen", toelichting=toelichting)
        stap = Gebeurtenis.objects.filter(pk__in=self.gemaakt.get(Gebeurtenis, []), transitie="aanvulling_vragen")
        stap.update(aanvullen_uiterlijk=dag + dt.timedelta(weeks=weken))

    def opnieuw_indienen(self, v: Verhaal, dag):
        services.transitie(self.ib, v.a, "opnieuw_indienen")

    def behandelen(self, v: Verhaal, dag, wie="consulent"):
        rol = self.rol(wie)
        services.consulent_toewijzen(rol, v.a, rol.user)
        services.transitie(rol, v.a, "in_behandeling_nemen")

    def notitie(self, v: Verhaal, dag, tekst):
        services.notitie_toevoegen(self.rol("consulent"), v.a, tekst)

    def mdo(self, v: Verhaal, dag, over_dagen=7):
        datum = timezone.make_aware(dt.datetime.combine(self.vandaag + dt.timedelta(days=over_dagen), dt.time(14, 0)))
        services.overleg_plannen(
            self.rol("consulent"), v.a, datum=datum, locatie="Kantoor SWV, Zwolle",
            deelnemers=[self.users[n][0] for n in ("consulent", "orthopedagoog", "ib")],
            externe_deelnemers="Ouders; jeugdconsulent van de gemeente",
        )

    def deskundigen(self, v: Verhaal, dag):
        staf = self.rol("consulent")
        services.deskundige_vragen(staf, v.a, deskundige=self.users["deskundige"][0], volgorde=1,
                                   beroep=Beroep.PSYCHOLOOG, uiterlijk=dag + dt.timedelta(days=21))
        if v.a.is_tlv:
            services.deskundige_vragen(staf, v.a, deskundige=self.users["jeugdarts"][0], volgorde=2,
                                       beroep=Beroep.ARTS, uiterlijk=dag + dt.timedelta(days=21))
        services.transitie(staf, v.a, "advies_vragen")

    def advies(self, v: Verhaal, dag, volgorde=1, conclusie="positief", categorie="", gebied="leren en gedrag"):
        wie = "deskundige" if volgorde == 1 else "jeugdarts"
        o = v.a.adviesopdrachten.get(volgorde=volgorde, status=Adviesopdracht.Status.GEVRAAGD)
        tekst = (ADVIES_POSITIEF.format(gebied=gebied) if conclusie == "positief" else ADVIES_NEGATIEF)
        services.advies_geven(self.rol(wie), o, niet_eerder_betrokken=True, zelfstandig_opgesteld=True,
                              conclusie=conclusie, advies=tekst, categorie=categorie)
        Adviesopdracht.objects.filter(pk=o.pk).update(gegeven_op=self.moment(dag, 16))

    def besluiten(self, v: Verhaal, dag, **besluit):
        wie = "directeur" if v.a.is_tlv else "consulent"
        besluit.setdefault("uitkomst", "toegekend")
        besluit.setdefault("motivering", MOTIVERING_TOEGEKEND if besluit["uitkomst"] == "toegekend"
                           else MOTIVERING_AFGEWEZEN)
        if v.a.is_tlv and besluit["uitkomst"] == "toegekend":
            begin = dag + dt.timedelta(days=1)
            while begin.weekday() >= 5:
                begin += dt.timedelta(days=1)
            besluit.setdefault("begindatum", begin)
        services.transitie(self.rol(wie), v.a, "besluiten", datum=dag, **besluit)

    def afsluiten(self, v: Verhaal, dag):
        services.transitie(self.rol("consulent"), v.a, "afsluiten")
        Aanvraag.objects.filter(pk=v.a.pk).update(afgesloten_op=dag)

    def intrekken(self, v: Verhaal, dag, toelichting):
        services.transitie(self.ib, v.a, "intrekken", toelichting=toelichting)
        Aanvraag.objects.filter(pk=v.a.pk).update(afgesloten_op=dag)

    def bezwaar(self, v: Verhaal, dag, gronden):
        services.transitie(self.rol("consulent"), v.a, "bezwaar_registreren", ontvangen_op=dag, indiener="ouders",
                           indiener_naam="Ouders van de leerling", gronden=gronden)

    def lbt(self, v: Verhaal, dag, **dagen_geleden):
        """Steps of the LBT procedure, each `dagen_geleden` days ago (negative: planned, e.g. the hearing)."""
        velden = {k: (self.dag(n) if n >= 0 else self.vandaag - dt.timedelta(days=n)) for k, n in dagen_geleden.items()}
        services.bezwaar_bijwerken(self.rol("consulent"), v.a.bezwaren.get(beslist_op__isnull=True), **velden)

    def besteding(self, v: Verhaal, dag, omschrijving, uren=None, bedrag=None):
        arrangement = Aanvraag.objects.get(pk=v.a.pk).arrangement
        services.besteding_boeken(self.rol("consulent"), arrangement, datum=dag, omschrijving=omschrijving,
                                  uren=uren, bedrag=bedrag)

    def moment(self, dag, uur):
        return timezone.make_aware(dt.datetime.combine(dag, dt.time(uur, (dag.day * 7) % 60)))

    # ---- running the stories -------------------------------------------------------------------------------

    def wie(self, v: Verhaal, naam: str, details: dict) -> str | None:
        """The demo user who takes a step (None: the step acts as the pupil's parent itself)."""
        if naam in ("aanmaken", "indienen", "opnieuw_indienen", "intrekken"):
            return "ib"
        if naam == "ouder":
            return None
        if naam == "advies":
            return "deskundige" if details.get("volgorde", 1) == 1 else "jeugdarts"
        if naam == "besluiten" and v.soort in (Soort.TLV, Soort.VERLENGING):
            return "directeur"
        return details.get("wie", "consulent")

    def speel(self, verhalen: list[Verhaal]) -> None:
        """Run the steps of all stories in date order, each as the demo user who takes it."""
        stappen = []
        for i, v in enumerate(verhalen):
            for j, (dagen_geleden, naam, details) in enumerate(v.stappen):
                stappen.append((self.dag(dagen_geleden), i, j, v, naam, details))
        stappen.sort(key=lambda s: s[:3])
        for dag, _i, j, v, naam, details in stappen:
            wie = self.wie(v, naam, details)
            if wie is None:
                getattr(self, naam)(v, dag, **details)
            else:
                user, rol = self.users[wie]
                with acting_as(actor_for(user, rol)):
                    getattr(self, naam)(v, dag, **details)
            self.na_stap(dag, 9 + (j % 8))

    def periode(self, van: dt.date) -> tuple[dt.date, dt.date]:
        """An arrangement's period: from `van` to the end of the school year (the next one when that is close)."""
        jaar = regels.schooljaar(van)
        if regels.einde_schooljaar(jaar) < van + dt.timedelta(days=200):
            jaar += 1
        return van, regels.einde_schooljaar(jaar)

    def verhalen(self) -> list[Verhaal]:
        """The demo's requests. Days are counted back from today; pupils are picked in a fixed order."""
        met_gezag = set(OuderKind.objects.filter(leerling__swv=self.swv, heeft_gezag=True)
                        .values_list("leerling_id", flat=True))
        self._kandidaten = [ll for ll in self.leerlingen() if ll.pk in met_gezag]
        eigen = [r.leerling for r in OuderKind.objects.filter(ouder__user=self.users["ouder"][0]).order_by("leerling_id")]
        self.gebruikt |= {ll.pk for ll in eigen}
        uit: list[Verhaal] = []

        def tlv(leerling, start, *, tlv_soort, categorie="", emb=False, duur=42, uitkomst="toegekend", afsluiten=True,
                einddatum=None, schooljaren=1, advies_categorie="", gebied="leren en gedrag", extra=()):
            """A TLV request from opening (`start` days ago) to decision (`duur` days later) and closing."""
            if leerling is None:
                return None
            conclusie = "positief" if uitkomst == "toegekend" else "negatief"
            besluit = {"uitkomst": uitkomst}
            if uitkomst == "toegekend" and (einddatum is not None or schooljaren > 1):
                begin = self.dag(start - duur) + dt.timedelta(days=1)
                besluit["einddatum"] = einddatum or regels.tlv_einddatum(begin, schooljaren)
            advies = {"conclusie": conclusie, "categorie": advies_categorie, "gebied": gebied}
            stappen = [
                (start, "aanmaken", {}), (start - 2, "ouder", {}), (start - 3, "indienen", {}),
                (start - 6, "behandelen", {"wie": "consulent" if start % 2 else "orthopedagoog"}),
                (start - 9, "deskundigen", {}),
                (start - 22, "advies", {"volgorde": 1, **advies}),
                (start - 27, "advies", {"volgorde": 2, **advies}),
                (start - duur, "besluiten", besluit),
            ]
            if afsluiten:
                stappen.append((start - duur - 50, "afsluiten", {}))
            v = Verhaal(leerling, Soort.TLV, {"tlv_soort": tlv_soort, "categorie": categorie, "emb": emb},
                        stappen + list(extra))
            uit.append(v)
            return v

        def arrangement(leerling, start, *, duur=30, uren=None, bedrag=None, bestedingen=(), afsluiten=None,
                        ouderrol=None):
            """An arrangement opened `start` days ago and granted `duur` days later, with its spending
            (days after the decision) and, when `afsluiten` is given, closed that many days after the decision."""
            if leerling is None:
                return None
            besloten = start - duur
            van, tot = self.periode(self.dag(besloten) + dt.timedelta(days=3))
            velden = {"doel": "Zelfstandig werken aan rekenen en begrijpend lezen; rust in de klas.",
                      "vorm": "Ambulante begeleiding in de groep", "uren": uren, "bedrag": bedrag,
                      "periode_van": van, "periode_tot": tot}
            stappen = [(start, "aanmaken", {}), (start - 2, "ouder", {}), (start - 3, "indienen", {}),
                       (start - 7, "behandelen", {}),
                       (besloten, "besluiten", {"aanbieder": "Ambulante dienst SWV PO 23-05"})]
            stappen += [(max(besloten - na, 0), "besteding", b) for na, b in bestedingen]
            if afsluiten is not None:
                stappen.append((max(besloten - afsluiten, 0), "afsluiten", {}))
            v = Verhaal(leerling, Soort.ARRANGEMENT, velden, stappen, extra={"ouderrol": ouderrol})
            uit.append(v)
            return v

        def verhaal(leerling, soort, velden, stappen):
            if leerling is not None:
                uit.append(Verhaal(leerling, soort, velden, stappen))

        # The demo parent's children: a TLV waiting for their reaction, and a granted arrangement.
        if eigen:
            verhaal(eigen[0], Soort.TLV, {"tlv_soort": "sbo"}, [(6, "aanmaken", {})])
        if len(eigen) > 1:
            ingeschreven = min(i.begindatum for i in eigen[1].inschrijvingen.all())
            start = min(110, max(35, (self.vandaag - ingeschreven).days - 14))
            arrangement(eigen[1], start, duur=28, uren=Decimal("40"), bedrag=Decimal("3200"), ouderrol=self.rol("ouder"),
                        bestedingen=[(12, {"omschrijving": "Begeleiding in de groep, blok 1", "uren": "8",
                                           "bedrag": "640"}),
                                     (40, {"omschrijving": "Begeleiding in de groep, blok 2", "uren": "6",
                                           "bedrag": "480"})])

        # Concepts at the school: one just started, one complete with the parents' view.
        verhaal(self.kies(self.dag(3)), Soort.ARRANGEMENT, {}, [(3, "aanmaken", {"compleet": False})])
        verhaal(self.kies(self.dag(8)), Soort.ADVIES, {}, [(8, "aanmaken", {}), (5, "ouder", {})])
        # Submitted: an arrangement, and a TLV without the parents' agreement (with the school's reason).
        ll = self.kies(self.dag(12))
        verhaal(ll, Soort.ARRANGEMENT, {"doel": "Begrijpend lezen op niveau", "vorm": "Remedial teaching",
                                        "uren": Decimal("30"), **dict(zip(("periode_van", "periode_tot"),
                                                                          self.periode(self.dag(0)), strict=True))},
                [(12, "aanmaken", {}), (11, "ouder", {}), (10, "indienen", {})])
        verhaal(self.kies(self.dag(9)), Soort.TLV, {"tlv_soort": "so", "categorie": "midden"}, [
            (9, "aanmaken", {}),
            (7, "ouder", {"akkoord": "niet_akkoord",
                          "zienswijze": "Wij willen eerst zien of het met meer hulp op deze school lukt."}),
            (4, "indienen", {"toelichting": "De school kan de veiligheid van de leerling en de groep niet langer "
                                            "waarborgen; ouders zijn gehoord en hun zienswijze zit in het dossier."}),
        ])
        # Sent back for more information.
        verhaal(self.kies(self.dag(24)), Soort.ARRANGEMENT,
                {"doel": "Werkhouding en planning", "vorm": "Coaching", "uren": Decimal("20"),
                 **dict(zip(("periode_van", "periode_tot"), self.periode(self.dag(0)), strict=True))},
                [(24, "aanmaken", {}), (22, "ouder", {}), (21, "indienen", {}),
                 (16, "aanvulling", {"toelichting": "Voeg de evaluatie van het handelingsplan toe en beschrijf de "
                                                    "resultaten van de extra instructie.", "weken": 3})])
        # In treatment: a TLV with an MDO coming up and a note; an advice request.
        verhaal(self.kies(self.dag(28)), Soort.TLV, {"tlv_soort": "so", "categorie": "midden"}, [
            (28, "aanmaken", {}), (26, "ouder", {}), (25, "indienen", {}), (22, "behandelen", {}),
            (20, "notitie", {"tekst": "Gesproken met de IB'er: de leerling is sinds de herfstvakantie vaak thuis."}),
            (19, "mdo", {"over_dagen": 6}),
        ])
        verhaal(self.kies(self.dag(15)), Soort.ADVIES, {}, [
            (15, "aanmaken", {}), (14, "ouder", {}), (13, "indienen", {}), (10, "behandelen", {"wie": "orthopedagoog"}),
        ])
        # Advice asked: none given yet; the first given; both given (ready for the directeur).
        for start, gegeven, tlv_soort, categorie, leeftijd in ((30, 0, "sbo", "", 5.5), (42, 1, "so", "laag", 5.5),
                                                                (52, 2, "vso", "midden", 11.5)):
            stappen = [(start, "aanmaken", {}), (start - 2, "ouder", {}), (start - 3, "indienen", {}),
                       (start - 6, "behandelen", {}), (start - 9, "deskundigen", {})]
            stappen += [(start - 20 - 4 * i, "advies", {"volgorde": i + 1, "categorie": categorie})
                        for i in range(gegeven)]
            verhaal(self.kies(self.dag(start), min_leeftijd=leeftijd), Soort.TLV,
                    {"tlv_soort": tlv_soort, "categorie": categorie}, stappen)

        # Decided over the last two school years.
        # These two were granted 20 and 50 days before this year's PO count date (1 February of last year),
        # whatever today's date is: this year's budget (Middelen) deducts them.
        voor_teldatum = (self.vandaag - teldatum(self.vandaag.year, "PO")).days + 20
        tlv(self.kies(self.dag(voor_teldatum + 38)), voor_teldatum + 38, tlv_soort="sbo", duur=38)
        tlv(self.kies(self.dag(voor_teldatum + 30 + 64)), voor_teldatum + 30 + 64, tlv_soort="so", categorie="hoog",
            emb=True, duur=64, advies_categorie="hoog",
            gebied="lichamelijke en verstandelijke ontwikkeling (EMB)")
        tlv(self.kies(self.dag(470)), 470, tlv_soort="so", categorie="laag", duur=45, schooljaren=2)
        tlv(self.kies(self.dag(400)), 400, tlv_soort="sbo", duur=51, uitkomst="afgewezen")
        tlv(self.kies(self.dag(330)), 330, tlv_soort="so", categorie="midden", duur=40, advies_categorie="midden",
            schooljaren=2)
        tlv(self.kies(self.dag(250), min_leeftijd=11.5), 250, tlv_soort="vso", categorie="laag", duur=47)
        tlv(self.kies(self.dag(75)), 75, tlv_soort="sbo", duur=44, afsluiten=False)
        # Expiring within three months: two without a renewal, one renewed (the verlenging is submitted).
        tlv(self.kies(self.dag(380)), 380, tlv_soort="sbo", duur=41, einddatum=self.vandaag + dt.timedelta(days=38))
        tlv(self.kies(self.dag(300)), 300, tlv_soort="so", categorie="midden", duur=36,
            einddatum=self.vandaag + dt.timedelta(days=66))
        verlengd = tlv(self.kies(self.dag(350)), 350, tlv_soort="so", categorie="laag", duur=43,
                       einddatum=self.vandaag + dt.timedelta(days=80))
        if verlengd:
            uit.append(Verhaal(verlengd.leerling, Soort.VERLENGING, {"tlv_soort": "so", "categorie": "laag"},
                               [(10, "aanmaken", {}), (8, "ouder", {}), (6, "indienen", {})],
                               extra={"verlengt": verlengd}))
        # An objection in progress: the parents ask for category midden; the LBT was asked, the hearing is planned.
        tlv(self.kies(self.dag(110)), 110, tlv_soort="so", categorie="laag", duur=40, afsluiten=False, extra=[
            (45, "bezwaar", {"gronden": "Wij vinden dat onze zoon meer ondersteuning nodig heeft dan categorie laag "
                                        "biedt; de tweede deskundige adviseerde ook intensievere begeleiding."}),
            (38, "lbt", {"lbt_gevraagd_op": 38}),
            (30, "lbt", {"verweer_verzonden_op": 30, "hoorzitting_op": -12}),
        ])
        # An arrangement of last school year with its spending, closed at the end of its period.
        vorig_jaar = arrangement(
            self.kies(self.dag(430)), 430, duur=33, bedrag=Decimal("4500"), afsluiten=300,
            bestedingen=[(20, {"omschrijving": "Inzet ambulant begeleider, periode 1", "bedrag": "1500"}),
                         (100, {"omschrijving": "Inzet ambulant begeleider, periode 2", "bedrag": "1500"}),
                         (170, {"omschrijving": "Materialen en training leerkracht", "bedrag": "850"})])
        # Sent back, completed within the term and submitted again: the term stood still in between, so its
        # decision deadline is later by those days (Awb 4:15).
        # The pupil of last year's arrangement (the school's candidates with a parent with gezag are all in use).
        verhaal(vorig_jaar.leerling if vorig_jaar else None, Soort.ARRANGEMENT,
                {"doel": "Samenwerken en omgaan met andere kinderen", "vorm": "Sociale-vaardigheidstraining in een "
                 "kleine groep", "uren": Decimal("24"),
                 **dict(zip(("periode_van", "periode_tot"), self.periode(self.dag(0)), strict=True))},
                [(40, "aanmaken", {}), (38, "ouder", {}), (37, "indienen", {}),
                 (33, "aanvulling", {"toelichting": "Beschrijf welke afspraken over het speelkwartier al zijn "
                                                    "geprobeerd en wat die opleverden."}),
                 (26, "opnieuw_indienen", {}), (23, "behandelen", {})])
        # Withdrawn by the school: the family moved.
        verhaal(self.kies(self.dag(140)), Soort.TLV, {"tlv_soort": "sbo"}, [
            (140, "aanmaken", {}), (138, "ouder", {}), (137, "indienen", {}),
            (120, "intrekken", {"toelichting": "Het gezin verhuist naar Groningen; de nieuwe school neemt het over."}),
        ])
        return uit


def bouw_toewijzing(swv, users: dict[str, tuple[User, Roltoekenning]]) -> int:
    """Build the demo requests (see the module docstring). Returns how many were made (0 when present)."""
    if Aanvraag.objects.filter(swv=swv).exists() or "ib" not in users or "jeugdarts" not in users:
        return 0
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
        b = _Bouwer(swv, users)
        if b.school is None:
            return 0
        # Hand-made grants of earlier demo versions: access now follows the assignments.
        Dossiertoegang.objects.filter(leerling__swv=swv, reden="Deskundigenadvies TLV (demo)").delete()
        post_save.connect(b.nieuw, dispatch_uid="demo-toewijzing")
        try:
            _bouw(b, swv, users)
        finally:
            post_save.disconnect(dispatch_uid="demo-toewijzing")
        return Aanvraag.objects.filter(swv=swv).count()


def _bouw(b: _Bouwer, swv, users) -> None:
    inst = Toewijzingsinstellingen.voor(swv)
    if inst.pk is None:
        inst.categorie_criteria = (
            "Laag: ondersteuning in een groep van ongeveer 12 leerlingen. Midden: daarnaast intensieve lichamelijke "
            "zorg of begeleiding een deel van de dag. Hoog: ernstig meervoudige beperking of begeleiding één-op-één "
            "het grootste deel van de dag.")
        inst.contact_bezwaar = ("Samenwerkingsverband PO 23-05, t.a.v. de bezwaarcommissie, Postbus 1234, "
                                "8000 AA Zwolle (demo)")
        directeur, rol = users["directeur"]
        with acting_as(actor_for(directeur, rol)):
            services.instellingen_opslaan(rol, inst)
    b.speel(b.verhalen())
