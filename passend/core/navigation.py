"""The navigation per role: which menu items each role sees. Items only appear where access allows."""

from dataclasses import dataclass

from passend.accounts.models import Rol


@dataclass(frozen=True)
class Item:
    label: str
    url_name: str


START = Item("Start", "core:start")
LEERLINGEN = Item("Leerlingen", "register:leerlingen")
SCHOLEN = Item("Scholen", "scholen:lijst")
AUDIT = Item("Audittrail", "audit:overzicht")
BEHEER = Item("Gebruikers", "accounts:beheer")
TAKEN = Item("Taken", "core:taken")
AANVRAGEN = Item("Aanvragen", "toewijzing:aanvragen")
WERKVOORRAAD = Item("Werkvoorraad", "toewijzing:werkvoorraad")
TLVS = Item("TLV's", "toewijzing:tlvs")
ARRANGEMENTEN = Item("Arrangementen", "toewijzing:arrangementen")
BEZWAREN = Item("Bezwaren", "toewijzing:bezwaren")
MONITORING = Item("Monitoring", "toewijzing:monitoring")
ADVIESVRAGEN = Item("Adviesvragen", "toewijzing:mijn_adviezen")
AANMELDINGEN = Item("Aanmeldingen", "zorgplicht:lijst")
OPPS = Item("OPP's", "opp:lijst")
OUDERPORTAAL = Item("Mijn kinderen", "ouders:overzicht")
LEERLINGPORTAAL = Item("Mijn overzicht", "ouders:leerling")
THUISZITTERS = Item("Thuiszitters", "thuiszitters:lijst")
MIDDELEN = Item("Middelen", "middelen:begroting")
NETWERK = Item("Dekkend netwerk", "netwerk:dekking")
PROFIELEN = Item("Ondersteuningsprofielen", "netwerk:profielen")
PLAATSINGEN = Item("Plaatsingen", "netwerk:plaatsingen")
VERVOER_AANVRAGEN = Item("Vervoersaanvragen", "vervoer:aanvragen")
ROUTES = Item("Routes", "vervoer:planningen")
VOERTUIGEN = Item("Voertuigen", "vervoer:voertuigen")
VERORDENING = Item("Verordening", "vervoer:instellingen")
THUISZITTERS_CIJFERS = Item("Thuiszitters in cijfers", "thuiszitters:dashboard")
HELPDESK = Item("Vraag het Steunpunt", "steunpunt:helpdesk")
ANTENNE = Item("Landelijk beeld", "steunpunt:antenne")
SP_REDACTIE = Item("Kennisbank", "steunpunt:redactie")
SP_ACTIVITEITEN = Item("Activiteiten", "steunpunt:activiteiten")
SP_NIEUWSBRIEVEN = Item("Nieuwsbrief", "steunpunt:nieuwsbrieven")
SP_HELPDESK = Item("Helpdesk", "steunpunt:helpdesk")
SP_ANTENNE = Item("Antenne", "steunpunt:antenne")
SP_SIGNALEN = Item("Signalen", "steunpunt:signalen")

MENU = {
    Rol.SWV_MEDEWERKER: [START, WERKVOORRAAD, AANVRAGEN, TLVS, ARRANGEMENTEN, BEZWAREN, AANMELDINGEN, OPPS,
                         THUISZITTERS, MIDDELEN, NETWERK, PLAATSINGEN, MONITORING, ANTENNE, LEERLINGEN, SCHOLEN, AUDIT,
                         HELPDESK],
    Rol.SWV_DIRECTEUR: [START, WERKVOORRAAD, AANVRAGEN, TLVS, ARRANGEMENTEN, BEZWAREN, AANMELDINGEN, OPPS,
                        THUISZITTERS, MIDDELEN, NETWERK, PLAATSINGEN, MONITORING, ANTENNE, LEERLINGEN, SCHOLEN, AUDIT,
                        HELPDESK],
    Rol.DESKUNDIGE: [START, ADVIESVRAGEN, LEERLINGEN, HELPDESK],
    Rol.SCHOOL: [START, AANMELDINGEN, OPPS, AANVRAGEN, TLVS, ARRANGEMENTEN, THUISZITTERS, PROFIELEN, PLAATSINGEN,
                 LEERLINGEN, SCHOLEN, HELPDESK],
    Rol.SCHOOLBESTUUR: [START, Item("Middelen", "middelen:verdeling"), THUISZITTERS_CIJFERS, NETWERK, SCHOLEN,
                        HELPDESK],
    Rol.OUDER: [START, OUDERPORTAAL, AANVRAGEN, HELPDESK],
    Rol.LEERLING: [START, LEERLINGPORTAAL],
    Rol.LEERPLICHT: [START, THUISZITTERS, SCHOLEN, HELPDESK],
    Rol.VERVOER: [START, VERVOER_AANVRAGEN, ROUTES, VOERTUIGEN, VERORDENING, SCHOLEN, HELPDESK],
    Rol.STEUNPUNT: [START, SP_HELPDESK, SP_REDACTIE, SP_ACTIVITEITEN, SP_NIEUWSBRIEVEN, SP_ANTENNE, SP_SIGNALEN,
                    SCHOLEN],
    Rol.BEHEERDER: [START, BEHEER, SCHOLEN, AUDIT, TAKEN, Item("Instellingen netwerk", "netwerk:instellingen"),
                    Item("Antenne: met naam of anoniem", "steunpunt:antenne_instelling")],
}


def menu_voor(rol) -> list[Item]:
    return MENU.get(rol.rol, [START]) if rol is not None else []
