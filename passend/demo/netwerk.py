"""Demo dekkend netwerk: the offer of the demo region as data, so the coverage page has a map, figures and a gap
list, and a consulent finds ranked places for a pupil.

What is in it:
- an ondersteuningsplan for the current four school years (the OPR consented in the spring before it started),
  with the basisondersteuning every regular school gives and two needs in it (dyslexie/dyscalculie and NT2),
  saved through the service as the demo directeur;
- a schoolondersteuningsprofiel for EVERY school of the region (gegevens.regio_scholen, of the kinds the SWV's
  sector has: in this PO SWV BAO, SBO and SO/VSO, not the VO schools that lie in its postcodes), written in bulk
  (about 180 profiles and 450 offers):
  regular schools 1-4 extra offers, some without a fixed limit; SBO schools 3-5 and SO/VSO schools 2-4
  specialised offers, with places, occupancy and a waiting list. A handful of offers are full and two special
  schools (an SO and an SBO school) have a waiting list above the threshold, so the gap list has those; no school offers
  "meervoudig" (EMB), so that need is a gap of its own; needs only a few schools offer (ZML, taal/TOS,
  lichamelijk) leave parts of the region too far away. Valid periods are spread over the last four years (some
  end this school year), most with the MR's advice;
- the needs of the pupils with an open request, a running OPP or a valid TLV (the demand), in bulk;
- three placement requests through the services as the demo users: one the IB'er's school started, chose for
  and the receiving school confirmed (recorded by the consulent on its behalf); one the consulent started and
  chose for, waiting for the school's answer; one just started, still looking (the consulent sees its ranked
  suggestions). Their times are moved to the story's days afterwards, as the other demo parts do;
- coverage measurements (Dekkingsmeting) for today and the five months before it, the earlier ones slightly
  different (a little less demand, a few more gaps), so the trend has a line.

Deterministic (seeded; the dates follow today, as the other demo parts) and idempotent: each part is made only
when the demo SWV has none of it yet, so a second build changes nothing. Bulk writes bypass the per-row audit;
one summary row records that the profiles were loaded (passend/audit/tracking.py).
"""

import datetime as dt
import random

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from passend.accounts.models import Roltoekenning, User
from passend.audit.context import acting_as, actor_for
from passend.audit.services import record
from passend.netwerk import gegevens, services
from passend.netwerk.models import (
    Aanbod,
    Behoefte,
    Dekkingsmeting,
    Leerlingbehoefte,
    Niveau,
    Ondersteuningsplan,
    Plaatsingsverzoek,
    Schoolprofiel,
)
from passend.opp.models import Opp
from passend.register.models import Leerling, OuderKind, Postcodegebied, School, Sector, Soort
from passend.thuiszitters.models import Melding
from passend.toewijzing.models import OPEN_STATUSSEN, Aanvraag, Tlv

SEED = 2305 + 7
BASIS = ("dyslexie-dyscalculie", "nt2")
ZONDER_AANBOD = "meervoudig"
# (code, weight): what regular schools offer on top of the basisondersteuning.
REGULIER = [("gedrag", 5), ("ass", 4), ("hoogbegaafdheid", 5), ("sociaal-emotioneel", 4), ("moeilijk-lerend", 2),
            ("medisch", 1), ("lichamelijk", 1)]
SBO = [("gedrag", 5), ("ass", 4), ("moeilijk-lerend", 5), ("sociaal-emotioneel", 4), ("taal-tos", 1)]
SO = [("zml", 4), ("ass", 4), ("gedrag", 4), ("medisch", 2), ("lichamelijk", 2), ("taal-tos", 1),
      ("sociaal-emotioneel", 2)]
# Demand: the needs of pupils with a request, OPP or TLV, by weight.
VRAAG = [("gedrag", 6), ("ass", 6), ("taal-tos", 2), ("sociaal-emotioneel", 3), ("moeilijk-lerend", 3), ("zml", 1),
         ("medisch", 1), ("dyslexie-dyscalculie", 2), ("hoogbegaafdheid", 1)]
VOL = 6  # offers at their capacity
# The school kinds of an SWV's region: a PO SWV has no VO schools (and a VO SWV no BAO schools), even where the
# register puts them in the region's postcodes; SO/VSO schools serve both.
SOORTEN = {Sector.PO: (Soort.BAO, Soort.SBO, Soort.SO, Soort.SO_VSO),
           Sector.VO: (Soort.VO, Soort.VSO, Soort.SO_VSO)}
WACHTLIJST = (8, 11)  # two special schools above the threshold (default 5)

EXPERTISE = {
    "gedrag": "Gedragsspecialist in het team",
    "ass": "Leerkrachten getraind in autisme (structuur en voorspelbaarheid)",
    "hoogbegaafdheid": "Specialist hoogbegaafdheid; plusklas op woensdag",
    "sociaal-emotioneel": "Sociale vaardigheidstraining (Kanjertraining)",
    "moeilijk-lerend": "Eigen leerlijnen voor rekenen en lezen",
    "medisch": "Afspraken met de kinderverpleegkunde over medische handelingen",
    "lichamelijk": "Ergotherapeut en fysiotherapeut op school",
    "taal-tos": "Logopedist en taalspecialist (cluster 2)",
    "zml": "Orthopedagoog en leerlijnen ZML",
}
VOORZIENINGEN = {
    "gedrag": "Time-outruimte",
    "ass": "Prikkelarme werkplekken",
    "hoogbegaafdheid": "Plusklas",
    "lichamelijk": "Lift en rolstoeltoegankelijk gebouw",
    "medisch": "Verzorgingsruimte",
    "zml": "Kleine groepen (maximaal 12 leerlingen)",
    "taal-tos": "Taalklas met geluidsarme ruimte",
}
PLAN = ("Ondersteuningsplan {van}-{tot}", [
    "Een veilig schoolklimaat en een aanpak tegen pesten",
    "Een dyslexie- en dyscalculieprotocol",
    "NT2-begeleiding in de klas voor nieuwkomers",
    "Vroegsignalering van leer- en gedragsproblemen met het leerlingvolgsysteem",
    "Handelingsgericht werken met groepsplannen",
    "Een intern begeleider op elke school",
])


def _schooljaar_start(op: dt.date) -> dt.date:
    """1 August of the school year `op` falls in."""
    return dt.date(op.year if op.month >= 8 else op.year - 1, 8, 1)


def _maanden_terug(op: dt.date, k: int) -> dt.date:
    maand = op.month - k
    jaar = op.year + (maand - 1) // 12
    maand = (maand - 1) % 12 + 1
    return dt.date(jaar, maand, min(op.day, 28))


def _kies(rng: random.Random, pool, aantal: int) -> list[str]:
    """`aantal` distinct codes from a weighted pool."""
    codes, gewichten = [c for c, _ in pool], [g for _, g in pool]
    gekozen = []
    while len(gekozen) < min(aantal, len(codes)):
        c = rng.choices(codes, gewichten)[0]
        if c not in gekozen:
            gekozen.append(c)
    return gekozen


class _Bouwer:
    def __init__(self, swv, users: dict[str, tuple[User, Roltoekenning]]):
        self.swv = swv
        self.users = users
        self.rng = random.Random(SEED)
        self.vandaag = timezone.localdate()
        self.behoeften = {b.code: b for b in services.behoeften_van(swv.pk)}

    # ---- the ondersteuningsplan ----------------------------------------------------------------------------

    def plan(self) -> bool:
        if Ondersteuningsplan.objects.filter(swv=self.swv).exists():
            return False
        user, rol = self.users["directeur"]
        van = dt.date(_schooljaar_start(self.vandaag).year - 1, 8, 1)
        tot = dt.date(van.year + 4, 7, 31)
        titel, onderdelen = PLAN
        with acting_as(actor_for(user, rol)):
            services.plan_opslaan(
                rol, None, titel=titel.format(van=van.year, tot=tot.year), geldig_van=van, geldig_tot=tot,
                opr_instemming_op=dt.date(van.year, 4, 10), basisondersteuning="\n".join(onderdelen),
                basis_behoeften=[self.behoeften[c] for c in BASIS])
        return True

    # ---- profiles, in bulk --------------------------------------------------------------------------------

    def profielen(self) -> int:
        rng = self.rng
        heeft = set(Schoolprofiel.objects.filter(swv=self.swv).values_list("school_id", flat=True))
        soorten = SOORTEN[self.swv.sector]
        scholen = [s for s in gegevens.regio_scholen(self.swv).order_by("vestigingscode")
                   if s.pk not in heeft and s.soort in soorten]
        if not scholen:
            return 0
        start = _schooljaar_start(self.vandaag)
        nu = timezone.now()
        profielen, plannen = [], []
        # The waiting lists above the threshold: the first SO/VSO school and the first SBO school.
        eerste = [next((s.pk for s in scholen if s.is_speciaal), None),
                  next((s.pk for s in scholen if s.soort == Soort.SBO), None)]
        wachtlijst = {pk: n for pk, n in zip(eerste, WACHTLIJST, strict=True) if pk is not None}
        for s in scholen:
            # Most profiles within their four years; a few not renewed in time (the SWV should ask for them).
            van = dt.date(start.year - (4 if rng.random() < 0.03 else rng.choice((0, 0, 1, 1, 2, 3))), 8, 1)
            if s.soort in (Soort.SO, Soort.VSO, Soort.SO_VSO):
                codes = _kies(rng, SO, rng.randint(2, 4))
                niveau = Niveau.SPECIALISTISCH
            elif s.soort == Soort.SBO:
                codes = _kies(rng, SBO, rng.randint(3, 5))
                niveau = Niveau.SPECIALISTISCH
            else:
                codes = _kies(rng, REGULIER, rng.randint(1, 4))
                niveau = Niveau.EXTRA
            p = Schoolprofiel(
                swv=self.swv, school=s, geldig_van=van, geldig_tot=dt.date(van.year + 4, 7, 31),
                mr_advies_op=van - dt.timedelta(days=rng.randint(20, 90)) if rng.random() < 0.85 else None,
                expertise="\n".join(EXPERTISE[c] for c in codes if c in EXPERTISE),
                voorzieningen="\n".join(VOORZIENINGEN[c] for c in codes if c in VOORZIENINGEN),
                bijgewerkt=nu - dt.timedelta(days=rng.randint(3, 300), minutes=rng.randint(0, 600)))
            if services.is_speciaal(s):  # SBO, SO, VSO: places, occupancy and a waiting list
                p.plaatsen = rng.randrange(60, 221, 10)
                p.bezetting = p.plaatsen - rng.randint(0, max(1, p.plaatsen // 10))
                p.wachtlijst = wachtlijst.get(s.pk, rng.randint(0, 4))
            rijen = []
            for c in codes:
                if niveau == Niveau.EXTRA:
                    cap = None if rng.random() < 0.25 else rng.randint(2, 8)
                else:  # a share of the special school's places
                    cap = max(6, p.plaatsen // len(codes) // 2 * 2)
                bezet = 0 if cap is None else rng.randint(cap // 3, cap - 1)
                rijen.append([c, niveau, cap, bezet])
            profielen.append(p)
            plannen.append(rijen)
        # A few full offers (the gap list shows them), chosen among the offers with a fixed limit.
        met_grens = [r for rijen in plannen for r in rijen if r[2]]
        for r in rng.sample(met_grens, min(VOL, len(met_grens))):
            r[3] = r[2]
        Schoolprofiel.objects.bulk_create(profielen, batch_size=500)
        per_school = dict(Schoolprofiel.objects.filter(swv=self.swv).values_list("school_id", "pk"))
        aanbod = [Aanbod(profiel_id=per_school[p.school_id], behoefte=self.behoeften[c], niveau=niveau,
                         capaciteit=cap, bezet=bezet)
                  for p, rijen in zip(profielen, plannen, strict=True) for c, niveau, cap, bezet in rijen]
        Aanbod.objects.bulk_create(aanbod, batch_size=500)
        record("create", swv_id=self.swv.pk, object_type_label="netwerk.schoolprofiel",
               omschrijving=f"Demo: {len(profielen)} ondersteuningsprofielen met {len(aanbod)} keer aanbod geladen")
        return len(profielen)

    # ---- the demand, in bulk ------------------------------------------------------------------------------

    def vraag(self) -> int:
        if Leerlingbehoefte.objects.filter(leerling__swv=self.swv).exists():
            return 0
        rng, op = self.rng, self.vandaag
        bronnen = {}
        for lid in Tlv.objects.filter(leerling__swv=self.swv, begindatum__lte=op, einddatum__gte=op,
                                      ingetrokken_op__isnull=True).values_list("leerling_id", flat=True):
            bronnen[lid] = Leerlingbehoefte.Bron.TLV
        for lid in Opp.objects.filter(leerling__swv=self.swv, beeindigd_op__isnull=True).values_list("leerling_id",
                                                                                                     flat=True):
            bronnen[lid] = Leerlingbehoefte.Bron.OPP
        for lid in Aanvraag.objects.filter(swv=self.swv, status__in=OPEN_STATUSSEN).values_list("leerling_id",
                                                                                              flat=True):
            bronnen[lid] = Leerlingbehoefte.Bron.AANVRAAG
        user = self.users["consulent"][0]
        rijen = []
        for i, lid in enumerate(sorted(bronnen)):
            # Two pupils need what no school in the region offers (meervoudig): that gap has demand.
            codes = [ZONDER_AANBOD] if i in (3, 11) else _kies(rng, VRAAG, 1 if rng.random() < 0.6 else 2)
            dagen = rng.randint(10, 200)
            rijen += [Leerlingbehoefte(leerling_id=lid, behoefte=self.behoeften[c], bron=bronnen[lid],
                                       vastgesteld_op=op - dt.timedelta(days=dagen), vastgesteld_door=user)
                      for c in codes]
        Leerlingbehoefte.objects.bulk_create(rijen, batch_size=500)
        return len(rijen)

    # ---- placement requests, through the services ----------------------------------------------------------

    def _leerling(self, qs, gebruikt: set) -> Leerling | None:
        for leerling in qs.exclude(pk__in=gebruikt).order_by("pk")[:50]:
            if Postcodegebied.objects.filter(pc4=leerling.postcode[:4]).exists():  # the service asks for it
                gebruikt.add(leerling.pk)
                return leerling
        return None

    def _codes(self, leerling, standaard: list[str]) -> list[str]:
        codes = [c for c in leerling.behoeften.values_list("behoefte__code", flat=True) if c != ZONDER_AANBOD]
        return codes or standaard

    def _stempel(self, p, **dagen_geleden) -> None:
        """Move the request's times to the story's days (working hours)."""
        velden = {}
        for veld, dagen in dagen_geleden.items():
            d = self.vandaag - dt.timedelta(days=dagen)
            velden[veld] = timezone.make_aware(dt.datetime.combine(d, dt.time(9 + dagen % 7, (dagen * 7) % 60)))
        Plaatsingsverzoek.objects.filter(pk=p.pk).update(**velden)

    def plaatsingen(self) -> int:
        if Plaatsingsverzoek.objects.filter(swv=self.swv).exists() or "ib" not in self.users:
            return 0
        ib_user, ib = self.users["ib"]
        c_user, consulent = self.users["consulent"]
        school = ib.scholen.order_by("pk").first()
        if school is None:
            return 0
        gebruikt = set()
        if "ouder" in self.users:  # the demo parent's children have their own story
            gebruikt = set(OuderKind.objects.filter(ouder__user=self.users["ouder"][0])
                           .values_list("leerling_id", flat=True))
        gebruikt |= set(Plaatsingsverzoek.objects.values_list("leerling_id", flat=True))
        swv_leerlingen = Leerling.objects.filter(swv=self.swv)
        op_school = swv_leerlingen.filter(inschrijvingen__school=school, inschrijvingen__einddatum__isnull=True)
        met_vraag = Q(behoeften__isnull=False)
        gemaakt = 0

        # 1. The IB'er's school must find another place (zorgplicht), chooses, the receiving school confirms.
        leerling = (self._leerling(op_school.filter(met_vraag).distinct(), gebruikt)
                    or self._leerling(op_school, gebruikt))
        if leerling is not None:
            codes = self._codes(leerling, ["ass"])
            with acting_as(actor_for(ib_user, ib)):
                p = services.plaatsing_starten(
                    ib, leerling, behoeften=[self.behoeften[c] for c in codes], vanuit_school=school,
                    toelichting="Wij kunnen de ondersteuning die nodig is niet bieden, ook niet met een arrangement.")
                keuze = gegevens.suggesties(self.swv, codes, p.pc4, uitsluiten={school.pk}, max_aantal=1)
                if keuze:
                    p = services.plaatsing_kiezen(ib, p, School.objects.get(pk=keuze[0].school_id),
                                                  reden="Biedt wat nodig is, dichtbij huis; ouders zijn akkoord na "
                                                        "een kennismaking.")
            if keuze:
                with acting_as(actor_for(c_user, consulent)):
                    services.plaatsing_beantwoorden(consulent, p, akkoord=True,
                                                    toelichting="Namens de school vastgelegd na telefonisch "
                                                                "overleg: de leerling kan na de herfstvakantie "
                                                                "starten.")
                self._stempel(p, aangemaakt=24, gekozen_op=17, beantwoord_op=10)
            gemaakt += 1

        # 2. The consulent looks for a place for a pupil at home (thuiszitters: no fitting offer), and chose one.
        elders = swv_leerlingen.exclude(inschrijvingen__school=school)
        thuis = [m.leerling_id for m in Melding.objects.filter(swv=self.swv, einddatum__isnull=True,
                                                                leerling__isnull=False).order_by("pk")
                 if "geen_aanbod" in (m.redenen or [])]
        leerling = (self._leerling(elders.filter(pk__in=thuis), gebruikt)
                    or self._leerling(elders.filter(met_vraag).distinct(), gebruikt))
        if leerling is not None:
            codes = self._codes(leerling, ["ass", "gedrag"])
            with acting_as(actor_for(c_user, consulent)):
                huidige = gegevens.huidige_school(leerling)
                p = services.plaatsing_starten(
                    consulent, leerling, behoeften=[self.behoeften[c] for c in codes], vanuit_school=huidige,
                    toelichting="Besproken in het thuiszittersoverleg: een plek met een kleine groep zoeken.")
                uit = {huidige.pk} if huidige else set()
                keuze = gegevens.suggesties(self.swv, codes, p.pc4, uitsluiten=uit, max_aantal=1)
                if keuze:
                    services.plaatsing_kiezen(consulent, p, School.objects.get(pk=keuze[0].school_id),
                                              reden="Past het best bij de behoeften; ouders willen graag.")
            self._stempel(p, aangemaakt=9, **({"gekozen_op": 4} if keuze else {}))
            gemaakt += 1

        # 3. Just started by the consulent: still looking (the suggestions are on the page).
        leerling = self._leerling(elders.filter(met_vraag).distinct(), gebruikt) or self._leerling(elders, gebruikt)
        if leerling is not None:
            codes = self._codes(leerling, ["taal-tos"])
            with acting_as(actor_for(c_user, consulent)):
                p = services.plaatsing_starten(
                    consulent, leerling, behoeften=[self.behoeften[c] for c in codes],
                    vanuit_school=gegevens.huidige_school(leerling),
                    toelichting="Ouders vragen om een school die beter aansluit; de school zoekt mee.")
            self._stempel(p, aangemaakt=2)
            gemaakt += 1
        return gemaakt

    # ---- the trend ----------------------------------------------------------------------------------------

    def metingen(self) -> int:
        if Dekkingsmeting.objects.filter(swv=self.swv).exists():
            return 0
        rng = self.rng
        nu = gegevens.meting_opslaan(self.swv, op=self.vandaag)
        rijen = []
        for k in range(5, 0, -1):
            cijfers = {}
            for code, c in nu.cijfers.items():
                c = dict(c)
                c["vraag"] = max(0, c["vraag"] - rng.randint(0, k))
                c["bezet"] = max(0, c["bezet"] - rng.randint(0, 2 * k))
                if c["aanbieders"] > 3 and rng.random() < 0.3:
                    c["aanbieders"] -= 1
                cijfers[code] = c
            rijen.append(Dekkingsmeting(swv=self.swv, datum=_maanden_terug(self.vandaag, k), cijfers=cijfers,
                                        gaten=max(0, nu.gaten + k // 2 + rng.randint(-1, 2))))
        Dekkingsmeting.objects.bulk_create(rijen)
        return len(rijen) + 1


def bouw_netwerk(swv, users: dict[str, tuple[User, Roltoekenning]]) -> dict:
    """Build what is missing (see the module docstring). Returns how much of each part was made."""
    if any(n not in users for n in ("directeur", "consulent")):
        return {}
    services.laad_standaard_behoeften()
    if not Behoefte.objects.filter(swv__isnull=True, code__in=[*BASIS, ZONDER_AANBOD]).count() == 3:
        return {}
    with transaction.atomic():
        b = _Bouwer(swv, users)
        return {"plan": b.plan(), "profielen": b.profielen(), "leerlingbehoeften": b.vraag(),
                "plaatsingen": b.plaatsingen(), "metingen": b.metingen()}
