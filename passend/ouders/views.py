"""The parent portal: one page where a parent sees, per child, the school, the aanmeldingen and their deadline,
the OPP with a call to give consent, the requests to the samenwerkingsverband with their letters, and who to
contact. Plain Dutch (B1): short sentences and every term explained once.

Everything is read through visible(): a parent only ever sees their own children. Each child shown is recorded
in the audit trail (record_view).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from passend.accounts.models import Rol
from passend.audit.services import record_view
from passend.core.access import visible
from passend.core.ui import rol_vereist
from passend.opp import services as opp_services
from passend.opp.models import Instemming, Mening, Opp
from passend.register.models import Inschrijving, Leerling, OuderKind, actief_op
from passend.toewijzing.models import Aanvraag, Beschikking, Ouderreactie
from passend.toewijzing.toegang import BEWERKBAAR
from passend.zorgplicht import regels as zorgplicht_regels
from passend.zorgplicht.models import Aanmelding, Zorgplichtinstellingen

RECENT = dt.timedelta(days=365)


@dataclass
class Contact:
    naam: str
    email: str
    waarover: str


@dataclass
class Kind:
    leerling: Leerling
    ouderrelatie: OuderKind | None
    scholen: list = field(default_factory=list)
    aanmeldingen: list = field(default_factory=list)
    opps: list = field(default_factory=list)
    aanvragen: list = field(default_factory=list)
    brieven: list = field(default_factory=list)
    contacten: list = field(default_factory=list)

    @property
    def instemmen_nodig(self) -> int:
        return sum(1 for o in self.opps if o.instemmen_nodig)

    @property
    def leeg(self) -> bool:
        return not (self.aanmeldingen or self.opps or self.aanvragen or self.brieven)


def _contacten(kind) -> list:
    """Who the parent can ask: the school for an open aanmelding, the OPP's contact person, the consulent of a
    request."""
    kandidaten = [(a.aangemaakt_door, f"de aanmelding bij {a.school.naam}") for a in kind.aanmeldingen if a.is_open]
    kandidaten += [(o.contactpersoon, f"het OPP ({o.school.naam})") for o in kind.opps]
    kandidaten += [(a.consulent, f"de aanvraag {a.nummer} (samenwerkingsverband)") for a in kind.aanvragen]
    uit, gezien = [], set()
    for user, waarover in kandidaten:
        if user is not None and (user.pk, waarover) not in gezien:
            gezien.add((user.pk, waarover))
            uit.append(Contact(naam=str(user), email=user.email or "", waarover=waarover))
    return uit


def _aanmeldingen(rol, leerling, vandaag) -> list:
    grens = vandaag - RECENT
    uit = []
    qs = (visible(rol, Aanmelding).filter(leerling=leerling)
          .select_related("school", "andere_school", "aangemaakt_door")
          .order_by("-ontvangen_op", "-pk"))
    for a in qs:
        if not a.is_open and not (a.besloten_op and a.besloten_op >= grens) and a.ontvangen_op < grens:
            continue  # old and decided: not shown any more
        if a.is_open:
            verlengd = a.verlengd_op is not None
            a.uiterlijk = zorgplicht_regels.termijn(a.ontvangen_op, verlengd, a.verlenging_weken)
            a.dagen = zorgplicht_regels.dagen_tot(a.uiterlijk, vandaag)
            a.termijn = zorgplicht_regels.termijn_status(
                a.ontvangen_op, verlengd, vandaag, Zorgplichtinstellingen.voor(a.swv_id).waarschuwen_dagen,
                a.verlenging_weken)
        uit.append(a)
    return uit


def _opps(rol, leerling, ouderrelatie) -> list:
    uit = []
    qs = (visible(rol, Opp).filter(leerling=leerling, beeindigd_op__isnull=True)
          .select_related("school", "contactpersoon").order_by("-aanleiding_datum", "-pk"))
    for o in qs:
        o.versie = opp_services.huidige_versie(o)
        o.in_voorbereiding = o.versie is None
        o.mijn_instemming = None
        o.instemmen_nodig = False
        if o.versie is not None and ouderrelatie is not None:
            o.mijn_instemming = (visible(rol, Instemming)
                                 .filter(versie=o.versie, ouder_id=ouderrelatie.ouder_id).first())
            o.instemmen_nodig = ouderrelatie.heeft_gezag and o.mijn_instemming is None
        uit.append(o)
    return uit


def _aanvragen(rol, leerling, ouderrelatie) -> list:
    uit = list(visible(rol, Aanvraag).filter(leerling=leerling).select_related("school", "consulent")
               .order_by("-aangemaakt", "-pk"))
    gereageerd = set()
    if ouderrelatie is not None:
        gereageerd = set(visible(rol, Ouderreactie).filter(aanvraag__in=uit, ouder_id=ouderrelatie.ouder_id)
                         .values_list("aanvraag_id", flat=True))
    for a in uit:
        a.reactie_gevraagd = a.status in BEWERKBAAR and a.pk not in gereageerd
    return uit


@rol_vereist
def overzicht(request):
    rol = request.rol
    if rol.rol != Rol.OUDER:
        raise PermissionDenied("Het ouderportaal is alleen voor ouders en verzorgers.")
    vandaag = timezone.localdate()
    kinderen = []
    leerlingen = visible(rol, Leerling).order_by("geboortedatum", "achternaam", "voornaam", "pk")
    for leerling in leerlingen:
        relatie = (visible(rol, OuderKind).select_related("ouder")
                   .filter(leerling=leerling, ouder__user_id=rol.user_id).order_by("-heeft_gezag", "pk").first())
        kind = Kind(leerling=leerling, ouderrelatie=relatie)
        kind.scholen = list(visible(rol, Inschrijving).filter(leerling=leerling).filter(actief_op(vandaag))
                            .select_related("school").order_by("begindatum"))
        kind.aanmeldingen = _aanmeldingen(rol, leerling, vandaag)
        kind.opps = _opps(rol, leerling, relatie)
        kind.aanvragen = _aanvragen(rol, leerling, relatie)
        kind.brieven = list(visible(rol, Beschikking).filter(aanvraag__leerling=leerling)
                            .select_related("aanvraag").order_by("-verzonden_op"))
        kind.contacten = _contacten(kind)
        record_view(leerling, omschrijving="Ouderportaal")
        kinderen.append(kind)
    return render(request, "ouders/overzicht.html", {"kinderen": kinderen, "vandaag": vandaag})


@rol_vereist
def leerling(request):
    """The pupil's own overview ("Mijn overzicht"), in je-form: school, aanmeldingen with their deadline, the set
    plan (OPP) with the call to give their own view, requests to the samenwerkingsverband with their letters, and
    who to contact. Only the LEERLING role; the parents' consent, reactions and names are never shown here (the
    access rules do not even give them to this role)."""
    rol = request.rol
    if rol.rol != Rol.LEERLING:
        raise PermissionDenied("Deze pagina is voor leerlingen met een eigen account.")
    vandaag = timezone.localdate()
    ik = visible(rol, Leerling).order_by("pk").first()
    dossier = None
    if ik is not None:
        dossier = Kind(leerling=ik, ouderrelatie=None)
        dossier.scholen = list(visible(rol, Inschrijving).filter(leerling=ik).filter(actief_op(vandaag))
                               .select_related("school").order_by("begindatum"))
        dossier.aanmeldingen = _aanmeldingen(rol, ik, vandaag)
        dossier.opps = _opps(rol, ik, None)
        meningen = {}
        for m in (visible(rol, Mening).filter(opp__in=[o.pk for o in dossier.opps], user_id=rol.user_id)
                  .order_by("gegeven_op", "pk")):
            meningen[m.opp_id] = m  # the latest per OPP
        for o in dossier.opps:
            o.mijn_mening = meningen.get(o.pk)
        dossier.aanvragen = _aanvragen(rol, ik, None)
        dossier.brieven = list(visible(rol, Beschikking).filter(aanvraag__leerling=ik)
                               .select_related("aanvraag").order_by("-verzonden_op"))
        dossier.contacten = _contacten(dossier)
        record_view(ik, omschrijving="Leerlingportaal")
    return render(request, "ouders/leerling.html", {"dossier": dossier, "vandaag": vandaag})
