"""The budget of one year as an Excel workbook, with the shared helpers of passend/toewijzing/export.py.

Sheets: Begroting (each component with count, rate, amount and the rate's source, and the totals), Aftrek (for
SWV staff one row per TLV number with soort, categorie and rate; for others only counts per component), Verdeling
(what each school and bestuur receives under each of the four models, and what the SWV keeps), Instellingen (every
input used: count date, pupil count and its source, rates with their sources, the settings). Every number can be
recomputed from the Instellingen sheet. Recording the export in the audit trail is the caller's job."""

import datetime as dt
from decimal import Decimal

from passend.toewijzing.export import BEDRAG, GETAL, Kolom, als_download, blad
from passend.toewijzing.export import werkboek as leeg_werkboek

from . import gegevens, regels
from .models import Verdeelmodel

__all__ = ["als_download", "hybride_delen", "verdelingen", "werkboek"]

MODELLEN = [(m.value, m.label) for m in Verdeelmodel]
ARTIKEL_29 = "Aanpassing vereveningsbedragen (art. 29): {procent} % van de SO- en VSO-aftrek"


def _procent(d: Decimal) -> str:
    return format(Decimal(d).normalize(), "f").replace(".", ",")
SOORT = {"sbo": "SBO", "so": "SO", "vso": "VSO"}


def hybride_delen(inst) -> dict:
    return {"school": inst.hybride_school_procent, "leerling": inst.hybride_leerling_procent,
            "expertise": inst.hybride_expertise_procent}


def verdelingen(b, scholen: list[regels.School]) -> dict[str, regels.Verdeling]:
    """The free budget of `b` (a views_begroting.Berekening) under each of the four models, with its settings."""
    return {m: regels.verdeel(b.begroting.vrij, scholen, m, apparaat_procent=b.inst.apparaat_procent,
                              vaste_voet_per_school=b.inst.vaste_voet_per_school, hybride=hybride_delen(b.inst))
            for m, _ in MODELLEN}


def _begroting_rijen(b):
    bg = b.begroting
    for deel, regels_ in (("Inkomsten", bg.inkomsten), ("Aftrek", bg.aftrek), ("Vangnet", bg.vangnet)):
        for r in regels_:
            yield [deel, r.omschrijving, r.component, r.aantal, r.bedrag_per, r.totaal, b.bronnen.get(r.component, "")]
        if deel == "Aftrek" and bg.aanpassing:
            yield [deel, ARTIKEL_29.format(procent=_procent(bg.aanpassing_procent)), "art. 29", None,
                   bg.aanpassing_basis, bg.aanpassing, b.aanpassing[1] if b.aanpassing else ""]
    yield ["Totaal", "Bruto bekostiging", "", None, None, bg.bruto, "som van de inkomsten"]
    yield ["Totaal", "Totale aftrek speciaal onderwijs", "", None, None, bg.totaal_aftrek, "som van de aftrek"]
    yield ["Totaal", "Totaal vangnet", "", None, None, bg.totaal_vangnet, "som van het vangnet"]
    yield ["Totaal", "Vrij budget", "", None, None, bg.vrij, "bruto − aftrek − vangnet"]
    if bg.licht_tekort:
        yield ["Toelichting", "SBO-aftrek die de lichte ondersteuning niet kan dragen (niet ingehouden)", "sbo",
               None, None, bg.licht_tekort, "DUO trekt niet meer af dan de lichte ondersteuning"]


def _aftrek_per_tlv(b):
    bg = b.begroting
    for deel, regels_ in (("Aftrek (teldatum)", bg.aftrek), ("Vangnet (groei na teldatum)", bg.vangnet)):
        for r in regels_:
            for ref in r.refs:
                p = b.speciaal.get(ref)
                yield [ref, deel, SOORT.get(p.soort, p.soort) if p else "", (p.categorie if p else "") or "",
                       gegevens.LABELS.get(r.component, r.component), r.bedrag_per]


def _aftrek_per_component(b):
    bg = b.begroting
    for deel, regels_ in (("Aftrek (teldatum)", bg.aftrek), ("Vangnet (groei na teldatum)", bg.vangnet)):
        for r in regels_:
            yield [deel, gegevens.LABELS.get(r.component, r.component), r.aantal, r.bedrag_per, r.totaal]
        if deel == "Aftrek (teldatum)" and bg.aanpassing:
            yield [deel, ARTIKEL_29.format(procent=_procent(bg.aanpassing_procent)), None, bg.aanpassing_basis,
                   bg.aanpassing]


def _verdeling_rijen(b, scholen, v: dict[str, regels.Verdeling]):
    for s in scholen:
        yield ["School", s.naam, s.bestuur, s.leerlingen, s.arrangementen,
               *[v[m].per_school.get(s.school_id, Decimal(0)) for m, _ in MODELLEN]]
    besturen: dict = {}
    for s in scholen:
        besturen.setdefault(s.bestuur_id, [s.bestuur, 0, Decimal(0)])
        besturen[s.bestuur_id][1] += s.leerlingen
        besturen[s.bestuur_id][2] += s.arrangementen
    per_bestuur = {m: v[m].per_bestuur(scholen) for m, _ in MODELLEN}
    for bid, (naam, leerlingen, arr) in sorted(besturen.items(), key=lambda kv: kv[1][0]):
        yield ["Bestuur", naam, naam, leerlingen, arr, *[per_bestuur[m].get(bid, Decimal(0)) for m, _ in MODELLEN]]
    yield ["Samenwerkingsverband", "Blijft bij het samenwerkingsverband", "", None, None,
           *[v[m].swv for m, _ in MODELLEN]]
    yield ["Totaal", "Vrij budget (verdeeld)", "", sum(s.leerlingen for s in scholen),
           sum((s.arrangementen for s in scholen), Decimal(0)), *[v[m].totaal for m, _ in MODELLEN]]


def _instellingen_rijen(b, herleiden: bool, besteding: dict, reserve: dict):
    inst, inv = b.inst, b.invoer
    yield ["Samenwerkingsverband", f"{b.swv.code} {b.swv.naam}", ""]
    yield ["Begrotingsjaar", b.jaar, b.periode_tekst]
    yield ["Periode van", b.periode[0], ""]
    yield ["Periode tot en met", b.periode[1], ""]
    yield ["Sector", b.sector, ""]
    yield ["Teldatum", b.teldatum, b.teldatum_uitleg]
    yield ["Leerlingen op de teldatum", inv.leerlingen, inv.bron_leerlingen]
    yield ["Som schoolgewichten", inv.schoolgewichten, ""]
    yield ["Leerlingen met een TLV op de teldatum", len(inv.speciaal), "SBO, SO en VSO, TLV van dit SWV"]
    yield ["Leerlingen met een TLV na de teldatum (vangnet)", len(inv.groei), f"begin na de teldatum, tot en met {b.groei_tot:%d-%m-%Y}"]
    for comp in sorted(b.bedragen):
        yield [f"Normbedrag {gegevens.LABELS.get(comp, comp)}", b.bedragen[comp], b.bronnen.get(comp, "")]
    if b.aanpassing:
        yield ["Aanpassingspercentage vereveningsbedragen (art. 29, %)", b.aanpassing[0], b.aanpassing[1]]
    yield ["Vangnet: drempel (%)", inst.vangnet_drempel_procent, "instelling"]
    yield ["Vangnet: deel van het jaarbedrag", inst.vangnet_factor, "instelling"]
    yield ["Gekozen verdeelmodel", inst.get_gekozen_model_display(), "instelling"]
    yield ["Deel voor het SWV zelf (%)", inst.apparaat_procent, "instelling, in elk model"]
    yield ["Vaste voet per school (schoolmodel)", inst.vaste_voet_per_school, "instelling"]
    yield ["Hybride: deel schoolmodel (%)", inst.hybride_school_procent, "instelling"]
    yield ["Hybride: deel leerlingmodel (%)", inst.hybride_leerling_procent, "instelling"]
    yield ["Hybride: deel expertisemodel (%)", inst.hybride_expertise_procent, "instelling"]
    yield ["Toegekende arrangementen in het jaar", besteding["toegekend"], "naar rato van de dagen in het jaar"]
    yield ["Besteed in het jaar", besteding["uitgegeven"], "geboekte bestedingen"]
    yield ["Aangevraagde arrangementen, nog geen besluit", besteding["aangevraagd"],
           f"{besteding['aantal_aangevraagd']} aanvragen, naar rato van de gevraagde periode"]
    if "beschikbaar" in besteding:
        yield ["Beschikbaar voor arrangementen", besteding["beschikbaar"], "vrij budget − deel voor het SWV zelf"]
    yield ["Reserve", reserve["reserve"], "instelling" if reserve["reserve"] is not None else "niet ingevuld"]
    yield ["Totale baten", reserve["totale_baten"], "instelling" if reserve["totale_baten"] is not None
           else "niet ingevuld: de signaleringswaarde is berekend met de bruto bekostiging"]
    yield ["Signaleringswaarde: minimum", inst.signalering_minimum, "instelling (formule niet geverifieerd)"]
    yield ["Signaleringswaarde: percentage van de baten", inst.signalering_procent,
           "instelling (formule niet geverifieerd)"]
    if "waarde" in reserve:
        yield ["Signaleringswaarde", reserve["waarde"], "max(minimum; percentage × baten)"]
    yield ["TLV-nummers in dit bestand", "ja" if herleiden else "nee",
           "alleen medewerkers van het SWV zien welke TLV's achter de aftrek zitten"]
    yield ["Gemaakt op", dt.date.today(), ""]


def werkboek(b, *, herleiden: bool, besteding: dict, reserve: dict):
    """The workbook for Berekening `b` (its begroting is not None)."""
    wb = leeg_werkboek()
    blad(wb, "Begroting", [Kolom("Onderdeel", 14), Kolom("Omschrijving", 50), Kolom("Component", 14),
                           Kolom("Aantal", 10, GETAL), Kolom("Bedrag per", 14, BEDRAG), Kolom("Bedrag", 16, BEDRAG),
                           Kolom("Bron", 80)], _begroting_rijen(b))
    if herleiden:
        blad(wb, "Aftrek", [Kolom("TLV-nummer", 20), Kolom("Onderdeel", 28), Kolom("Soort", 8),
                            Kolom("Categorie", 10), Kolom("Component", 50), Kolom("Bedrag per", 14, BEDRAG)],
             _aftrek_per_tlv(b))
    else:
        blad(wb, "Aftrek", [Kolom("Onderdeel", 28), Kolom("Component", 50), Kolom("Aantal", 10, GETAL),
                            Kolom("Bedrag per", 14, BEDRAG), Kolom("Bedrag", 16, BEDRAG)], _aftrek_per_component(b))
    scholen = gegevens.scholen(b.swv, b.jaar)
    v = verdelingen(b, scholen)
    blad(wb, "Verdeling", [Kolom("Niveau", 20), Kolom("Naam", 36), Kolom("Bestuur", 30), Kolom("Leerlingen", 11, GETAL),
                           Kolom("Toegekende arrangementen", 16, BEDRAG),
                           *[Kolom(label, 16, BEDRAG) for _, label in MODELLEN]], _verdeling_rijen(b, scholen, v))
    ws = blad(wb, "Instellingen", [Kolom("Invoer", 48), Kolom("Waarde", 22), Kolom("Bron of toelichting", 90)],
              _instellingen_rijen(b, herleiden, besteding, reserve))
    for (cel,) in ws.iter_rows(min_row=2, min_col=2, max_col=2):
        if isinstance(cel.value, dt.datetime | dt.date):
            cel.number_format = "DD-MM-YYYY"
    return wb

