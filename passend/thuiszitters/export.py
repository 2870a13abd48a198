"""The thuiszitters workbooks (openpyxl, with the shared helpers of passend/toewijzing/export.py):

- the quarterly report to the Inspectie (`rapport_werkboek`): an explanation, the anonymised cumulative
  registration (one row per case, columns from the SWV's setting) and the counts on the reference date and
  cumulative, from passend/thuiszitters/rapport.py;
- the dashboard's tables (`dashboard_werkboek`), from passend/thuiszitters/monitoring.py.

Both are pure: they take data and return a Workbook. Access and the audit row are the view's job.
Nothing in either workbook identifies a pupil: no name, no date of birth or any other date of a case, no
address, no school; counts of 1 to 4 are "<5".
"""

import datetime as dt

from openpyxl import Workbook

from passend.toewijzing.export import GETAL, TEKST, Kolom, blad, werkboek
from passend.toewijzing.monitoring import Tabel

from . import rapport, regels

# Columns of the sheet 'Registratie' that hold whole numbers (the others are text; the hours may be 2.5).
GETALKOLOMMEN = {"volgnummer", "leeftijd", "duur_weken"}
BREEDTES = {"volgnummer": 12, "categorie": 44, "leeftijd": 10, "schoolsoort": 26, "duurklasse": 22,
            "duur_weken": 10, "status": 14, "uitkomst": 24, "redenen": 50, "uren_onderwijs": 12, "tafel": 16}


def _datum(d: dt.date) -> str:
    return f"{d:%d-%m-%Y}"


def toelichting(*, swv_naam: str, peildatum: dt.date, instellingen, kolommen: list[str],
                drempel: int = regels.KLEIN_AANTAL) -> list[list[str]]:
    """The rows of the sheet 'Toelichting' (subject, explanation)."""
    labels = ", ".join(f"{rapport.KOLOMMEN[k]} ({k})" for k in kolommen)
    return [
        ["Wat dit is", "De thuiszittersregistratie van het samenwerkingsverband voor de Inspectie van het Onderwijs "
                       "(de uitvraag van elke drie maanden). Het bestand is cumulatief: meldingen die zijn beëindigd "
                       "blijven in de registratie staan, zoals de Inspectie vraagt."],
        ["Samenwerkingsverband", swv_naam],
        ["Peildatum", f"{_datum(peildatum)}: alle meldingen die op of voor deze dag zijn begonnen; 'lopend', de "
                      "categorie, de duur en de uren onderwijs gelden op deze dag (bij een eerder beëindigde melding: "
                      "op de einddatum). Een latere wijziging verandert dit bestand niet."],
        ["Bladen", "Registratie: één regel per melding. Op peildatum: de lopende meldingen op de peildatum naar "
                   "categorie en duur. Cumulatief: alle meldingen tot en met de peildatum, lopend en beëindigd."],
        ["Anonimisering", "Geen namen, geen geboortedata, geen adressen, geen BSN en geen scholen. Per melding staan "
                          "alleen de categorie, de leeftijd bij de start, de soort onderwijs, de duur (in hele weken "
                          "en als duurklasse), de status, de uitkomst, de redenen en (als die kolom is gekozen) de uren "
                          "onderwijs per week. Er staan geen datums van meldingen in dit bestand."],
        ["Kleine aantallen", f"In de tellingen staan aantallen van 1 tot en met {drempel - 1} als "
                             f"'{regels.KLEIN_LABEL}', zodat geen leerling te herkennen is. 0 blijft 0."],
        ["Thuiszitter", "Absoluut verzuim (leerplichtig en niet ingeschreven) vanaf de eerste dag, en relatief "
                        "verzuim (ingeschreven, ongeoorloofd afwezig) van meer dan 4 weken, zonder vrijstelling. "
                        "Vrijstellingen en dreigende thuiszitters staan apart in de registratie."],
        ["Duur", "Korter dan 4 weken: minder dan 28 dagen. 4 weken tot 3 maanden: tot en met drie kalendermaanden "
                 "na de start. Langer dan 3 maanden: daarna (de grens van het Thuiszitterspact). Bij een beëindigde "
                 "melding: de duur tot het einde. Is de categorie gewijzigd, dan telt de duur vanaf de dag waarop "
                 "de leerling in de huidige soort categorie kwam: tijd als dreigende thuiszitter of met een "
                 "vrijstelling telt niet als tijd thuis; absoluut en relatief verzuim tellen samen."],
        ["Instellingen", f"Peildata: {instellingen.peildata}. Kolommen van het blad Registratie: {labels}. "
                         f"Naar het thuiszittersoverleg na {instellingen.escalatie_weken} weken zonder plan van "
                         "aanpak."],
        ["Formulier van de Inspectie", "Het precieze registratieformulier en de peildata van de Inspectie zijn niet "
                                       "openbaar. Daarom zijn de kolommen en de peildata instellingen van het "
                                       "samenwerkingsverband. Controleer voor het versturen of de kolommen passen op "
                                       "het formulier dat de Inspectie meestuurt met de uitvraag."],
        ["Versturen", "Lever dit bestand in dit formaat (geen PDF) aan via het Internet Schooldossier (ISD) van de "
                      "Inspectie."],
    ]


def _kolom_registratie(k: str) -> Kolom:
    return Kolom(rapport.KOLOMMEN[k], BREEDTES.get(k, 16), GETAL if k in GETALKOLOMMEN else TEKST)


def _telblad(wb: Workbook, titel: str, rijen: list[list]):
    kop, *rest = rijen
    kolommen = [Kolom(kop[0], 60)] + [Kolom(k, 16) for k in kop[1:]]
    return blad(wb, titel, kolommen, rest)


def rapport_werkboek(casussen, peildatum: dt.date, *, swv_naam: str, instellingen,
                     drempel: int = regels.KLEIN_AANTAL) -> Workbook:
    """The quarterly report. Raises ValueError (a Dutch message) when the setting of the columns is wrong."""
    kolommen = rapport.kolommen_uit(instellingen.kolommen)
    casussen = list(casussen)
    wb = werkboek()
    blad(wb, "Toelichting", [Kolom("Onderwerp", 28), Kolom("Toelichting", 110)],
         toelichting(swv_naam=swv_naam, peildatum=peildatum, instellingen=instellingen, kolommen=kolommen,
                     drempel=drempel))
    blad(wb, "Registratie", [_kolom_registratie(k) for k in kolommen],
         rapport.registratie(casussen, peildatum, kolommen))
    _telblad(wb, "Op peildatum", rapport.telling_op_peildatum(casussen, peildatum, drempel))
    _telblad(wb, "Cumulatief", rapport.telling_cumulatief(casussen, peildatum, drempel))
    return wb


def dashboard_werkboek(tabellen: list[Tabel], *, swv_naam: str, peildatum: dt.date,
                       uitleg: list[list[str]] = ()) -> Workbook:
    """The dashboard's tables, one sheet each, and a sheet that says what each holds."""
    wb = werkboek()
    for t in tabellen:
        breedtes = [max(len(str(t.koppen[i])), *(len(str(r[i])) for r in t.rijen), 8) + 2
                    for i in range(len(t.koppen))]
        blad(wb, t.naam, [Kolom(kop, min(b, 70)) for kop, b in zip(t.koppen, breedtes, strict=True)], t.rijen)
    rijen = [["Samenwerkingsverband", swv_naam], ["Peildatum", _datum(peildatum)],
             *[[t.naam, t.titel] for t in tabellen], *uitleg,
             ["Kleine aantallen", f"Aantallen van 1 tot en met {regels.KLEIN_AANTAL - 1} staan als "
                                  f"'{regels.KLEIN_LABEL}': deze cijfers kunnen buiten het samenwerkingsverband komen."],
             ["Leerlinggegevens", "Dit bestand bevat alleen aantallen, geen gegevens van leerlingen of scholen."]]
    blad(wb, "Toelichting", [Kolom("Blad of onderwerp", 28), Kolom("Toelichting", 100)], rijen)
    return wb
