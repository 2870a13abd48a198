"""The OPP worklist as queries: every OPP annotated with what its status needs (the date of the first set
version and of the last evaluation, the current set version and the concept), regels.opp_status translated into
filters on those annotations, and the text labels the pages show. Used by the list page and the start panels.

The status of one row is always regels.opp_status itself; `status_q` gives the same answer as a filter (a test
checks both agree on any date), so a list can be filtered and counted in the database.
"""

import datetime as dt

from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When

from passend.register.models import OuderKind

from .. import regels
from ..models import Evaluatie, Instemming, Oppinstellingen, OppVersie

VASTGESTELD = OppVersie.Status.VASTGESTELD
CONCEPT = OppVersie.Status.CONCEPT

STATUSSEN = [
    ("vaststellen", "Nog vast te stellen"),
    ("te_laat", "Niet op tijd vastgesteld"),
    ("evaluatie_binnenkort", "Evaluatie binnenkort"),
    ("evaluatie_te_laat", "Evaluatie te laat"),
    ("op_orde", "Op orde"),
]
BEEINDIGD = "beeindigd"
AANDACHT = "aandacht"  # the worklist: late or due soon
FILTER_STATUSSEN = [
    (AANDACHT, "Vraagt aandacht (te laat of binnenkort)"),
    *STATUSSEN,
    (BEEINDIGD, "Beëindigd"),
]
# CSS modifier of .label per status; the text always carries the meaning.
KLASSE = {"vaststellen": "let-op", "te_laat": "fout", "evaluatie_binnenkort": "let-op", "evaluatie_te_laat": "fout",
          "op_orde": "goed", BEEINDIGD: ""}
URGENTIE = ["te_laat", "evaluatie_te_laat", "vaststellen", "evaluatie_binnenkort", "op_orde"]


def waarschuwen_dagen(swv) -> int:
    return Oppinstellingen.voor(swv).waarschuwen_dagen


def met_termijnen(qs):
    """Annotate each Opp with eerste_vastgesteld, laatste_evaluatie, huidige_versie_id/huidig_nummer (last set
    version) and concept_id/concept_nummer (the version being worked on)."""
    vastgesteld = OppVersie.objects.filter(opp_id=OuterRef("pk"), status=VASTGESTELD)
    huidige = vastgesteld.order_by("-nummer")
    concept = OppVersie.objects.filter(opp_id=OuterRef("pk"), status=CONCEPT).order_by("-nummer")
    return qs.annotate(
        eerste_vastgesteld=Subquery(vastgesteld.order_by("vastgesteld_op", "nummer").values("vastgesteld_op")[:1]),
        laatste_evaluatie=Subquery(
            Evaluatie.objects.filter(opp_id=OuterRef("pk")).order_by("-datum").values("datum")[:1]
        ),
        huidige_versie_id=Subquery(huidige.values("pk")[:1]),
        huidig_nummer=Subquery(huidige.values("nummer")[:1]),
        concept_id=Subquery(concept.values("pk")[:1]),
        concept_nummer=Subquery(concept.values("nummer")[:1]),
    )


def _laatste_jaareinde(x: dt.date) -> int:
    """The year of the last 31 July on or before `x`."""
    return x.year if (x.month, x.day) >= (7, 31) else x.year - 1


def evaluatie_uiterlijk_op_of_voor(x: dt.date) -> Q:
    """Set OPP's whose next evaluation (regels.evaluatie_uiterlijk) is due on or before `x`.

    evaluatie_uiterlijk is always a 31 July: after an evaluation in school year J it is 31 July of J+2; before
    any evaluation it is 31 July of the year after the school year of setting, or a year later when set in June
    or July; so a set date between 1 June of Y-1 and 31 May of Y gives 31 July of Y."""
    jaar = _laatste_jaareinde(x)
    return Q(eerste_vastgesteld__isnull=False) & (
        Q(laatste_evaluatie__isnull=False, laatste_evaluatie__lt=dt.date(jaar - 1, 8, 1))
        | Q(laatste_evaluatie__isnull=True, eerste_vastgesteld__lt=dt.date(jaar, 6, 1))
    )


def evaluatie_uiterlijk_na(x: dt.date) -> Q:
    """The complement of evaluatie_uiterlijk_op_of_voor among set OPP's (written out, so NULLs cannot
    hide rows)."""
    jaar = _laatste_jaareinde(x)
    return Q(eerste_vastgesteld__isnull=False) & (
        Q(laatste_evaluatie__isnull=False, laatste_evaluatie__gte=dt.date(jaar - 1, 8, 1))
        | Q(laatste_evaluatie__isnull=True, eerste_vastgesteld__gte=dt.date(jaar, 6, 1))
    )


def status_q(status: str, peildatum: dt.date, dagen: int) -> Q:
    """regels.opp_status as a filter on an Opp queryset annotated by met_termijnen (running OPP's only)."""
    lopend = Q(beeindigd_op__isnull=True)
    if status == BEEINDIGD:
        return Q(beeindigd_op__isnull=False)
    if status == AANDACHT:
        return lopend & (status_q("te_laat", peildatum, dagen) | status_q("evaluatie_te_laat", peildatum, dagen)
                         | status_q("evaluatie_binnenkort", peildatum, dagen))
    grens = peildatum - regels.VASTSTELTERMIJN  # not set and aanleiding before this: late
    if status == "vaststellen":
        return lopend & Q(eerste_vastgesteld__isnull=True, aanleiding_datum__gte=grens)
    if status == "te_laat":
        return lopend & Q(eerste_vastgesteld__isnull=True, aanleiding_datum__lt=grens)
    gisteren = peildatum - dt.timedelta(days=1)
    signaal = peildatum + dt.timedelta(days=dagen)
    if status == "evaluatie_te_laat":
        return lopend & evaluatie_uiterlijk_op_of_voor(gisteren)
    if status == "evaluatie_binnenkort":
        return lopend & evaluatie_uiterlijk_na(gisteren) & evaluatie_uiterlijk_op_of_voor(signaal)
    if status == "op_orde":
        return lopend & evaluatie_uiterlijk_na(signaal)
    raise ValueError(f"Onbekende status: {status}")


def op_urgentie(qs, peildatum: dt.date, dagen: int):
    """Order: late first, then what is due, then the rest; within a group the oldest aanleiding first."""
    return qs.annotate(urgentie=Case(
        *(When(status_q(s, peildatum, dagen), then=Value(i)) for i, s in enumerate(URGENTIE)),
        default=Value(len(URGENTIE)), output_field=IntegerField(),
    )).order_by("urgentie", "aanleiding_datum", "pk")


def tellingen(qs, peildatum: dt.date, dagen: int) -> dict:
    """Counts per status over an annotated queryset, in one query."""
    return qs.aggregate(
        **{s: Count("pk", filter=status_q(s, peildatum, dagen)) for s, _ in STATUSSEN},
        lopend=Count("pk", filter=Q(beeindigd_op__isnull=True)),
    )


def status_van(o, peildatum: dt.date, dagen: int) -> dict:
    """The status of one annotated Opp for display: code, label text, CSS class, and the deadline behind it."""
    if o.beeindigd_op is not None:
        return {"code": BEEINDIGD, "tekst": f"Beëindigd op {o.beeindigd_op:%d-%m-%Y}", "klasse": "", "uiterlijk": None}
    code = regels.opp_status(o.aanleiding_datum, o.eerste_vastgesteld, o.laatste_evaluatie, peildatum, dagen)
    if o.eerste_vastgesteld is None:
        uiterlijk = regels.vaststellen_uiterlijk(o.aanleiding_datum)
        tekst = (f"Nog vast te stellen, uiterlijk {uiterlijk:%d-%m-%Y}" if code == "vaststellen"
                 else f"Niet op tijd vastgesteld: uiterlijk was {uiterlijk:%d-%m-%Y}")
    else:
        uiterlijk = regels.evaluatie_uiterlijk(o.eerste_vastgesteld, o.laatste_evaluatie)
        tekst = {
            "evaluatie_te_laat": f"Evaluatie te laat: uiterlijk was {uiterlijk:%d-%m-%Y}",
            "evaluatie_binnenkort": f"Evaluatie binnenkort, uiterlijk {uiterlijk:%d-%m-%Y}",
            "op_orde": "Op orde",
        }[code]
    return {"code": code, "tekst": tekst, "klasse": KLASSE[code], "uiterlijk": uiterlijk}


def instemming_per_versie(opps) -> dict:
    """{versie_id: {"tekst", "klasse"}} for the current set version of each annotated Opp: whether all parents
    with gezag consented, one withheld consent, or reactions are missing. Two queries for any number of rows."""
    versies = {o.huidige_versie_id: o.leerling_id for o in opps if o.huidige_versie_id}
    if not versies:
        return {}
    gezag: dict[int, set[int]] = {}
    for leerling_id, ouder_id in OuderKind.objects.filter(
        leerling_id__in=set(versies.values()), heeft_gezag=True
    ).values_list("leerling_id", "ouder_id"):
        gezag.setdefault(leerling_id, set()).add(ouder_id)
    besluiten: dict[int, dict[int, str]] = {}
    for versie_id, ouder_id, besluit in Instemming.objects.filter(versie_id__in=versies).values_list(
        "versie_id", "ouder_id", "besluit"
    ):
        besluiten.setdefault(versie_id, {})[ouder_id] = besluit
    uit = {}
    for versie_id, leerling_id in versies.items():
        uit[versie_id] = instemming_samenvatting(gezag.get(leerling_id, set()), besluiten.get(versie_id, {}))
    return uit


def instemming_samenvatting(ouders_met_gezag: set[int], besluiten: dict[int, str]) -> dict:
    """A text for the consent state of one set version (`besluiten`: {ouder_id: besluit})."""
    geen = sum(1 for b in besluiten.values() if b == Instemming.Besluit.GEEN_INSTEMMING)
    ja = sum(1 for o in ouders_met_gezag if besluiten.get(o) == Instemming.Besluit.INSTEMMING)
    totaal = len(ouders_met_gezag)
    if geen:
        return {"code": "geen_instemming", "klasse": "fout",
                "tekst": "Geen instemming" + (f" ({geen} van {totaal} ouders)" if totaal > 1 else "")}
    if not totaal:
        return {"code": "onbekend", "klasse": "", "tekst": "Geen ouder met gezag bekend"}
    if ja == totaal:
        return {"code": "instemming", "klasse": "goed",
                "tekst": "Ingestemd" + (f" (alle {totaal} ouders met gezag)" if totaal > 1 else "")}
    return {"code": "wacht", "klasse": "let-op",
            "tekst": f"Wacht op reactie ({ja} van {totaal} ouders ingestemd)" if totaal > 1 else "Nog geen reactie"}
