"""The workflow of an aanvraag as one readable table.

Each row: the name of the step, the states it may start from, the state it leads to, the request types it
applies to, the roles that may take it, and what it requires (checks that return a Dutch reason when the
step is not possible yet). `weigering(rol, aanvraag, naam)` gives the reason a step is refused, or None;
services.transitie() takes the step. Pages, API and the docs page all read this table.

What a step needs as input (a reason, the decision) is checked by services.py, which owns the writes.
"""

from collections.abc import Callable
from dataclasses import dataclass

from passend.accounts.models import Rol

from . import regels, termijnen
from .models import (
    Aanvraag,
    Adviesopdracht,
    Ouderreactie,
    Soort,
    Status,
    TlvSoort,
    Toewijzingsinstellingen,
    vandaag,
)

S = Status
SCHOOL = frozenset({Rol.SCHOOL})
STAF = frozenset({Rol.SWV_MEDEWERKER, Rol.SWV_DIRECTEUR})
DIRECTEUR = frozenset({Rol.SWV_DIRECTEUR})
TLV_SOORTEN = frozenset({Soort.TLV, Soort.VERLENGING})
OVERIGE_SOORTEN = frozenset({Soort.ARRANGEMENT, Soort.ADVIES})
ALLE_SOORTEN = frozenset(Soort.values)

Check = Callable[[Aanvraag], str | None]


# ------------------------------------------------------------------------------------------------------------
# Requirements (each returns None when met, else why not)
# ------------------------------------------------------------------------------------------------------------

def ontbrekend(aanvraag: Aanvraag) -> list[str]:
    """What the request still lacks before the school can submit it (the completeness check)."""
    mist = []
    if not aanvraag.vraag.strip():
        mist.append("de hulpvraag")
    if not aanvraag.al_gedaan.strip():
        mist.append("wat de school al heeft gedaan")
    if not aanvraag.zienswijze_leerling.strip():
        mist.append("de zienswijze van de leerling (schrijf zo nodig waarom die ontbreekt)")
    heeft_ouderzienswijze = bool(aanvraag.zienswijze_ouders_school.strip()) or any(
        r.zienswijze.strip() for r in aanvraag.ouderreacties.all()
    )
    if not heeft_ouderzienswijze:
        mist.append("de zienswijze van de ouders (door ouders zelf of uit het gesprek met de school)")
    soorten_bijlagen = {b.soort for b in aanvraag.bijlagen.all()}
    if "opp" not in soorten_bijlagen:
        mist.append("het OPP of groeidocument als bijlage")
    if aanvraag.is_tlv:
        if not aanvraag.tlv_soort:
            mist.append("de soort onderwijs (SBO, SO, VSO of PrO)")
        elif aanvraag.tlv_soort in (TlvSoort.SO, TlvSoort.VSO) and not aanvraag.categorie:
            mist.append("de gevraagde bekostigingscategorie (laag, midden of hoog)")
        if aanvraag.soort == Soort.VERLENGING:
            if aanvraag.vorige_tlv_id is None:
                mist.append("de TLV die verlengd moet worden")
            if "evaluatie" not in soorten_bijlagen:
                mist.append("een recente evaluatie van het OPP als bijlage")
    if aanvraag.soort == Soort.ARRANGEMENT:
        if not aanvraag.doel.strip():
            mist.append("het doel van het arrangement")
        if not aanvraag.vorm.strip():
            mist.append("de vorm van het arrangement")
        if aanvraag.uren is None and aanvraag.bedrag is None:
            mist.append("het aantal uren of het bedrag")
        if aanvraag.periode_van is None or aanvraag.periode_tot is None:
            mist.append("de periode (van en tot)")
        elif aanvraag.periode_tot < aanvraag.periode_van:
            mist.append("een periode waarvan het einde na het begin ligt")
    return mist


def ouders_akkoord(aanvraag: Aanvraag) -> bool:
    """At least one parent with gezag agreed, and no parent with gezag disagreed."""
    reacties = [r for r in aanvraag.ouderreacties.all() if r.heeft_gezag]
    return any(r.akkoord == Ouderreactie.Akkoord.AKKOORD for r in reacties) and not any(
        r.akkoord == Ouderreactie.Akkoord.NIET_AKKOORD for r in reacties
    )


def _compleet(aanvraag: Aanvraag) -> str | None:
    mist = ontbrekend(aanvraag)
    if mist:
        return "De aanvraag is nog niet compleet. Nog nodig: " + "; ".join(mist) + "."
    return None


def _ouderinstemming(aanvraag: Aanvraag) -> str | None:
    """The SWV's setting decides for arrangementen and adviesvragen; a TLV may by law be requested without
    the parents' agreement (domain.md §2.2), but then the school must say why, and the file shows it."""
    if ouders_akkoord(aanvraag):
        return None
    if aanvraag.is_tlv:
        if not aanvraag.zonder_instemming_toelichting.strip():
            return ("Ouders met gezag hebben (nog) niet ingestemd. Een TLV mag zonder instemming worden aangevraagd, "
                    "maar licht dan toe waarom.")
        return None
    if Toewijzingsinstellingen.voor(aanvraag.swv_id).ouderinstemming_vereist:
        return "Het samenwerkingsverband vraagt instemming van een ouder met gezag voordat u kunt indienen."
    return None


def _consulent(aanvraag: Aanvraag) -> str | None:
    return None if aanvraag.consulent_id else "Wijs eerst een consulent toe."


def _deskundigen_gevraagd(aanvraag: Aanvraag) -> str | None:
    open_of_gegeven = [o for o in aanvraag.adviesopdrachten.all()
                       if o.status in (Adviesopdracht.Status.GEVRAAGD, Adviesopdracht.Status.GEGEVEN)]
    if not aanvraag.is_tlv:
        return None if open_of_gegeven else "Vraag eerst een deskundige om advies."
    volgordes = {o.volgorde for o in open_of_gegeven}
    if {1, 2} - volgordes:
        return "Een TLV vraagt advies van twee deskundigen: wijs een eerste en een tweede deskundige toe."
    return None


def _deskundigenadvies(aanvraag: Aanvraag) -> str | None:
    gegeven = [
        (o.volgorde, o.beroep, o.deskundige_id, bool(o.niet_eerder_betrokken), o.zelfstandig_opgesteld)
        for o in aanvraag.adviesopdrachten.all() if o.status == Adviesopdracht.Status.GEGEVEN
    ]
    reden = regels.deskundigenadvies_compleet(gegeven)
    return f"Nog geen besluit mogelijk. {reden}" if reden else None


def _geen_open_advies(aanvraag: Aanvraag) -> str | None:
    if any(o.is_open for o in aanvraag.adviesopdrachten.all()):
        return "Er staat nog een adviesvraag open bij een deskundige; trek die in of wacht het advies af."
    return None


def _heeft_besluit(aanvraag: Aanvraag) -> str | None:
    return None if hasattr(aanvraag, "besluit") else "Er is nog geen besluit."


def _open_bezwaar(aanvraag: Aanvraag) -> str | None:
    return None if any(b.is_open for b in aanvraag.bezwaren.all()) else "Er is geen open bezwaar."


def _geen_open_bezwaar(aanvraag: Aanvraag) -> str | None:
    return "Er loopt al een bezwaar." if any(b.is_open for b in aanvraag.bezwaren.all()) else None


def _bezwaartermijn_voorbij(aanvraag: Aanvraag) -> str | None:
    besluit = getattr(aanvraag, "besluit", None)
    if besluit is None:
        return "Er is nog geen besluit."
    einde = regels.bezwaartermijn_einde(besluit.datum)
    if vandaag() <= einde:
        return f"De bezwaartermijn loopt nog tot en met {einde:%d-%m-%Y}; daarna kan de aanvraag worden afgesloten."
    return None


def _aanvultermijn_verstreken(aanvraag: Aanvraag) -> str | None:
    """Buiten behandeling stellen only after the school had the chance to complete within the term the SWV set
    (regels.aanvultermijn_verstreken). Source: Awb art. 4:5 lid 1 onder c,
    https://wetten.overheid.nl/jci1.3:c:BWBR0005537&artikel=4:5."""
    gevraagd = termijnen.open_aanvulling(termijnen.opschortingen([aanvraag.pk]).get(aanvraag.pk, []))
    uiterste = gevraagd[2] if gevraagd else None
    if uiterste is None:
        return ("Bij de vraag om aanvulling is geen termijn gesteld. Zonder termijn kan de aanvraag niet buiten "
                "behandeling worden gesteld: vraag opnieuw om aanvulling, met een datum.")
    if not regels.aanvultermijn_verstreken(uiterste, vandaag()):
        return (f"De school kan de aanvraag nog aanvullen tot en met {uiterste:%d-%m-%Y}. Pas daarna kan het "
                "samenwerkingsverband de aanvraag buiten behandeling stellen.")
    return None


# ------------------------------------------------------------------------------------------------------------
# The table
# ------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Transitie:
    naam: str
    label: str
    van: frozenset
    naar: str
    rollen: frozenset
    soorten: frozenset = ALLE_SOORTEN
    vereisten: tuple[Check, ...] = ()
    vraagt: str = ""  # what the step asks as input, for the table page

    @property
    def vereisten_tekst(self) -> list[str]:
        return [VEREISTE_LABELS[v] for v in self.vereisten]

    @property
    def soorten_labels(self) -> list[str]:
        return ["alle soorten"] if self.soorten == ALLE_SOORTEN else [Soort(s).label.split(" (")[0] for s in sorted(self.soorten)]

    @property
    def van_labels(self) -> list[str]:
        return [Status(s).label.lower() for s in Status.values if s in self.van]

    @property
    def naar_label(self) -> str:
        return Status(self.naar).label.lower()

    @property
    def rollen_labels(self) -> list[str]:
        return [Rol(r).label for r in Rol.values if r in self.rollen]


VEREISTE_LABELS = {
    _compleet: "aanvraag compleet (hulpvraag, wat al gedaan is, zienswijzen, OPP; per soort de eigen gegevens)",
    _ouderinstemming: "instemming van een ouder met gezag (instelling van het SWV); bij een TLV anders een toelichting",
    _consulent: "een consulent is toegewezen",
    _deskundigen_gevraagd: "bij een TLV: een eerste en een tweede deskundige gevraagd; anders minstens één",
    _deskundigenadvies: "twee aparte, onafhankelijke adviezen van deskundigen met het juiste beroep",
    _geen_open_advies: "geen adviesvraag meer open",
    _heeft_besluit: "er is een besluit",
    _open_bezwaar: "er is een open bezwaar",
    _geen_open_bezwaar: "er loopt nog geen bezwaar",
    _bezwaartermijn_voorbij: "de bezwaartermijn (6 weken) is voorbij",
    _aanvultermijn_verstreken: "de termijn om aan te vullen is voorbij en de school heeft niet aangevuld",
}

OPEN = frozenset({S.CONCEPT, S.INGEDIEND, S.AANVULLING, S.IN_BEHANDELING, S.ADVIES_GEVRAAGD})
BUITEN_BEHANDELING_VRAAGT = "de motivering: wat ontbreekt en waarom de aanvraag zonder aanvulling niet te beoordelen is"

TRANSITIES: tuple[Transitie, ...] = (
    Transitie("indienen", "Indienen bij het samenwerkingsverband", frozenset({S.CONCEPT}), S.INGEDIEND, SCHOOL,
              vereisten=(_compleet, _ouderinstemming)),
    Transitie("opnieuw_indienen", "Aangevuld opnieuw indienen", frozenset({S.AANVULLING}), S.INGEDIEND, SCHOOL,
              vereisten=(_compleet, _ouderinstemming)),
    Transitie("aanvulling_vragen", "Terugsturen voor aanvulling", frozenset({S.INGEDIEND, S.IN_BEHANDELING}),
              S.AANVULLING, STAF, vraagt="wat er aangevuld moet worden"),
    Transitie("in_behandeling_nemen", "In behandeling nemen", frozenset({S.INGEDIEND}), S.IN_BEHANDELING, STAF,
              vereisten=(_consulent,)),
    Transitie("advies_vragen", "Deskundigenadvies vragen", frozenset({S.IN_BEHANDELING}), S.ADVIES_GEVRAAGD, STAF,
              vereisten=(_deskundigen_gevraagd,)),
    Transitie("besluiten", "Besluit nemen", frozenset({S.ADVIES_GEVRAAGD}), S.BESLOTEN, DIRECTEUR, TLV_SOORTEN,
              vereisten=(_geen_open_advies, _deskundigenadvies),
              vraagt="toekennen of afwijzen met motivering; soort, categorie, begin- en einddatum"),
    Transitie("besluiten", "Besluit nemen", frozenset({S.IN_BEHANDELING, S.ADVIES_GEVRAAGD}), S.BESLOTEN, STAF,
              OVERIGE_SOORTEN, vereisten=(_geen_open_advies,),
              vraagt="toekennen of afwijzen met motivering; bij een arrangement uren of bedrag, periode, aanbieder"),
    Transitie("bezwaar_registreren", "Bezwaar registreren", frozenset({S.BESLOTEN, S.AFGESLOTEN}), S.BEZWAAR, STAF,
              TLV_SOORTEN, vereisten=(_heeft_besluit, _geen_open_bezwaar),
              vraagt="datum van ontvangst, indiener, gronden"),
    Transitie("beslissen_op_bezwaar", "Beslissen op bezwaar", frozenset({S.BEZWAAR}), S.AFGESLOTEN, DIRECTEUR,
              TLV_SOORTEN, vereisten=(_open_bezwaar,),
              vraagt="uitkomst met motivering; het advies van de LBT (niet nodig als het bezwaar volledig wordt toegekend)"),
    Transitie("afsluiten", "Afsluiten", frozenset({S.BESLOTEN}), S.AFGESLOTEN, STAF, TLV_SOORTEN,
              vereisten=(_heeft_besluit, _bezwaartermijn_voorbij)),
    Transitie("afsluiten", "Afsluiten", frozenset({S.BESLOTEN}), S.AFGESLOTEN, STAF, OVERIGE_SOORTEN,
              vereisten=(_heeft_besluit,)),
    # Awb 4:5 lid 1 onder c (https://wetten.overheid.nl/jci1.3:c:BWBR0005537&artikel=4:5): not completed within
    # the term set, the request is not considered. That is a decision on the request, so it is taken by whoever
    # decides that kind of request (for a TLV the directeur); the request ends as 'afgesloten' with its reason.
    Transitie("buiten_behandeling_stellen", "Buiten behandeling stellen", frozenset({S.AANVULLING}), S.AFGESLOTEN,
              DIRECTEUR, TLV_SOORTEN, vereisten=(_aanvultermijn_verstreken,), vraagt=BUITEN_BEHANDELING_VRAAGT),
    Transitie("buiten_behandeling_stellen", "Buiten behandeling stellen", frozenset({S.AANVULLING}), S.AFGESLOTEN,
              STAF, OVERIGE_SOORTEN, vereisten=(_aanvultermijn_verstreken,), vraagt=BUITEN_BEHANDELING_VRAAGT),
    Transitie("intrekken", "Intrekken", OPEN, S.INGETROKKEN, SCHOOL | STAF, vraagt="de reden"),
)

NAMEN = tuple(dict.fromkeys(t.naam for t in TRANSITIES))


class OngeldigeTransitie(Exception):
    """A step that is not allowed now; the message says why, in Dutch."""


def transitie_voor(naam: str, soort: str) -> Transitie | None:
    for t in TRANSITIES:
        if t.naam == naam and soort in t.soorten:
            return t
    return None


def _rol_hoort_bij(rol, aanvraag: Aanvraag) -> bool:
    """The role is bound to this request: same tenant, and a school user only for its own school."""
    if rol is None or not rol.actief or rol.swv_id != aanvraag.swv_id:
        return False
    if rol.rol == Rol.SCHOOL:
        return rol.scholen.filter(pk=aanvraag.school_id).exists()
    return True


def weigering(rol, aanvraag: Aanvraag, naam: str) -> str | None:
    """Why `rol` may not take step `naam` on `aanvraag` now, or None when it may."""
    if naam not in NAMEN:
        return f"Onbekende stap: {naam}."
    t = transitie_voor(naam, aanvraag.soort)
    if t is None:
        return f"De stap '{naam}' bestaat niet voor een {aanvraag.get_soort_display().lower()}."
    if aanvraag.status not in t.van:
        return (f"'{t.label}' kan niet vanuit de status '{aanvraag.get_status_display()}'; "
                f"alleen vanuit: {', '.join(Status(s).label.lower() for s in sorted(t.van))}.")
    if rol is None or rol.rol not in t.rollen:
        wie = ", ".join(sorted(Rol(r).label for r in t.rollen))
        return f"'{t.label}' is voorbehouden aan: {wie}."
    if not _rol_hoort_bij(rol, aanvraag):
        return "Deze aanvraag hoort niet bij uw school of samenwerkingsverband."
    for check in t.vereisten:
        reden = check(aanvraag)
        if reden:
            return reden
    return None


def mogelijke_stappen(rol, aanvraag: Aanvraag) -> list[tuple[Transitie, str | None]]:
    """The steps from the current state that this role could take, each with the reason it is still blocked
    (None: possible now). Steps for other roles are left out."""
    uit = []
    for naam in NAMEN:
        t = transitie_voor(naam, aanvraag.soort)
        if t is None or aanvraag.status not in t.van or rol is None or rol.rol not in t.rollen:
            continue
        uit.append((t, weigering(rol, aanvraag, naam)))
    return uit
