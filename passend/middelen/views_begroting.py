"""The budget pages of Middelen (domain.md section 6): the budget of one year with its deductions traced to TLV
numbers, the spending against it, the reserve against the signaleringswaarde, the multi-year forecast and the
Excel export.

- `middelen:begroting` (?jaar=): income per component (count × rate, with the rate's source), the deductions for
  SBO and SO/VSO pupils with a TLV on the count date, the vangnet, the free budget; spending and reserve blocks;
- `middelen:prognose` (?jaar=&groei_leerlingen=&groei_tlv=&indexatie=&jaren=): the forecast with the settings'
  assumptions, or with other ones typed in the form (never saved);
- `middelen:export` (?jaar=): the workbook (export.py), recorded in the audit trail.

Readers: SWV staff, schoolbestuur and beheerder (toegang.mag_lezen). Only SWV staff see the TLV numbers behind a
deduction (toegang.mag_herleiden); the bestuur sees counts and amounts. A missing rate is shown as the
OntbrekendNormbedrag message naming the year and components, never as zero."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from passend.audit.services import record
from passend.core.grafiek import Reeks, lijndiagram
from passend.core.ui import rol_vereist
from passend.toewijzing.models import OPEN_STATUSSEN, Aanvraag
from passend.toewijzing.models import Soort as AanvraagSoort

from . import gegevens, normbedragen, regels, toegang
from .models import Middeleninstellingen

GEEN_TOEGANG = ("Middelen is alleen te zien voor medewerkers van het samenwerkingsverband, schoolbesturen en de "
                "beheerder.")
NUL = Decimal("0")


def _vereis_lezer(rol) -> None:
    if not toegang.mag_lezen(rol) or rol.swv_id is None:
        raise PermissionDenied(GEEN_TOEGANG)


# ------------------------------------------------------------------------------------------------------------
# Which year
# ------------------------------------------------------------------------------------------------------------

def vandaag() -> dt.date:
    return dt.date.today()


def _compleet(swv, jaar: int) -> bool:
    bedragen, _ = gegevens.tarieven(swv, jaar)
    return all(c in bedragen for c in regels.BENODIGD[gegevens.sector_van(swv)])


def standaard_jaar(swv) -> int:
    """This year when it has rates; else the newest year whose rates are complete; else this year (which then
    shows what is missing)."""
    dit_jaar = vandaag().year
    met = gegevens.jaren_met_tarieven(swv)
    if dit_jaar in met:
        return dit_jaar
    for jaar in met:
        if _compleet(swv, jaar):
            return jaar
    return dit_jaar


def gekozen_jaar(request, swv) -> int:
    try:
        jaar = int(request.GET.get("jaar", ""))
    except ValueError:
        return standaard_jaar(swv)
    return jaar if 2000 <= jaar <= 2100 else standaard_jaar(swv)


def jaarkeuzes(swv, jaar: int) -> list[int]:
    return sorted(set(gegevens.jaren_met_tarieven(swv)) | {vandaag().year, jaar}, reverse=True)


# ------------------------------------------------------------------------------------------------------------
# The computation, shared by the page and the export
# ------------------------------------------------------------------------------------------------------------

@dataclass
class Berekening:
    """Everything one budget year is computed from, and the result (or why it could not be computed)."""

    swv: object
    jaar: int
    sector: str
    teldatum: dt.date
    inst: Middeleninstellingen
    invoer: regels.Invoer
    bedragen: dict
    bronnen: dict
    begroting: regels.Begroting | None = None
    fout: regels.OntbrekendNormbedrag | None = None
    speciaal: dict = field(default_factory=dict)  # TLV number -> regels.Speciaal (count date and growth)
    aanpassing: tuple | None = None  # (percentage, source) of art. 29 for this year, or None

    @property
    def periode(self) -> tuple[dt.date, dt.date]:
        return regels.begrotingsperiode(self.jaar, self.sector)

    @property
    def periode_tekst(self) -> str:
        """The period in words (B1): which school year, transition or calendar year the budget covers."""
        return periode_tekst(self.jaar, self.sector)

    @property
    def teldatum_uitleg(self) -> str:
        """Why this count date (the rule for this sector and year)."""
        return teldatum_uitleg(self.jaar, self.sector)

    @property
    def groei_tot(self) -> dt.date:
        return regels.groeivenster(self.jaar, self.sector)[1]

    @property
    def po_per_schooljaar(self) -> bool:
        """PO before the vereenvoudiging of 1-1-2023 (school years, and the 2022 transition): the old groeiregeling."""
        return self.sector == "PO" and self.jaar < regels.PO_KALENDERJAAR_VANAF

    @property
    def po_overgang(self) -> bool:
        """PO 2022: the five months August-December 2022."""
        return self.sector == "PO" and self.jaar == regels.PO_KALENDERJAAR_VANAF - 1

    @property
    def ontbrekend_labels(self) -> list[str]:
        return [gegevens.LABELS.get(c, c) for c in (self.fout.componenten if self.fout else [])]

    @property
    def vo_licht_2015_ontbreekt(self) -> bool:
        """The official 2015-2016 file is the PO regeling: it has no lichte ondersteuning for VO."""
        return bool(self.fout) and self.sector == "VO" and "licht" in self.fout.componenten

    @property
    def opties(self) -> dict:
        return {"vangnet_drempel_procent": self.inst.vangnet_drempel_procent,
                "vangnet_factor": self.inst.vangnet_factor, "labels": gegevens.LABELS,
                "aanpassing_verevening_procent": self.aanpassing[0] if self.aanpassing else None}


MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")


def datum_tekst(d: dt.date) -> str:
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


def periode_tekst(jaar: int, sector: str) -> str:
    begin, eind = regels.begrotingsperiode(jaar, sector)
    van_tot = f"{datum_tekst(begin)} tot en met {datum_tekst(eind)}"
    if (begin.month, begin.day, eind.month, eind.day) == (1, 1, 12, 31):
        return f"kalenderjaar {jaar} ({van_tot})"
    if eind.year == begin.year:
        return f"{van_tot}: de overgang van schooljaar naar kalenderjaar, vijf maanden"
    return f"schooljaar {begin.year}-{eind.year} ({van_tot})"


def teldatum_uitleg(jaar: int, sector: str) -> str:
    if sector == "VO":
        return "VO: 1 oktober van het jaar vóór het begrotingsjaar"
    if jaar >= regels.PO_KALENDERJAAR_VANAF:
        return "PO sinds 2023: 1 februari van het jaar vóór het begrotingsjaar"
    if jaar == regels.PO_KALENDERJAAR_VANAF - 1:
        return ("PO in de overgang: augustus tot en met december 2022 telt met de leerlingen op 1 oktober 2021; "
                "2023 telt met de leerlingen op 1 februari 2022")
    return "PO tot 2023: 1 oktober vóór het schooljaar, want het PO kreeg toen geld per schooljaar"


def bereken(swv, jaar: int) -> Berekening:
    sector = gegevens.sector_van(swv)
    inst = Middeleninstellingen.voor(swv)
    invoer = gegevens.invoer(swv, jaar)
    bedragen, bronnen = gegevens.tarieven(swv, jaar)
    b = Berekening(swv, jaar, sector, regels.teldatum(jaar, sector), inst, invoer, bedragen, bronnen,
                   speciaal={p.ref: p for p in (*invoer.speciaal, *invoer.groei)},
                   aanpassing=normbedragen.aanpassing_verevening(jaar))
    try:
        b.begroting = regels.begroting(invoer, bedragen, **b.opties)
    except regels.OntbrekendNormbedrag as e:
        b.fout = e
    return b


def open_aanvragen(swv, jaar: int) -> dict:
    """Arrangement requests of the SWV that are submitted but not yet decided and name an amount: the part of that
    amount falling in the budget's period (regels.begrotingsperiode; pro rata over the requested period, like
    granted arrangements; a request without a period counts in full). Only money, no pupil data."""
    begin, eind = regels.begrotingsperiode(jaar, gegevens.sector_van(swv))
    rijen = (Aanvraag.objects.filter(swv=swv, soort=AanvraagSoort.ARRANGEMENT, status__in=OPEN_STATUSSEN,
                                     bedrag__gt=0)
             .filter(Q(periode_van__isnull=True) | Q(periode_van__lte=eind))
             .filter(Q(periode_tot__isnull=True) | Q(periode_tot__gte=begin))
             .values_list("bedrag", "periode_van", "periode_tot"))
    totaal, aantal = NUL, 0
    for bedrag, van, tot in rijen:
        if van and tot and tot >= van:
            dagen = (tot - van).days + 1
            binnen = (min(tot, eind) - max(van, begin)).days + 1
            totaal += bedrag * binnen / dagen
        else:
            totaal += bedrag
        aantal += 1
    return {"bedrag": regels.cent(totaal), "aantal": aantal}


def besteding(swv, jaar: int, inst, begroting: regels.Begroting | None) -> dict:
    """Granted (and requested) arrangement money against what the budget leaves for arrangements: the free
    budget minus the SWV's own share (apparaat_procent, as in every distribution model)."""
    b = gegevens.besteed(swv, jaar)
    aangevraagd = open_aanvragen(swv, jaar)
    uit = {**b, "aangevraagd": aangevraagd["bedrag"], "aantal_aangevraagd": aangevraagd["aantal"],
           "apparaat_procent": inst.apparaat_procent, "bekend": begroting is not None}
    if begroting is None:
        return uit
    vrij = begroting.vrij
    apparaat = regels.cent(vrij * inst.apparaat_procent / regels.HONDERD) if vrij > 0 else NUL
    beschikbaar = vrij - apparaat
    na_toekenning = beschikbaar - b["toegekend"]
    na_aanvragen = na_toekenning - aangevraagd["bedrag"]
    uit.update(apparaat=apparaat, beschikbaar=beschikbaar, na_toekenning=na_toekenning, na_aanvragen=na_aanvragen,
               overschreden=na_toekenning < 0, dreigt=na_toekenning >= 0 and na_aanvragen < 0,
               tekort_na_aanvragen=-na_aanvragen if na_aanvragen < 0 else NUL,
               tekort=-na_toekenning if na_toekenning < 0 else NUL)
    return uit


def reserve(inst, begroting: regels.Begroting | None) -> dict:
    """The reserve against the signaleringswaarde (formula and numbers from the settings; not verified)."""
    baten, baten_geschat = inst.totale_baten, False
    if baten is None and begroting is not None:
        baten, baten_geschat = begroting.bruto, True
    uit = {"reserve": inst.reserve, "totale_baten": inst.totale_baten, "baten": baten, "baten_geschat": baten_geschat,
           "minimum": inst.signalering_minimum, "procent": inst.signalering_procent}
    if baten is not None:
        waarde = regels.signaleringswaarde(baten, minimum=inst.signalering_minimum,
                                           procent=inst.signalering_procent)
        uit["waarde"] = waarde
        if inst.reserve is not None:
            uit["boven"] = regels.boven_signaleringswaarde(inst.reserve, waarde)
    return uit


def _regel(r: regels.Regel, bronnen: dict, herleiden: bool) -> dict:
    return {"omschrijving": r.omschrijving, "component": r.component, "aantal": r.aantal, "bedrag_per": r.bedrag_per,
            "totaal": r.totaal, "bron": bronnen.get(r.component, ""), "refs": r.refs if herleiden else [],
            "berekend": regels.cent(r.aantal * r.bedrag_per)}


# ------------------------------------------------------------------------------------------------------------
# The budget page
# ------------------------------------------------------------------------------------------------------------

@rol_vereist
@require_safe
def begroting(request):
    rol = request.rol
    _vereis_lezer(rol)
    swv = rol.swv
    jaar = gekozen_jaar(request, swv)
    b = bereken(swv, jaar)
    herleiden = toegang.mag_herleiden(rol)
    ctx = {
        "swv": swv, "jaar": jaar, "jaren": jaarkeuzes(swv, jaar), "b": b, "herleiden": herleiden,
        "mag_wijzigen": toegang.mag_wijzigen(rol),
        "besteding": besteding(swv, jaar, b.inst, b.begroting),
        "reserve": reserve(b.inst, b.begroting),
    }
    if b.begroting is not None:
        bg = b.begroting
        ctx.update(
            inkomsten=[_regel(r, b.bronnen, herleiden) for r in bg.inkomsten],
            aftrek=[_regel(r, b.bronnen, herleiden) for r in bg.aftrek],
            vangnet=[_regel(r, b.bronnen, herleiden) for r in bg.vangnet],
            aantal_tlv=sum((r.aantal for r in bg.aftrek), NUL),
            aantal_groei=len(b.invoer.groei),
            sbo_bruto=sum((regels.cent(r.aantal * r.bedrag_per) for r in bg.aftrek if r.component == "sbo"), NUL),
            licht=bg.inkomsten[0].totaal,
        )
    return render(request, "middelen/begroting.html", ctx)


# ------------------------------------------------------------------------------------------------------------
# The forecast
# ------------------------------------------------------------------------------------------------------------

def _decimaal(tekst: str) -> Decimal:
    tekst = (tekst or "").strip().replace("%", "").replace(" ", "").replace(",", ".")
    if tekst.startswith("+"):
        tekst = tekst[1:]
    try:
        d = Decimal(tekst)
    except (InvalidOperation, ValueError):
        raise forms.ValidationError("Vul een getal in, bijvoorbeeld 1,5 of -2.") from None
    if not d.is_finite():
        raise forms.ValidationError("Vul een getal in, bijvoorbeeld 1,5 of -2.")
    return d


class Percentage(forms.CharField):
    """A percentage per year, Dutch or English decimal separator, between -50 and 50 (as the settings)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 12)
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "class": "kort", "autocomplete": "off"})

    def clean(self, value):
        tekst = super().clean(value)
        d = _decimaal(tekst)
        if not Decimal(-50) <= d <= Decimal(50):
            raise forms.ValidationError("Kies een percentage tussen -50 en 50 per jaar.")
        return d


def _getal_tekst(d: Decimal) -> str:
    """2.00 -> "2", -1.50 -> "-1,5": as a person types it."""
    return format(d.normalize(), "f").replace(".", ",")


class PrognoseForm(forms.Form):
    """Other assumptions to try; nothing is saved."""

    groei_leerlingen = Percentage(label="Groei leerlingaantal (% per jaar)",
                                  help_text="Negatief bij krimp, bijvoorbeeld -1,5.")
    groei_tlv = Percentage(label="Groei leerlingen met een TLV (% per jaar)")
    indexatie = Percentage(label="Indexatie van de normbedragen (% per jaar)")
    jaren = forms.TypedChoiceField(label="Aantal jaren vooruit", choices=[(3, "3"), (4, "4"), (5, "5")], coerce=int,
                                   error_messages={"invalid_choice": "Een prognose gaat over 3 tot 5 jaar."})

    VELDEN = ("groei_leerlingen", "groei_tlv", "indexatie", "jaren")

    @classmethod
    def beginwaarden(cls, inst) -> dict:
        return {"groei_leerlingen": _getal_tekst(inst.groei_leerlingen_procent),
                "groei_tlv": _getal_tekst(inst.groei_tlv_procent),
                "indexatie": _getal_tekst(inst.indexatie_procent),
                "jaren": min(max(inst.prognose_jaren or 4, 3), 5)}


def _prognose_rij(bg: regels.Begroting, soort: str) -> dict:
    return {"jaar": bg.jaar, "soort": soort, "leerlingen": bg.inkomsten[0].aantal,
            "tlv": sum((r.aantal for r in bg.aftrek), NUL), "bruto": bg.bruto, "aftrek": bg.totaal_aftrek,
            "vangnet": bg.totaal_vangnet, "vrij": bg.vrij}


@rol_vereist
@require_safe
def prognose(request):
    rol = request.rol
    _vereis_lezer(rol)
    swv = rol.swv
    jaar = gekozen_jaar(request, swv)
    b = bereken(swv, jaar)
    inst = b.inst
    proberen = any(k in request.GET for k in PrognoseForm.VELDEN)
    form = PrognoseForm(request.GET if proberen else None, initial=PrognoseForm.beginwaarden(inst))
    aannames = {"groei_leerlingen_procent": inst.groei_leerlingen_procent, "groei_tlv_procent": inst.groei_tlv_procent,
                "indexatie_procent": inst.indexatie_procent}
    jaren = min(max(inst.prognose_jaren or 4, 3), 5)
    eigen = False
    if proberen and form.is_valid():
        c = form.cleaned_data
        aannames = {"groei_leerlingen_procent": c["groei_leerlingen"], "groei_tlv_procent": c["groei_tlv"],
                    "indexatie_procent": c["indexatie"]}
        jaren = c["jaren"]
        eigen = True
    ctx = {"swv": swv, "jaar": jaar, "jaren_keuze": jaarkeuzes(swv, jaar), "b": b, "form": form, "eigen": eigen,
           "proberen": proberen, "aannames": aannames, "aantal_jaren": jaren, "inst": inst,
           "waargenomen": gegevens.waargenomen(swv, jaar)}
    if b.begroting is not None:
        reeks = regels.prognose(b.invoer, b.bedragen, jaren, **b.opties, **aannames)
        rijen = [_prognose_rij(b.begroting, "Begroting")] + [_prognose_rij(p, "Prognose") for p in reeks]
        ctx["rijen"] = rijen
        ctx["laatste_jaar"] = rijen[-1]["jaar"]
        ctx["grafiek"] = lijndiagram(
            f"Prognose {rijen[0]['jaar']}–{rijen[-1]['jaar']}", [str(r["jaar"]) for r in rijen],
            [Reeks("Bruto bekostiging", [round(r["bruto"]) for r in rijen]),
             Reeks("Aftrek speciaal onderwijs", [round(r["aftrek"]) for r in rijen]),
             Reeks("Vrij budget", [max(0, round(r["vrij"])) for r in rijen])],
            kop="Jaar", eenheid="euro", as_label="Euro", id_prefix="grafiek-prognose",
            beschrijving=f"Bekostiging, aftrek en vrij budget per jaar: {jaar} is de begroting, de jaren daarna een "
            "prognose met de aannames op deze pagina; bedragen afgerond op hele euro's",
        )
    return render(request, "middelen/prognose.html", ctx)


# ------------------------------------------------------------------------------------------------------------
# The export
# ------------------------------------------------------------------------------------------------------------

@rol_vereist
@require_safe
def export_excel(request):
    from . import export

    rol = request.rol
    _vereis_lezer(rol)
    swv = rol.swv
    jaar = gekozen_jaar(request, swv)
    b = bereken(swv, jaar)
    if b.begroting is None:
        messages.error(request, f"Er is niets te downloaden: {b.fout}")
        return redirect(f"{reverse('middelen:begroting')}?jaar={jaar}")
    herleiden = toegang.mag_herleiden(rol)
    wb = export.werkboek(b, herleiden=herleiden, besteding=besteding(swv, jaar, b.inst, b.begroting),
                         reserve=reserve(b.inst, b.begroting))
    record("export", None, object_type_label="middelen.begroting", swv_id=rol.swv_id,
           omschrijving=f"Begroting {jaar} geëxporteerd als Excel"
           + (" (met TLV-nummers)" if herleiden else " (aantallen, zonder TLV-nummers)"))
    return export.als_download(wb, f"begroting-{swv.code}-{jaar}.xlsx")
