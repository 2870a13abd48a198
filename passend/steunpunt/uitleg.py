"""Which knowledge article explains which rule: the link from every legal rule Passend applies to its uitleg.

Every public function in `passend/<app>/regels.py` (the pure functions that compute deadlines, entitlements,
amounts and duration classes) maps to the slug of one article in `passend/steunpunt/kennis/<slug>.md`. Pages
that show a rule's outcome (a deadline on a worklist, a duration class, a budget line) link to that article with
`{% load kennis %}{% uitleg "passend.zorgplicht.regels.beslis_uiterlijk" %}` or a short key (`{% uitleg "opp" %}`).
tests/steunpunt/test_uitleg.py checks that every public rule is listed here and that every slug has a file, so a
new rule without an explanation fails the tests.

The articles are Markdown files with a small front matter (one `sleutel: waarde` per line between two `---`
lines). `lees_voorkant()` reads one; the Steunpunt's loader (services.laad_kennis) and the template tag use it,
so a link works before the database holds the articles.
"""

import logging
from functools import cache
from pathlib import Path

logger = logging.getLogger(__name__)

KENNIS_MAP = Path(__file__).resolve().parent / "kennis"

# Allowed values in the front matter (the same codes as the models' choices and services.THEMAS).
SOORTEN = ("artikel", "praktijkvoorbeeld", "faq")
THEMAS = ("zorgplicht", "tlv", "opp", "arrangementen", "bezwaar", "bekostiging", "thuiszitters", "dekkend-netwerk",
          "ondersteuningsprofiel", "medezeggenschap", "leerlingenvervoer", "ouders-en-leerlingen", "privacy")
SECTOREN = ("po", "vo", "vso")
DOELGROEPEN = ("ouders", "scholen", "besturen", "swv", "gemeenten")
VERPLICHT = ("titel", "soort", "themas", "sectoren", "doelgroepen", "samenvatting", "bronnen")
LIJSTEN = {"themas": THEMAS, "sectoren": SECTOREN, "doelgroepen": DOELGROEPEN}

# Slugs (file names without .md).
ZORGPLICHT = "zorgplicht"
TIEN_WEKEN = "tien-weken-zonder-besluit"
OPP = "ontwikkelingsperspectief"
TLV = "toelaatbaarheidsverklaring"
BEZWAAR = "bezwaar-tegen-een-tlv-besluit"
ARRANGEMENTEN = "arrangementen-en-ondersteuningstoewijzing"
THUISZITTERS = "thuiszitters"
BEKOSTIGING = "bekostiging"
NETWERK = "dekkend-netwerk"
PROFIEL = "schoolondersteuningsprofiel-en-basisondersteuning"
MEDEZEGGENSCHAP = "medezeggenschap-en-ondersteuningsplan"
VERVOER = "leerlingenvervoer"
VERVOER_VERDER_WEG = "vervoer-naar-een-school-verder-weg"
OUDERS = "ouders-en-leerlingen"
PRIVACY = "privacy-en-bewaartermijnen"
ANTENNE = "antenne-en-kleine-aantallen"
STEUNPUNT = "activiteiten-nieuwsbrief-en-helpdesk"


def _regels(module: str, slug: str, *namen: str, **anders: str) -> dict[str, str]:
    """{"passend.<module>.regels.<naam>": slug} for `namen`, and a different slug for the names in `anders`."""
    uit = {f"passend.{module}.regels.{naam}": slug for naam in namen}
    uit.update({f"passend.{module}.regels.{naam}": s for naam, s in anders.items()})
    return uit


# Dotted path of every public function in a regels.py -> the slug of the article that explains it.
REGELS: dict[str, str] = {
    **_regels(
        "zorgplicht", ZORGPLICHT,
        "beslis_uiterlijk", "verlengd_uiterlijk", "termijn", "verlenging_mogelijk", "termijn_status", "dagen_tot",
        "binnen_termijn", "verlenging_weken_fout",
        recht_op_tijdelijke_plaatsing=TIEN_WEKEN,
    ),
    **_regels(
        "opp", OPP,
        "vaststellen_uiterlijk", "evaluatie_uiterlijk", "opp_status", "op_tijd_vastgesteld",
    ),
    **_regels(
        "toewijzing", TLV,
        "schooljaar", "einde_schooljaar", "tlv_einddatum", "tlv_einddatum_emb", "verloopt_binnenkort",
        "plus_maanden", "tlv_status", "beroep_past", "deskundigenadvies_compleet", "tlv_nummer",
        # The request and the SWV's decision term.
        besluit_uiterlijk=ARRANGEMENTEN, opschorting_einde=ARRANGEMENTEN, binnen_termijn=ARRANGEMENTEN,
        doorlooptijd_dagen=ARRANGEMENTEN,
        aanvraag_nummer=ARRANGEMENTEN, aanvultermijn_verstreken=ARRANGEMENTEN,
        # Objection and the LBT; the Algemene termijnenwet extends the objection term.
        feestdagen=BEZWAAR, termijnenwet=BEZWAAR, bezwaartermijn_einde=BEZWAAR, bezwaar_tijdig=BEZWAAR,
        lbt_vragen_uiterlijk=BEZWAAR, verweer_uiterlijk=BEZWAAR, beslissing_op_bezwaar_uiterlijk=BEZWAAR,
    ),
    **_regels(
        "thuiszitters", THUISZITTERS,
        "plus_maanden", "duur_dagen", "duurklasse", "duur_vanaf", "telt_als_thuiszitter", "escalatie_nodig",
        "peildata",
        "laatste_peildatum", "per_duizend", "mediaan_dagen", "leeftijd",
        klein=PRIVACY,
    ),
    **_regels(
        "middelen", BEKOSTIGING,
        "cent", "teldatum", "begrotingsperiode", "groeivenster", "leeftijd", "so_component", "kies_tarieven",
        "controleer_tarieven", "begroting",
        "verdeel_in_centen", "verdeel", "signaleringswaarde", "boven_signaleringswaarde", "trend_procent",
        "prognose", "is_vereveningsbedrag", "aanpassing_verevening",
    ),
    **_regels(
        "netwerk", NETWERK,
        "afstand_km", "vrij", "is_vol", "rangschik", "dichtstbij_km",
        # Plan and profile periods (at least once every 4 years).
        plus_jaren=PROFIEL, periode_fout=PROFIEL, status_periode=PROFIEL,
        # The ondersteuningsplan: the OPR's consent and the Inspectie's deadline.
        plan_fout=MEDEZEGGENSCHAP, inspectie_uiterlijk=MEDEZEGGENSCHAP,
    ),
    **_regels(
        "vervoer", VERVOER,
        "ov_minuten", "recht_op_vervoer",
        zelfde_richting=VERVOER_VERDER_WEG,
    ),
    **_regels(
        "ouders", OUDERS,
        "leeftijd", "mag_eigen_account",
    ),
    **_regels(
        "steunpunt", ANTENNE,
        "is_klein", "met_marges", "onderdruk", "per_duizend", "aandeel", "mediaan", "schooljaar_van",
        "schooljaar_grenzen", "afgeronde_schooljaren", "stijgend_thema", "beweging",
        plaats_of_wachtlijst=STEUNPUNT, herinnering_nu=STEUNPUNT, werkdagen_tussen=STEUNPUNT,
        reactie_op_tijd=STEUNPUNT, vraag_nummer=STEUNPUNT,
    ),
}

# A short key per module (and per theme) -> its main article, for pages that show a module's rules together.
THEMA_ARTIKEL: dict[str, str] = {
    "zorgplicht": ZORGPLICHT,
    "opp": OPP,
    "tlv": TLV,
    "thuiszitters": THUISZITTERS,
    "bekostiging": BEKOSTIGING,
    "dekkend-netwerk": NETWERK,
    "leerlingenvervoer": VERVOER,
    "ouders": OUDERS,
    # The remaining themes.
    "arrangementen": ARRANGEMENTEN,
    "bezwaar": BEZWAAR,
    "ondersteuningsprofiel": PROFIEL,
    "medezeggenschap": MEDEZEGGENSCHAP,
    "privacy": PRIVACY,
    "antenne": ANTENNE,
    "steunpunt": STEUNPUNT,
    # The modules by their app name.
    "toewijzing": ARRANGEMENTEN,
    "middelen": BEKOSTIGING,
    "netwerk": NETWERK,
    "vervoer": VERVOER,
}


def artikel_voor(sleutel: str) -> str | None:
    """The slug of the article for a dotted rule path ("passend.opp.regels.vaststellen_uiterlijk"), a short key
    ("opp") or an article's own slug; None when unknown."""
    if not sleutel:
        return None
    slug = REGELS.get(sleutel) or THEMA_ARTIKEL.get(sleutel)
    if slug:
        return slug
    return sleutel if (KENNIS_MAP / f"{sleutel}.md").is_file() and _veilig(sleutel) else None


def _veilig(slug: str) -> bool:
    return all(c.isascii() and (c.islower() or c.isdigit() or c == "-") for c in slug)


def lees_voorkant(pad) -> dict:
    """Read one knowledge file: its front matter and its Markdown body.

    Returns {titel, soort, themas: list, sectoren: list, doelgroepen: list, samenvatting, bronnen: list,
    tekst}. Raises ValueError (Dutch, naming the file) when the front matter is missing, a key is missing or
    repeated, or a value is not allowed."""
    pad = Path(pad)
    inhoud = pad.read_text(encoding="utf-8").replace("\r\n", "\n")
    regels = inhoud.split("\n")
    if not regels or regels[0].strip() != "---":
        raise ValueError(f"{pad.name}: het bestand begint niet met een voorkant tussen twee regels '---'.")
    try:
        einde = next(i for i in range(1, len(regels)) if regels[i].strip() == "---")
    except StopIteration:
        raise ValueError(f"{pad.name}: de voorkant wordt niet afgesloten met een regel '---'.") from None
    waarden: dict[str, str] = {}
    for nr, regel in enumerate(regels[1:einde], start=2):
        if not regel.strip():
            continue
        sleutel, dubbelepunt, waarde = regel.partition(":")
        sleutel = sleutel.strip()
        if not dubbelepunt or not sleutel:
            raise ValueError(f"{pad.name}, regel {nr}: schrijf 'sleutel: waarde'.")
        if sleutel not in VERPLICHT:
            raise ValueError(f"{pad.name}, regel {nr}: onbekende sleutel '{sleutel}'.")
        if sleutel in waarden:
            raise ValueError(f"{pad.name}, regel {nr}: '{sleutel}' staat er twee keer.")
        waarden[sleutel] = waarde.strip()
    ontbreekt = [s for s in VERPLICHT if not waarden.get(s)]
    if ontbreekt:
        raise ValueError(f"{pad.name}: de voorkant mist {', '.join(ontbreekt)}.")
    if waarden["soort"] not in SOORTEN:
        raise ValueError(f"{pad.name}: onbekende soort '{waarden['soort']}' (kies uit {', '.join(SOORTEN)}).")
    uit: dict = {"titel": waarden["titel"], "soort": waarden["soort"], "samenvatting": waarden["samenvatting"]}
    for sleutel, toegestaan in LIJSTEN.items():
        lijst = [w.strip() for w in waarden[sleutel].split(",") if w.strip()]
        fout = [w for w in lijst if w not in toegestaan]
        if fout:
            raise ValueError(f"{pad.name}: onbekende {sleutel} {', '.join(fout)} (kies uit {', '.join(toegestaan)}).")
        uit[sleutel] = lijst
    bronnen = waarden["bronnen"].split()
    fout = [b for b in bronnen if not b.startswith(("https://", "http://"))]
    if fout:
        raise ValueError(f"{pad.name}: een bron is geen webadres: {', '.join(fout)}.")
    uit["bronnen"] = bronnen
    uit["tekst"] = "\n".join(regels[einde + 1:]).strip() + "\n"
    return uit


@cache
def titel_van(slug: str) -> str | None:
    """The title in the front matter of kennis/<slug>.md, or None when there is no such (valid) file. Cached: the
    files change only with a new release."""
    if not slug or not _veilig(slug):
        return None
    pad = KENNIS_MAP / f"{slug}.md"
    if not pad.is_file():
        return None
    try:
        return lees_voorkant(pad)["titel"]
    except ValueError:
        logger.warning("Kennisartikel %s heeft een ongeldige voorkant.", slug, exc_info=True)
        return None
