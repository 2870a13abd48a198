"""Monitoring of the OPP for one SWV: pupils with an OPP per school and school type, OPP's set on time, evaluated
this school year, and the parents' consent on the current versions.

Pure functions over the SWV's rows (no request, no access checks: the caller passes the SWV it may see); a
handful of queries per SWV, whatever the number of OPP's. The page and the Excel export
(passend/zorgplicht/views_monitoring.py) read one `Overzicht` and the same `tabellen()`.

What is counted where (the reference date is the end of the period, or today when the period runs on):
- "met OPP": pupils with a running OPP on the reference date (started by then, not ended); "vastgesteld" when
  its first version was set by then;
- "op tijd vastgesteld": the OPP's whose 6-week term (regels.vaststellen_uiterlijk) ends in the period: set by
  the last day (regels.op_tijd_vastgesteld), set later, not set while the term has passed, or still running. An
  OPP ended before its term without being set does not count. The share is over the first three;
- "geëvalueerd dit schooljaar": running, set OPP's with an evaluation between 1 August of the school year of the
  reference date and that date;
- consent: on the current version (the last one set by the reference date) of each running OPP, per parent with
  gezag: consent given, withheld, or no reaction (the reactions as they stand now: a parent may change theirs);
  and per OPP whether all gave consent, anyone withheld it, or reactions are still missing.
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from passend.register.models import OuderKind
from passend.register.models import Soort as SchoolSoort
from passend.toewijzing.monitoring import Aandeel, Periode, Tabel
from passend.toewijzing.regels import schooljaar

from . import regels
from .models import Evaluatie, Instemming, Opp, Oppinstellingen, OppVersie
from .services import vandaag

SCHOOLSOORTEN = dict(SchoolSoort.choices)
OP_TIJD = (
    ("op_tijd", "Op tijd vastgesteld"),
    ("te_laat", "Te laat vastgesteld"),
    ("niet_vastgesteld", "Termijn voorbij, niet vastgesteld"),
    ("lopend", "Termijn loopt nog"),
)
INSTEMMING = (
    ("instemming", "Ingestemd"),
    ("geen_instemming", "Niet ingestemd"),
    ("geen_reactie", "Nog geen reactie"),
)
INSTEMMING_PER_OPP = (
    ("alle", "Alle ouders met gezag ingestemd"),
    ("niet", "Minstens één ouder niet ingestemd"),
    ("open", "Nog niet alle ouders gereageerd"),
)
STANDEN = (
    ("vaststellen", "Nog vast te stellen (termijn loopt)"),
    ("te_laat", "Niet vastgesteld, termijn voorbij"),
    ("op_orde", "Op orde"),
    ("evaluatie_binnenkort", "Evaluatie binnenkort"),
    ("evaluatie_te_laat", "Evaluatie te laat"),
)


@dataclass
class Telling:
    """Pupils with an OPP (one school, one school type, or the whole SWV)."""

    naam: str
    soort: str = ""
    leerlingen: set = field(default_factory=set)
    vastgesteld: set = field(default_factory=set)

    @property
    def met_opp(self) -> int:
        return len(self.leerlingen)

    @property
    def met_vastgesteld_opp(self) -> int:
        return len(self.vastgesteld)


@dataclass(frozen=True)
class Overzicht:
    swv: object
    periode: Periode
    peildatum: dt.date
    totaal: Telling
    per_school: list
    per_soort: list
    op_tijd: Counter
    lopend_vastgesteld: int  # running OPP's with a set version: the base of `geevalueerd`
    geevalueerd: int
    instemming: Counter  # per parent with gezag
    instemming_per_opp: Counter
    standen: Counter

    @property
    def schooljaar_label(self) -> str:
        jaar = schooljaar(self.peildatum)
        return f"{jaar}-{jaar + 1}"

    @property
    def aandeel_op_tijd(self) -> float | None:
        noemer = self.op_tijd["op_tijd"] + self.op_tijd["te_laat"] + self.op_tijd["niet_vastgesteld"]
        return self.op_tijd["op_tijd"] / noemer if noemer else None

    @property
    def aandeel_geevalueerd(self) -> float | None:
        return self.geevalueerd / self.lopend_vastgesteld if self.lopend_vastgesteld else None


def _loopt_op(aanleiding_datum: dt.date, beeindigd_op: dt.date | None, peildatum: dt.date) -> bool:
    return aanleiding_datum <= peildatum and (beeindigd_op is None or beeindigd_op > peildatum)


def op_tijd_categorie(aanleiding_datum: dt.date, vastgesteld_op: dt.date | None, peildatum: dt.date) -> str:
    """One of OP_TIJD for an OPP whose term has been reached or runs: judged with what was known on `peildatum`."""
    if vastgesteld_op is not None and vastgesteld_op <= peildatum:
        return "op_tijd" if regels.op_tijd_vastgesteld(aanleiding_datum, vastgesteld_op) else "te_laat"
    return "niet_vastgesteld" if peildatum > regels.vaststellen_uiterlijk(aanleiding_datum) else "lopend"


def overzicht(swv, periode: Periode, *, peildatum: dt.date | None = None) -> Overzicht:
    peildatum = peildatum or min(periode.tot, vandaag())
    waarschuwen = Oppinstellingen.voor(swv).waarschuwen_dagen
    opps = list(Opp.objects.filter(swv=swv).order_by().values_list(
        "pk", "leerling_id", "school_id", "school__naam", "school__soort", "aanleiding_datum", "beeindigd_op"))
    # Set versions (by number) and evaluations per OPP, up to the reference date.
    versies = defaultdict(list)
    for opp_id, versie_id, vastgesteld_op in (
        OppVersie.objects.filter(opp__swv=swv, status=OppVersie.Status.VASTGESTELD, vastgesteld_op__lte=peildatum)
        .order_by("opp_id", "nummer").values_list("opp_id", "pk", "vastgesteld_op")
    ):
        versies[opp_id].append((versie_id, vastgesteld_op))
    evaluaties = defaultdict(list)
    for opp_id, datum in (Evaluatie.objects.filter(opp__swv=swv, datum__lte=peildatum).order_by()
                          .values_list("opp_id", "datum")):
        evaluaties[opp_id].append(datum)

    totaal = Telling("Alle scholen")
    per_school: dict[int, Telling] = {}
    per_soort: dict[str, Telling] = {}
    op_tijd = Counter()
    standen = Counter()
    lopend_vastgesteld = geevalueerd = 0
    begin_schooljaar = dt.date(schooljaar(peildatum), 8, 1)
    huidige = {}  # opp_id -> (current version id, leerling_id)
    for opp_id, leerling_id, school_id, school_naam, school_soort, aanleiding, beeindigd in opps:
        eerste = versies[opp_id][0][1] if versies[opp_id] else None
        # Set on time: the OPP's whose term ends in the period (unless ended before the term without being set).
        uiterlijk = regels.vaststellen_uiterlijk(aanleiding)
        if periode.van <= uiterlijk <= periode.tot and not (eerste is None and beeindigd and beeindigd <= uiterlijk):
            op_tijd[op_tijd_categorie(aanleiding, eerste, peildatum)] += 1
        if not _loopt_op(aanleiding, beeindigd, peildatum):
            continue
        soort_label = SCHOOLSOORTEN.get(school_soort, school_soort)
        school = per_school.setdefault(school_id, Telling(school_naam, soort_label))
        soort = per_soort.setdefault(school_soort, Telling(soort_label))
        for t in (totaal, school, soort):
            t.leerlingen.add(leerling_id)
            if eerste is not None:
                t.vastgesteld.add(leerling_id)
        laatste_evaluatie = max(evaluaties[opp_id], default=None)
        standen[regels.opp_status(aanleiding, eerste, laatste_evaluatie, peildatum, waarschuwen)] += 1
        if eerste is not None:
            lopend_vastgesteld += 1
            if laatste_evaluatie is not None and laatste_evaluatie >= begin_schooljaar:
                geevalueerd += 1
            huidige[opp_id] = (versies[opp_id][-1][0], leerling_id)

    instemming, per_opp = _instemming(huidige)
    volgorde = {s: i for i, s in enumerate(SchoolSoort.values)}
    return Overzicht(
        swv=swv, periode=periode, peildatum=peildatum, totaal=totaal,
        per_school=sorted(per_school.values(), key=lambda t: t.naam.casefold()),
        per_soort=[per_soort[s] for s in sorted(per_soort, key=lambda s: volgorde.get(s, 99))],
        op_tijd=op_tijd, lopend_vastgesteld=lopend_vastgesteld, geevalueerd=geevalueerd, instemming=instemming,
        instemming_per_opp=per_opp, standen=standen,
    )


def _instemming(huidige: dict) -> tuple[Counter, Counter]:
    """Consent on the current versions: per parent with gezag, and per OPP."""
    versie_ids = [v for v, _ in huidige.values()]
    leerling_ids = {leerling for _, leerling in huidige.values()}
    besluiten = defaultdict(dict)
    for versie_id, ouder_id, besluit in (Instemming.objects.filter(versie_id__in=versie_ids).order_by()
                                         .values_list("versie_id", "ouder_id", "besluit")):
        besluiten[versie_id][ouder_id] = besluit
    gezag = defaultdict(set)
    for leerling_id, ouder_id in (OuderKind.objects.filter(leerling_id__in=leerling_ids, heeft_gezag=True).order_by()
                                  .values_list("leerling_id", "ouder_id")):
        gezag[leerling_id].add(ouder_id)
    per_ouder, per_opp = Counter(), Counter()
    for versie_id, leerling_id in huidige.values():
        reacties = besluiten[versie_id]
        ouders = gezag[leerling_id] | set(reacties)
        for ouder_id in ouders:
            per_ouder[reacties.get(ouder_id, "geen_reactie")] += 1
        if any(b == Instemming.Besluit.GEEN_INSTEMMING for b in reacties.values()):
            per_opp["niet"] += 1
        elif ouders and all(reacties.get(o) == Instemming.Besluit.INSTEMMING for o in ouders):
            per_opp["alle"] += 1
        else:
            per_opp["open"] += 1
    return per_ouder, per_opp


def _aandeel(waarde: float | None) -> Aandeel | None:
    return None if waarde is None else Aandeel(waarde)


def tabellen(o: Overzicht) -> list[Tabel]:
    p = f"{o.peildatum:%d-%m-%Y}"
    uit = [Tabel("OPP kengetallen", f"OPP: kengetallen, {o.periode.label}", ["Kengetal", "Waarde"], [
        [f"Leerlingen met een OPP op {p}", o.totaal.met_opp],
        ["Waarvan met een vastgestelde versie", o.totaal.met_vastgesteld_opp],
        ["OPP's met de termijn van 6 weken in de periode", sum(o.op_tijd.values())],
        ["Op tijd vastgesteld", o.op_tijd["op_tijd"]],
        ["Aandeel op tijd vastgesteld", _aandeel(o.aandeel_op_tijd)],
        [f"Geëvalueerd in schooljaar {o.schooljaar_label} (tot {p})", o.geevalueerd],
        ["Aandeel geëvalueerd van de vastgestelde OPP's", _aandeel(o.aandeel_geevalueerd)],
        *[[f"Ouders met gezag: {label.lower()}", o.instemming[k]] for k, label in INSTEMMING],
    ])]
    uit.append(Tabel(
        "OPP per soort school", f"Leerlingen met een OPP op {p} per soort school",
        ["Soort school", "Met OPP", "Met vastgestelde versie"],
        [[t.naam, t.met_opp, t.met_vastgesteld_opp] for t in o.per_soort]
        + [["Totaal", o.totaal.met_opp, o.totaal.met_vastgesteld_opp]],
    ))
    uit.append(Tabel(
        "OPP per school", f"Leerlingen met een OPP op {p} per school",
        ["School", "Soort", "Met OPP", "Met vastgestelde versie"],
        [[t.naam, t.soort, t.met_opp, t.met_vastgesteld_opp] for t in o.per_school],
    ))
    uit.append(Tabel(
        "OPP op tijd vastgesteld", "OPP's waarvan de termijn van 6 weken in de periode eindigt",
        ["Stand", "Aantal"], [[label, o.op_tijd[k]] for k, label in OP_TIJD] + [["Totaal", sum(o.op_tijd.values())]],
    ))
    uit.append(Tabel(
        "OPP stand", f"Lopende OPP's op {p} naar stand", ["Stand", "Aantal"],
        [[label, o.standen[k]] for k, label in STANDEN] + [["Totaal", sum(o.standen.values())]],
    ))
    uit.append(Tabel(
        "Instemming", f"Instemming met het handelingsdeel van de huidige versies op {p}",
        ["Reactie", "Ouders met gezag"],
        [[label, o.instemming[k]] for k, label in INSTEMMING] + [["Totaal", sum(o.instemming.values())]],
    ))
    uit.append(Tabel(
        "Instemming per OPP", f"Instemming per OPP (huidige versie) op {p}", ["Stand", "OPP's"],
        [[label, o.instemming_per_opp[k]] for k, label in INSTEMMING_PER_OPP]
        + [["Totaal", sum(o.instemming_per_opp.values())]],
    ))
    return uit
