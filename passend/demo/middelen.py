"""Demo Middelen: what the director needs to open Middelen and see this calendar year's budget, built through
the services as the demo directeur (so the audit trail says who set it).

- The SWV's own example rates for the current calendar year (licht, zwaar, SBO and SO laag/midden/hoog): the
  official 2015-2016 amounts indexed by INDEXATIE_PROCENT a year, each row's `bron` saying plainly that they are
  example amounts for the demo and not official ones (the official 2015-2016 and 2024 rows stay as they are).
- A Leerlingtelling for the current year: the DUO pupil counts of the SWV's BAO and SBO schools in the register,
  labelled as an example, not an official count.
- Middeleninstellingen: the hybrid model 50/25/25, 5 % for the SWV's own organisation, a fixed base per school,
  and total income and a reserve that put the reserve above the signaleringswaarde (so the warning shows).

Deterministic (no randomness; the year is today's) and idempotent: each of the three is made only when the SWV
has none yet for that year, so a second build changes nothing and a director's later changes stay.
"""

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils import timezone

from passend.accounts.models import Roltoekenning, User
from passend.audit.context import acting_as, actor_for
from passend.middelen import gegevens, normbedragen, regels, services
from passend.middelen.models import Leerlingtelling, Middeleninstellingen, Normbedrag
from passend.register.models import School, Soort

BRON = "Voorbeeldbedragen voor de demo (geïndexeerd uit 2015-2016), geen officiële bedragen"
COMPONENTEN = ("licht", "zwaar", "sbo", "so_laag", "so_midden", "so_hoog")
INDEXATIE_PROCENT = Decimal("2.5")  # per year since 2015, compound: an assumption for the demo, not a rule
VASTE_VOET = Decimal("5000")
RESERVE_FACTOR = Decimal("1.4")  # the reserve: 40 % above the signaleringswaarde
DUIZEND = Decimal("1000")


def voorbeeldbedragen(jaar: int) -> list[dict]:
    """The PO example rates for `jaar`: 2015-2016 × (1 + INDEXATIE_PROCENT %) ** (jaar − 2015), in cents."""
    factor = (1 + INDEXATIE_PROCENT / 100) ** (jaar - 2015)
    officieel = {r["component"]: r["bedrag"] for r in normbedragen.rijen_2015() if r["sector"] == "PO"}
    return [{"jaar": jaar, "sector": "PO", "component": c, "bedrag": regels.cent(officieel[c] * factor),
             "bron": BRON, "periode": str(jaar)} for c in COMPONENTEN]


def _duizendtal(x: Decimal, rounding=ROUND_HALF_UP) -> Decimal:
    return (Decimal(x) / DUIZEND).quantize(Decimal(1), rounding=rounding) * DUIZEND


def bouw_middelen(swv, users: dict[str, tuple[User, Roltoekenning]]) -> int:
    """Build what is missing (see the module docstring). Returns how many of the three parts were made."""
    if "directeur" not in users or gegevens.sector_van(swv) != "PO":
        return 0
    user, rol = users["directeur"]
    jaar = timezone.localdate().year
    gemaakt = 0
    with acting_as(actor_for(user, rol)):
        if not Normbedrag.objects.filter(swv=swv, jaar=jaar).exists():
            services.normbedragen_opslaan(rol, voorbeeldbedragen(jaar))
            gemaakt += 1
        if not Leerlingtelling.objects.filter(swv=swv, jaar=jaar).exists():
            op = regels.teldatum(jaar, "PO")
            per_soort = dict(School.objects.filter(regio_swv_po=swv, soort__in=[Soort.BAO, Soort.SBO])
                             .order_by().values_list("soort").annotate(n=Sum("leerlingen")))
            services.leerlingtelling_opslaan(
                rol, jaar=jaar, bo=per_soort.get(Soort.BAO) or 0, sbo=per_soort.get(Soort.SBO) or 0,
                bron=f"Voorbeeld voor de demo: DUO-aantallen van de scholen in het register (teldatum "
                     f"{op.day}-{op.month}-{op.year}), "
                     "geen officiële telling")
            gemaakt += 1
        if not Middeleninstellingen.objects.filter(swv=swv).exists():
            inst = Middeleninstellingen.voor(swv)  # the defaults, unsaved: for the signaleringswaarde
            begroting = gegevens.begroting(swv, jaar, inst)
            # What the SWV receives from DUO (after what DUO pays the special schools directly), in thousands.
            baten = _duizendtal(max(begroting.bruto - begroting.totaal_aftrek, DUIZEND))
            waarde = regels.signaleringswaarde(baten, minimum=inst.signalering_minimum,
                                               procent=inst.signalering_procent)
            services.instellingen_opslaan(
                rol, gekozen_model="hybride", apparaat_procent="5", vaste_voet_per_school=str(VASTE_VOET),
                hybride_school_procent="50", hybride_leerling_procent="25", hybride_expertise_procent="25",
                totale_baten=str(baten), reserve=str(_duizendtal(waarde * RESERVE_FACTOR, ROUND_CEILING)))
            gemaakt += 1
    return gemaakt
