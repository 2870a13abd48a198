"""The Steunpunt's e-mails (plain text, Dutch) and the iCalendar file of an activity.

Links are absolute, from PASSEND_BASIS_URL. In the demo the e-mail backend is the console. The iCalendar
file is made with the `icalendar` package (RFC 5545 folding and escaping; see docs/adr/0011).
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

AFZENDER_NAAM = "Steunpunt Passend Onderwijs (via Passend)"


def _url(pad: str) -> str:
    return f"{(settings.PASSEND_BASIS_URL or 'http://127.0.0.1:8000').rstrip('/')}{pad}"


def _wanneer(a) -> str:
    begin, eind = timezone.localtime(a.begin), timezone.localtime(a.eind)
    if begin.date() == eind.date():
        return f"{begin:%d-%m-%Y} van {begin:%H:%M} tot {eind:%H:%M} uur"
    return f"{begin:%d-%m-%Y %H:%M} tot {eind:%d-%m-%Y %H:%M} uur"


def ical(activiteit, *, met_link: bool = False) -> bytes:
    """The activity as an iCalendar file (one VEVENT). The online link only for placed participants."""
    cal = Calendar()
    cal.add("prodid", "-//Passend//Steunpunt Passend Onderwijs//NL")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    e = Event()
    e.add("uid", f"activiteit-{activiteit.pk}@passend")
    e.add("dtstamp", timezone.now())
    e.add("dtstart", activiteit.begin)
    e.add("dtend", activiteit.eind)
    e.add("summary", activiteit.titel)
    omschrijving = activiteit.omschrijving or ""
    if met_link and activiteit.online_link:
        omschrijving = f"{omschrijving}\n\nDeelnemen: {activiteit.online_link}".strip()
    if omschrijving:
        e.add("description", omschrijving)
    if activiteit.locatie:
        e.add("location", activiteit.locatie)
    e.add("url", _url(reverse("steunpunt:activiteit", args=[activiteit.pk])))
    e.add("status", "CANCELLED" if activiteit.status == "geannuleerd" else "CONFIRMED")
    cal.add_component(e)
    return cal.to_ical()


def _stuur(onderwerp: str, tekst: str, aan: str, *, bijlage=None, headers=None) -> None:
    m = EmailMessage(onderwerp, tekst, None, [aan], headers=headers or {})
    if bijlage is not None:
        m.attach(*bijlage)
    m.send(fail_silently=False)


def _afmeldregel(d) -> str:
    from .services import deelname_token

    return f"Kunt u niet komen? Meld u af via {_url(reverse('steunpunt:deelname_afmelden', args=[deelname_token(d)]))}"


def aanmelding_ontvangen(d) -> None:
    a = d.activiteit
    if d.status == "geplaatst":
        regels = [f"Beste {d.naam},", "", f"U bent aangemeld voor '{a.titel}'.", f"Wanneer: {_wanneer(a)}"]
        if a.locatie:
            regels.append(f"Waar: {a.locatie}")
        if a.online_link:
            regels.append(f"Deelnemen: {a.online_link}")
        regels += ["", "In de bijlage staat de afspraak voor uw agenda.", _afmeldregel(d)]
        bijlage = ("activiteit.ics", ical(a, met_link=True), "text/calendar")
        _stuur(f"Aanmelding bevestigd: {a.titel}", "\n".join(regels), d.email, bijlage=bijlage)
    else:
        regels = [f"Beste {d.naam},", "", f"'{a.titel}' ({_wanneer(a)}) is vol. U staat op de wachtlijst.",
                  "Komt er een plaats vrij, dan krijgt u bericht en bent u geplaatst.", "",
                  _afmeldregel(d).replace("Kunt u niet komen? Meld u af", "Wilt u niet meer op de wachtlijst? Meld u af")]
        _stuur(f"Op de wachtlijst: {a.titel}", "\n".join(regels), d.email)


def van_wachtlijst_geplaatst(d) -> None:
    a = d.activiteit
    regels = [f"Beste {d.naam},", "", f"Er is een plaats vrijgekomen. U bent nu geplaatst voor '{a.titel}'.",
              f"Wanneer: {_wanneer(a)}"]
    if a.online_link:
        regels.append(f"Deelnemen: {a.online_link}")
    regels += ["", _afmeldregel(d)]
    _stuur(f"U bent geplaatst: {a.titel}", "\n".join(regels), d.email,
           bijlage=("activiteit.ics", ical(a, met_link=True), "text/calendar"))


def herinnering(d) -> None:
    a = d.activiteit
    regels = [f"Beste {d.naam},", "", f"Een herinnering: binnenkort is '{a.titel}'.", f"Wanneer: {_wanneer(a)}"]
    if a.locatie:
        regels.append(f"Waar: {a.locatie}")
    if a.online_link:
        regels.append(f"Deelnemen: {a.online_link}")
    regels += ["", _afmeldregel(d)]
    _stuur(f"Herinnering: {a.titel}", "\n".join(regels), d.email)


def activiteit_geannuleerd(d) -> None:
    a = d.activiteit
    _stuur(f"Geannuleerd: {a.titel}",
           f"Beste {d.naam},\n\nHelaas gaat '{a.titel}' ({_wanneer(a)}) niet door. Uw aanmelding vervalt.\n", d.email)


def afgemeld_door_organisator(d) -> None:
    a = d.activiteit
    _stuur(f"Afgemeld: {a.titel}",
           f"Beste {d.naam},\n\nDe organisator heeft uw aanmelding voor '{a.titel}' ({_wanneer(a)}) ingetrokken. "
           "Heeft u vragen? Neem contact op met het Steunpunt.\n", d.email)


def bevestig_abonnement(abonnee, token: str) -> None:
    link = _url(reverse("steunpunt:nieuwsbrief_bevestigen", args=[token]))
    dagen = settings.PASSEND_STEUNPUNT_BEVESTIG_DAGEN
    _stuur("Bevestig uw aanmelding voor de nieuwsbrief",
           "Goedendag,\n\nU (of iemand anders) heeft dit adres aangemeld voor de nieuwsbrief van het Steunpunt "
           f"Passend Onderwijs.\nBevestig uw aanmelding met deze link (geldig {dagen} dagen):\n{link}\n\n"
           "Heeft u zich niet aangemeld? Dan hoeft u niets te doen: zonder bevestiging krijgt u niets en "
           f"wissen we uw adres na {dagen} dagen.\n", abonnee.email)


def nieuwsbrief(brief, abonnee, token: str, tekst: str) -> None:
    """One issue to one subscriber, with a one-click unsubscribe (RFC 8058 headers and a link)."""
    link = _url(reverse("steunpunt:nieuwsbrief_afmelden", args=[token]))
    voet = f"\n\n--\nU krijgt deze nieuwsbrief omdat u zich heeft aangemeld. Afmelden: {link}\n"
    _stuur(brief.onderwerp, tekst + voet, abonnee.email, headers={
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    })


def vraag_beantwoord(vraag) -> None:
    link = _url(reverse("steunpunt:vraag", args=[vraag.pk]))
    _stuur(f"Antwoord op uw vraag {vraag.nummer}",
           f"Goedendag,\n\nHet Steunpunt heeft uw vraag '{vraag.onderwerp}' beantwoord.\n"
           f"Lees het antwoord in Passend (na inloggen): {link}\n", vraag.vrager.email)
