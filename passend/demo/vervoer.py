"""Demo leerlingenvervoer: gemeente Zwolle's verordening, its carrier's vehicles and transport requests in every
state, so the demo vervoer user reviews entitlements and plans routes (the planning itself is started on the page;
bin/run runs the worker).

What is in it:
- Vervoersinstellingen for Zwolle with the VNG model's defaults, saved through the service as the vervoer user
  (whose role is bound to gemeente Zwolle; set here when it is not);
- six vehicles with their depot in Zwolle postcodes, available 07:00-09:30: three taxis (4 seats) and three
  taxibuses (8 seats, one or two wheelchair places);
- transport requests through services.aanvraag_indienen, for this school year:
  * SBO pupils living in Zwolle (the demo has no pupils enrolled at an SO school, and its pupils live in the
    postcode of their school; the pupils chosen here "moved" within Zwolle first, through the register service,
    so their homes spread over the city and the routes have something to plan). Most cannot travel independently
    because of a disability (aangepast vervoer, no distance threshold); a few use a wheelchair, one must travel
    alone, some have their own maximum ride time and what the driver must know ("Zit graag voorin",
    "Epilepsie: noodmedicatie in de rugtas"); some can travel by themselves or have no disability, and the
    distance decides;
  * regular (BAO) pupils living close to their school: refused by the rules (one asked by the demo parent for
    their own child, one by the IB'er's school);
  * two SBO pupils living outside Zwolle (their gemeente decides: the Zwolle vervoer user does not see them);
- the vervoer user decides most of the Zwolle requests, confirming the proposal; one departs from it with a
  motivering (aangepast vervoer on medical advice where the rules say no); a few stay open. Times are moved to
  the story's days afterwards, as the other demo parts do.

Deterministic (seeded; dates follow today, as the other demo parts) and idempotent: each part is made only when
the gemeente or the SWV has none of it yet, so a second build changes nothing.
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from passend.accounts.models import Rol, Roltoekenning, User
from passend.audit.context import acting_as, actor_for
from passend.netwerk.models import Leerlingbehoefte, Plaatsingsverzoek
from passend.netwerk.regels import afstand_km
from passend.opp.models import Opp
from passend.register import services as register_services
from passend.register.models import (
    Gemeente,
    Inschrijving,
    Leerling,
    OuderKind,
    Postcodegebied,
    Soort,
    actief_op,
)
from passend.thuiszitters.models import Melding
from passend.toewijzing.models import Aanvraag
from passend.vervoer import gegevens, services
from passend.vervoer.models import Vervoersaanvraag, Vervoersinstellingen, Voertuig, Vorm

SEED = 2305 + 8
GEMEENTE = "zwolle"
# (name, seats, wheelchair places, depot PC4): the carrier's vehicles, available 07:00-09:30.
VOERTUIGEN = [
    ("Taxi 1", 4, 0, "8025"),
    ("Taxi 2", 4, 0, "8043"),
    ("Taxi 3", 4, 0, "8031"),
    ("Taxibus 1", 8, 2, "8014"),
    ("Taxibus 2", 8, 1, "8022"),
    ("Taxibus 3", 8, 1, "8033"),
]
EPILEPSIE = "Epilepsie: noodmedicatie in de rugtas"
VER = "ver"  # not an argument of the service: this pupil lives in the part of Zwolle farthest from the school
# The SBO pupils' situations, in order (one pupil each). Keys are the service's arguments.
SBO_PROFIELEN = [
    {"beperking": True, "rolstoel": True, "chauffeur_info": "Rolstoel vastzetten; helpt graag mee met de gordel"},
    {"beperking": True, "rolstoel": True, "max_rit_minuten": 45},
    {"beperking": True, "rolstoel": True, "chauffeur_info": "Slechthorend: spreek rustig en kijk haar aan"},
    {"beperking": True, "alleen_reizen": True, "max_rit_minuten": 30,
     "chauffeur_info": "Raakt snel overprikkeld: geen radio, vaste chauffeur graag"},
    {"beperking": True, "max_rit_minuten": 40, "chauffeur_info": EPILEPSIE},
    {"beperking": True, "chauffeur_info": "Zit graag voorin"},
    {"beperking": True, "max_rit_minuten": 45},
    {"beperking": True, "chauffeur_info": "Zit achter de bestuurder; niet naast een andere leerling"},
    {"beperking": True},
    {"beperking": True, "max_rit_minuten": 50},
    {"beperking": True},
    {"beperking": True, "chauffeur_info": "Zit graag voorin"},
    {"beperking": True},
    {"beperking": True, "chauffeur_info": "Allergie voor noten: niet eten in de bus"},
    {"beperking": True},
    # No disability and not independent: the distance decides (far: aangepast vervoer with the drempelbedrag as
    # eigen bijdrage above the income limit; close: no right).
    {"inkomen_boven_grens": True, VER: True},
    {"inkomen_boven_grens": False},
    {"inkomen_boven_grens": True},
    # Can travel by themselves: the distance decides (far: public transport).
    {"kan_zelfstandig_reizen": True, VER: True},
    {"kan_zelfstandig_reizen": True, "inkomen_boven_grens": False},
    {"kan_zelfstandig_reizen": True, "beperking": True},
    # Asked last, still open: the gemeente has not decided yet.
    {"beperking": True, "chauffeur_info": EPILEPSIE},
    {"beperking": True, "max_rit_minuten": 40},
    {"kan_zelfstandig_reizen": True},
]
OPEN_SBO = 3  # the last SBO profiles stay open
TOELICHTING = {
    "beperking": "Zie het ontwikkelingsperspectief; de leerling kan niet zelfstandig naar school.",
    "zelfstandig": "Fietst zelf, maar de route is lang.",
}
AFWIJKING = ("Medisch advies van de jeugdarts: de leerling kan na een operatie tot de zomervakantie niet "
             "zelfstandig reizen. Daarom aangepast vervoer, ook al is de afstand kleiner dan de grens.")


class _Bouwer:
    def __init__(self, swv, users: dict[str, tuple[User, Roltoekenning]]):
        self.swv = swv
        self.users = users
        self.rng = random.Random(SEED)
        self.vandaag = timezone.localdate()
        self.gemeente = Gemeente.objects.get(sleutel=GEMEENTE)
        self.v_user, self.vervoer = users["vervoer"]
        if self.vervoer.gemeente_id != self.gemeente.pk:
            self.vervoer.gemeente = self.gemeente
            self.vervoer.save(update_fields=["gemeente"])
        self.pc4s = sorted(Postcodegebied.objects.filter(gemeente=self.gemeente, lat__isnull=False)
                           .values_list("pc4", flat=True))

    def als(self, naam):
        user, rol = self.users[naam]
        return acting_as(actor_for(user, rol)), rol

    # ---- the verordening and the vehicles -----------------------------------------------------------------

    def instellingen(self) -> bool:
        if Vervoersinstellingen.objects.filter(gemeente=self.gemeente).exists():
            return False
        with acting_as(actor_for(self.v_user, self.vervoer)):
            services.instellingen_opslaan(self.vervoer)  # the VNG model's defaults
        return True

    def voertuigen(self) -> int:
        if Voertuig.objects.filter(gemeente=self.gemeente).exists():
            return 0
        with acting_as(actor_for(self.v_user, self.vervoer)):
            for i, (naam, zit, rolstoel, depot) in enumerate(VOERTUIGEN):
                if depot not in self.pc4s:  # the register without this postcode: another one of the gemeente
                    depot = self.pc4s[i * 3 % len(self.pc4s)]
                services.voertuig_opslaan(self.vervoer, None, naam=naam, zitplaatsen=zit, rolstoelplaatsen=rolstoel,
                                          depot_pc4=depot, beschikbaar_van=dt.time(7, 0),
                                          beschikbaar_tot=dt.time(9, 30))
        return len(VOERTUIGEN)

    # ---- the requests -------------------------------------------------------------------------------------

    def _in_verhaal(self) -> set[int]:
        """Pupils with a story of their own in the other demo parts: left as they are."""
        ids = set(Leerling.objects.filter(swv=self.swv, user__isnull=False).values_list("pk", flat=True))
        for model in (Leerlingbehoefte, Plaatsingsverzoek, Opp, Aanvraag):
            ids |= set(model.objects.filter(leerling__swv=self.swv).values_list("leerling_id", flat=True))
        ids |= set(Melding.objects.filter(swv=self.swv, leerling__isnull=False).values_list("leerling_id", flat=True))
        if "ouder" in self.users:
            ids |= set(OuderKind.objects.filter(ouder__user=self.users["ouder"][0]).values_list("leerling_id",
                                                                                                 flat=True))
        return ids

    def _kandidaten(self, soort, in_zwolle: bool, uitsluiten: set[int]) -> list[Leerling]:
        """Pupils enrolled today at a school of `soort`, living in Zwolle or not (with a known postcode)."""
        bekend = set(Postcodegebied.objects.filter(gemeente__isnull=False, lat__isnull=False)
                     .values_list("pc4", flat=True))
        zwolle = set(self.pc4s)
        rijen = (Inschrijving.objects.filter(actief_op(), school__soort=soort, leerling__swv=self.swv)
                 .exclude(leerling_id__in=uitsluiten).select_related("leerling").order_by("leerling_id"))
        uit, gezien = [], set()
        for i in rijen:
            pc4 = i.leerling.postcode[:4]
            if i.leerling_id in gezien or pc4 not in bekend or (pc4 in zwolle) != in_zwolle:
                continue
            gezien.add(i.leerling_id)
            uit.append(i.leerling)
        return uit

    def _verhuizen(self, leerling: Leerling, ver: bool) -> None:
        """A new home elsewhere in Zwolle (the demo's pupils live in the postcode of their school); `ver`: in the
        postcode farthest from the school."""
        if ver and (school := gegevens.huidige_school(leerling)) is not None and school.lat is not None:
            punten = dict((p, (lat, lon)) for p, lat, lon in Postcodegebied.objects.filter(
                pc4__in=self.pc4s).values_list("pc4", "lat", "lon"))
            pc4 = max(self.pc4s, key=lambda p: (afstand_km(*punten[p], school.lat, school.lon), p))
        else:
            pc4 = self.rng.choice(self.pc4s)
        nieuw = pc4 + (leerling.postcode[4:] or "AA")
        if nieuw != leerling.postcode:
            leerling.postcode = nieuw
            register_services.leerling_bijwerken(self.users["consulent"][1], leerling)

    def _toelichting(self, profiel: dict) -> str:
        if profiel.get("beperking") and not profiel.get("kan_zelfstandig_reizen"):
            return TOELICHTING["beperking"]
        return TOELICHTING["zelfstandig"] if profiel.get("kan_zelfstandig_reizen") else ""

    def aanvragen(self) -> list[Vervoersaanvraag]:
        """Submit the requests (see the module docstring); returns the Zwolle requests to decide, in order."""
        if Vervoersaanvraag.objects.filter(swv=self.swv).exists():
            return []
        rng = self.rng
        uitsluiten = self._in_verhaal()
        sbo = self._kandidaten(Soort.SBO, True, uitsluiten)
        gekozen = rng.sample(sbo, min(len(SBO_PROFIELEN), len(sbo)))
        c_user, consulent = self.users["consulent"]
        besluiten = []
        with acting_as(actor_for(c_user, consulent)):
            for leerling, profiel in zip(gekozen, SBO_PROFIELEN, strict=False):
                profiel = dict(profiel)
                self._verhuizen(leerling, profiel.pop(VER, False))
                a = services.aanvraag_indienen(consulent, leerling, toelichting=self._toelichting(profiel), **profiel)
                besluiten.append(a)
            # Two pupils living elsewhere: their own gemeente decides.
            for leerling in rng.sample(elders := self._kandidaten(Soort.SBO, False, uitsluiten), min(2, len(elders))):
                services.aanvraag_indienen(consulent, leerling, beperking=True,
                                           toelichting=TOELICHTING["beperking"])
        open_sbo = besluiten[len(besluiten) - OPEN_SBO:] if len(besluiten) > OPEN_SBO else []
        besluiten = besluiten[:len(besluiten) - len(open_sbo)]
        # Regular pupils living close to their school: refused by the rules.
        bao = self._bao_aanvragen(uitsluiten)
        return besluiten + bao

    def _bao_aanvragen(self, uitsluiten: set[int]) -> list[Vervoersaanvraag]:
        """The demo parent asks for their own child (left open); the IB'er's school and the consulent for three
        other pupils (decided)."""
        besluiten = []
        if "ouder" in self.users:
            o_user, ouder = self.users["ouder"]
            kind = (Leerling.objects.filter(ouderrelaties__ouder__user=o_user, vervoersaanvragen__isnull=True)
                    .order_by("pk").first())
            if kind is not None and (kind.postcode or "")[:4] in self.pc4s:
                with acting_as(actor_for(o_user, ouder)):
                    services.aanvraag_indienen(ouder, kind, kan_zelfstandig_reizen=False, inkomen_boven_grens=False,
                                               toelichting="Wij werken allebei vroeg; kan onze zoon met de taxi?")
        bao = self._kandidaten(Soort.BAO, True, uitsluiten)
        if "ib" in self.users:
            i_user, ib = self.users["ib"]
            eigen = set(ib.scholen.values_list("pk", flat=True))
            op_school = [ll for ll in bao if Inschrijving.objects.filter(
                actief_op(), leerling=ll, school_id__in=eigen).exists()][:5]
            if op_school:
                with acting_as(actor_for(i_user, ib)):
                    besluiten.append(services.aanvraag_indienen(
                        ib, self.rng.choice(op_school), kan_zelfstandig_reizen=True,
                        toelichting="Ouders vragen of vervoer mogelijk is; de leerling woont vlak bij school."))
        gebruikt = {a.leerling_id for a in besluiten}
        c_user, consulent = self.users["consulent"]
        with acting_as(actor_for(c_user, consulent)):
            over = [ll for ll in bao if ll.pk not in gebruikt]
            for leerling in self.rng.sample(over, min(2, len(over))):
                besluiten.append(services.aanvraag_indienen(consulent, leerling, kan_zelfstandig_reizen=True,
                                                            inkomen_boven_grens=self.rng.random() < 0.5))
        return besluiten

    def besluiten(self, aanvragen: list[Vervoersaanvraag]) -> int:
        """The vervoer user confirms the proposals; one departs from it (granted on medical advice)."""
        afwijkend = next((a for a in aanvragen if not a.voorstel.get("recht") and not a.kan_zelfstandig_reizen
                          and not a.beperking), None)
        with acting_as(actor_for(self.v_user, self.vervoer)):
            for a in aanvragen:
                if a is afwijkend:
                    services.besluiten(self.vervoer, a, toekennen=True, vorm=Vorm.AANGEPAST, motivering=AFWIJKING)
                else:
                    services.besluiten(self.vervoer, a, toekennen=bool(a.voorstel.get("recht")))
        return len(aanvragen)

    def stempels(self) -> None:
        """Move the requests' times to the story's days: asked over the last weeks, decided a few days later."""
        for i, a in enumerate(Vervoersaanvraag.objects.filter(swv=self.swv).order_by("pk")):
            dagen = 45 - i * 3 // 2
            aangemaakt = timezone.make_aware(dt.datetime.combine(self.vandaag - dt.timedelta(days=dagen),
                                                                 dt.time(9 + dagen % 7, (dagen * 7) % 60)))
            velden = {"aangemaakt": aangemaakt}
            if a.besloten_op is not None:
                velden["besloten_op"] = min(self.vandaag - dt.timedelta(days=1),
                                            aangemaakt.date() + dt.timedelta(days=3 + i % 5))
            Vervoersaanvraag.objects.filter(pk=a.pk).update(**velden)


def bouw_vervoer(swv, users: dict[str, tuple[User, Roltoekenning]]) -> dict:
    """Build what is missing (see the module docstring). Returns how much of each part was made."""
    if any(n not in users for n in ("vervoer", "consulent")) or users["vervoer"][1].rol != Rol.VERVOER:
        return {}
    if not Gemeente.objects.filter(sleutel=GEMEENTE).exists():
        return {}
    with transaction.atomic():
        b = _Bouwer(swv, users)
        if not b.pc4s:
            return {}
        instellingen = b.instellingen()
        voertuigen = b.voertuigen()
        te_besluiten = b.aanvragen()
        besloten = b.besluiten(te_besluiten)
        if te_besluiten:
            b.stempels()
        return {"instellingen": instellingen, "voertuigen": voertuigen,
                "aanvragen": Vervoersaanvraag.objects.filter(swv=swv).count() if te_besluiten else 0,
                "besloten": besloten}

