"""Demo Steunpunt Passend Onderwijs: the national role with its knowledge base, agenda, newsletter, helpdesk and
the antenna over several samenwerkingsverbanden.

What is in it:
- the Steunpunt user "steunpunt" (Rol.STEUNPUNT, a Roltoekenning without SWV), with the demo password;
- the knowledge base: Passend's own articles are loaded after migrate (services.laad_kennis); on top of them two
  draft articles and one published document, a small checklist as PDF (made with WeasyPrint), through the
  services as the Steunpunt;
- the agenda: four coming activities (a webinar with an online link, a regional meeting that is full and has a
  waiting list, a training, a national day) and one past webinar whose attendance is recorded; the participants
  are invented people with addresses @example.nl;
- the newsletter: five confirmed subscribers, one still unconfirmed, and one issue sent ten days ago (marked as
  sent; no e-mail goes out while building);
- the helpdesk: thirteen questions over the last six months from the demo IB'er, bestuur, consulent, directeur,
  ouder and leerplichtambtenaar, on several themes; thuiszitters rises in the last 90 days (a signal); most are
  answered, with response times from a day to one late answer after more than the norm, one open and late,
  one is now a published FAQ;
- the antenna: six real PO samenwerkingsverbanden around Zwolle (from the register) get the aggregated records
  the antenna reads, for the last three school years: TLV's by kind and category with their requests and
  decisions (some decided after the term), decided aanmeldingen (zorgplicht, some late, some extended), OPP's
  (some set late, some not set) and thuiszitters reports with their durations. Volumes follow the region's DUO
  pupil count with realistic rates, so small regions have cells of 1 to 4 ("<5" in the antenna). Two of them
  chose to be named (Antennedeelname), the others are anonymous. Their pupils are invented; nobody in the demo
  works in those SWV's. Written in bulk (a few thousand rows), with one audit row per SWV.

Deterministic (seeded; dates follow today, as the other demo parts) and idempotent: each part is made only when
it is missing, so a second build changes nothing. No e-mail is sent while building.
"""

import datetime as dt
import random
import unicodedata

from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from passend.accounts.models import Rol, Roltoekenning, User
from passend.audit.context import acting_as, actor_for
from passend.audit.services import record
from passend.register.models import Inschrijving, Leerling, Samenwerkingsverband, School, Soort
from passend.steunpunt import regels, services
from passend.steunpunt.models import (
    Abonnee,
    Activiteit,
    Antennedeelname,
    Artikel,
    Deelname,
    Nieuwsbrief,
    Thema,
    Vraag,
)

from .names import ACHTERNAMEN, VOORNAMEN_M, VOORNAMEN_V, split_achternaam

SEED = 2305 + 11
USERNAME = "steunpunt"
DOCUMENT_SLUG = "checklist-zorgplicht-bij-aanmelding"
GEEN_MAIL = "django.core.mail.backends.dummy.EmailBackend"


def _werkdag(d: dt.date) -> dt.date:
    while d.weekday() >= 5:
        d -= dt.timedelta(days=1)
    return d


def _moment(dagen_geleden: int, uur: int, minuut: int = 0) -> dt.datetime:
    d = _werkdag(timezone.localdate() - dt.timedelta(days=dagen_geleden))
    return timezone.make_aware(dt.datetime.combine(d, dt.time(uur, minuut)))


def _plus_werkdagen(t: dt.datetime, werkdagen: float) -> dt.datetime:
    """`werkdagen` working days after `t` (weekends skipped), for the demo's response times."""
    hele, deel = int(werkdagen), werkdagen - int(werkdagen)
    uit = t
    while hele:
        uit += dt.timedelta(days=1)
        if uit.weekday() < 5:
            hele -= 1
    uit += dt.timedelta(hours=round(deel * 24))
    while uit.weekday() >= 5:
        uit += dt.timedelta(days=1)
    return uit


def _ascii(tekst: str) -> str:
    return unicodedata.normalize("NFKD", tekst).encode("ascii", "ignore").decode().lower().replace(" ", "")


# ------------------------------------------------------------------------------------------------------------
# The Steunpunt user
# ------------------------------------------------------------------------------------------------------------

def steunpunt_gebruiker(password: str):
    from .builder import DemoUser

    du = DemoUser(USERNAME, "Noor", "Visser", Rol.STEUNPUNT, "adviseur en redacteur")
    user, created = User.objects.get_or_create(
        username=du.username,
        defaults={"first_name": du.first_name, "last_name": du.last_name,
                  "email": f"{du.username}@demo.passend.localhost"},
    )
    if created or not user.check_password(password):
        user.set_password(password)
        user.save()
    rol, _ = Roltoekenning.objects.get_or_create(user=user, rol=Rol.STEUNPUNT, swv=None,
                                                 defaults={"functie": du.functie})
    return du, user, rol


# ------------------------------------------------------------------------------------------------------------
# Knowledge base
# ------------------------------------------------------------------------------------------------------------

CHECKLIST_HTML = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Checklist zorgplicht bij aanmelding</title>
<style>body {{ font-family: sans-serif; font-size: 11pt; margin: 2cm; }} h1 {{ font-size: 18pt; }}
li {{ margin-bottom: .4em; }}</style></head>
<body>
<h1>Checklist zorgplicht bij aanmelding</h1>
<p>Steunpunt Passend Onderwijs (demo) · {datum}</p>
<p>Een school met zorgplicht moet binnen 6 weken beslissen over een schriftelijke aanmelding van een leerling die
extra ondersteuning nodig heeft. De school mag de termijn één keer met 4 weken verlengen.</p>
<h2>Stap voor stap</h2>
<ol>
<li>Noteer de datum waarop de schriftelijke aanmelding binnenkwam: daar begint de termijn.</li>
<li>Vraag ouders wat hun kind nodig heeft, en vraag met hun toestemming gegevens op bij de vorige school.</li>
<li>Onderzoek wat de school zelf kan bieden, met het schoolondersteuningsprofiel erbij.</li>
<li>Lukt het niet binnen 6 weken? Verleng dan op tijd, en laat ouders schriftelijk weten waarom.</li>
<li>Kan de school de ondersteuning niet bieden? Zoek samen met het samenwerkingsverband een school die dat wel kan,
en zorg dat die school de leerling toelaat.</li>
<li>Leg het besluit schriftelijk vast en wijs ouders op bezwaar en de Geschillencommissie.</li>
</ol>
<p>Meer uitleg: de kennisbank van het Steunpunt, thema Zorgplicht.</p>
</body></html>
"""


def _kennis(rol) -> int:
    if Artikel.objects.filter(slug=DOCUMENT_SLUG).exists():
        return 0
    from passend.toewijzing.pdf import html_naar_pdf

    themas = {t.slug: t for t in Thema.objects.all()}
    services.artikel_opslaan(
        rol, None, titel="Thuiszitters: wat kan het samenwerkingsverband doen in de eerste vier weken?",
        soort=Artikel.Soort.ARTIKEL,
        samenvatting="Hoe eerder er een plan is, hoe korter een leerling thuis zit. Wat werkt in de eerste weken.",
        tekst="Een leerling die vier weken of langer niet naar school gaat, telt als thuiszitter. Wacht daar niet "
              "op.\n\n## Wat werkt\n\n- Meld de leerling meteen bij leerplicht en het samenwerkingsverband.\n"
              "- Maak binnen twee weken een plan van aanpak met ouders, school en jeugdhulp.\n"
              "- Spreek af wie de regie heeft.\n\n(Concept: nog aanvullen met voorbeelden uit de regio's.)",
        themas=[themas["thuiszitters"]], sectoren=["po", "vo"], doelgroepen=["swv", "scholen"],
    )
    services.artikel_opslaan(
        rol, None, titel="Praktijkvoorbeeld: één aanmeldpunt voor de hele regio", soort=Artikel.Soort.PRAKTIJK,
        samenvatting="Hoe een samenwerkingsverband met de schoolbesturen één loket maakte voor ouders.",
        tekst="In deze regio melden ouders hun kind met extra ondersteuningsbehoefte aan bij één loket. Het loket "
              "kijkt mee welke school past en bewaakt de termijn van de zorgplicht.\n\n"
              "(Concept: interview met de coördinator volgt.)",
        themas=[themas["zorgplicht"], themas["dekkend-netwerk"]], sectoren=["po"], doelgroepen=["swv", "besturen"],
    )
    pdf = html_naar_pdf(CHECKLIST_HTML.format(datum=timezone.localdate().strftime("%d-%m-%Y")))
    document = services.artikel_opslaan(
        rol, None, titel="Checklist zorgplicht bij aanmelding", soort=Artikel.Soort.DOCUMENT,
        samenvatting="Eén pagina om naast een aanmelding te leggen: de termijn, verlengen, en wat als de school "
                     "de ondersteuning niet kan bieden.",
        themas=[themas["zorgplicht"]], sectoren=["po", "vo", "vso"], doelgroepen=["scholen", "besturen"],
        bestand=ContentFile(pdf, name="checklist-zorgplicht-bij-aanmelding.pdf"),
    )
    services.artikel_status(rol, document, Artikel.Status.GEPUBLICEERD)
    return 3


# ------------------------------------------------------------------------------------------------------------
# Activities
# ------------------------------------------------------------------------------------------------------------

ORGANISATIES = [
    "OBS De Regenboog", "CBS De Wegwijzer", "Kindcentrum Het Anker", "SBO De Sprong", "SO De Twijn",
    "Stichting Primair Onderwijs Oost (demo)", "Samenwerkingsverband PO 23-04", "Gemeente Dalfsen",
    "RK Basisschool Sint Jozef", "Montessorischool De Kring", "Oudervereniging Passend Samen", "",
]


def _deelnemers(rng: random.Random, aantal: int, gebruikt: set) -> list[tuple[str, str, str]]:
    uit = []
    while len(uit) < aantal:
        voornaam = rng.choice(VOORNAMEN_V + VOORNAMEN_M)
        tv, achternaam = split_achternaam(rng.choice(ACHTERNAMEN))
        naam = " ".join(p for p in (voornaam, tv, achternaam) if p)
        email = f"{_ascii(voornaam)}.{_ascii(tv + achternaam)}@example.nl"
        if email in gebruikt:
            continue
        gebruikt.add(email)
        uit.append((naam, email, rng.choice(ORGANISATIES)))
    return uit


def _activiteit(rol, *, titel, soort, omschrijving, over_dagen, van, tot, locatie, online_link="", capaciteit,
                themas, sectoren):
    dag = timezone.localdate() + dt.timedelta(days=over_dagen)
    while dag.weekday() >= 5:
        dag += dt.timedelta(days=1)
    begin = timezone.make_aware(dt.datetime.combine(dag, van))
    eind = timezone.make_aware(dt.datetime.combine(dag, tot))
    a = services.activiteit_opslaan(rol, None, titel=titel, soort=soort, omschrijving=omschrijving, begin=begin,
                                    eind=eind, locatie=locatie, online_link=online_link, capaciteit=capaciteit,
                                    themas=themas, sectoren=sectoren)
    return services.activiteit_status(rol, a, Activiteit.Status.GEPUBLICEERD)


def _agenda(rol, rng: random.Random) -> int:
    if Activiteit.objects.exists():
        return 0
    t = {t.slug: t for t in Thema.objects.all()}
    gebruikt: set = set()
    komend = [
        (dict(titel="Webinar: de zorgplicht in de praktijk", soort=Activiteit.Soort.WEBINAR,
              omschrijving="In een uur door de termijn van 6 weken, verlengen, en wat te doen als de school de "
                           "ondersteuning niet kan bieden. Met ruimte voor vragen via de chat.",
              over_dagen=9, van=dt.time(15, 30), tot=dt.time(16, 30), locatie="Online",
              online_link="https://webinar.example.nl/steunpunt/zorgplicht", capaciteit=200,
              themas=[t["zorgplicht"]], sectoren=["po", "vo"]), 14),
        (dict(titel="Regiobijeenkomst Oost: thuiszitters weer naar school", soort=Activiteit.Soort.REGIO,
              omschrijving="Samenwerkingsverbanden, leerplicht en jeugdhulp uit Overijssel en Flevoland delen wat "
                           "werkt om thuiszitten te voorkomen en te verkorten.",
              over_dagen=23, van=dt.time(13, 30), tot=dt.time(16, 30),
              locatie="Zalencentrum De Ontmoeting, Stationsweg 10, Zwolle (demo-adres)", capaciteit=12,
              themas=[t["thuiszitters"], t["dekkend-netwerk"]], sectoren=["po", "vo"]), 16),
        (dict(titel="Training: een goed ontwikkelingsperspectief schrijven", soort=Activiteit.Soort.TRAINING,
              omschrijving="Een ochtend voor intern begeleiders: doelen, uitstroomperspectief en het gesprek met "
                           "ouders (OOGO). Neem een geanonimiseerd OPP mee.",
              over_dagen=37, van=dt.time(9, 30), tot=dt.time(12, 30),
              locatie="Vergadercentrum Het Plein, Marktstraat 5, Utrecht (demo-adres)", capaciteit=20,
              themas=[t["opp"]], sectoren=["po", "vso"]), 8),
        (dict(titel="Landelijke dag passend onderwijs: bekostiging en verdeelmodellen", soort=Activiteit.Soort.CONGRES,
              omschrijving="Een dag over de verdeling van de middelen: schoolmodel, expertisemodel en hybride "
                           "modellen, met voorbeelden uit samenwerkingsverbanden.",
              over_dagen=60, van=dt.time(9, 30), tot=dt.time(16, 0),
              locatie="Congrescentrum De Linie, Beneluxlaan 1, Utrecht (demo-adres)", capaciteit=150,
              themas=[t["bekostiging"]], sectoren=["po", "vo", "vso"]), 5),
    ]
    for velden, aantal in komend:
        a = _activiteit(rol, **velden)
        for naam, email, organisatie in _deelnemers(rng, aantal, gebruikt):
            services.aanmelden(a, naam=naam, email=email, organisatie=organisatie)
    # A past webinar: registrations from before it started, and the attendance list.
    voorbij = _activiteit(
        rol, titel="Webinar: de TLV en de commissie van toelaatbaarheid", soort=Activiteit.Soort.WEBINAR,
        omschrijving="Wanneer is een TLV nodig, wie adviseert, en hoe lang is hij geldig?", over_dagen=-21,
        van=dt.time(15, 30), tot=dt.time(16, 30), locatie="Online",
        online_link="https://webinar.example.nl/steunpunt/tlv", capaciteit=100, themas=[t["tlv"]],
        sectoren=["po", "vo"])
    aangemeld = voorbij.begin - dt.timedelta(days=12)
    Deelname.objects.bulk_create([
        Deelname(activiteit=voorbij, naam=naam, email=email, organisatie=organisatie,
                 status=Deelname.Status.GEPLAATST, aangemeld_op=aangemeld + dt.timedelta(hours=5 * i),
                 geplaatst_op=aangemeld + dt.timedelta(hours=5 * i))
        for i, (naam, email, organisatie) in enumerate(_deelnemers(rng, 10, gebruikt))
    ])
    ids = list(voorbij.deelnames.order_by("pk").values_list("pk", flat=True))
    services.aanwezigheid(rol, voorbij, set(ids[:8]))
    return 5


# ------------------------------------------------------------------------------------------------------------
# Newsletter
# ------------------------------------------------------------------------------------------------------------

ABONNEES = ["ib.deregenboog@example.nl", "directie.dewegwijzer@example.nl", "beleid@swv-vechtdal.example.nl",
            "m.jansen@example.nl", "orthopedagoog@sbo-desprong.example.nl"]


def _nieuwsbrief(rol) -> int:
    if Nieuwsbrief.objects.exists() or Abonnee.objects.exists():
        return 0
    for i, email in enumerate(ABONNEES):
        a = services.abonneren(email)
        services.bevestigen(services.bevestig_token(a))
        Abonnee.objects.filter(pk=a.pk).update(aangemeld_op=_moment(120 - 20 * i, 10),
                                               bevestigd_op=_moment(120 - 20 * i, 11))
    services.abonneren("nog.niet.bevestigd@example.nl")
    artikelen = list(Artikel.objects.filter(status=Artikel.Status.GEPUBLICEERD, uit_passend=True)
                     .filter(slug__in=["zorgplicht", "thuiszitters", "toelaatbaarheidsverklaring"]))
    activiteiten = list(Activiteit.objects.filter(begin__gt=timezone.now()).order_by("begin")[:2])
    brief = services.nieuwsbrief_opslaan(
        rol, None, onderwerp="Nieuws van het Steunpunt: zorgplicht, thuiszitters en de TLV",
        inleiding="Deze maand: de uitleg over de zorgplicht en de TLV is vernieuwd, en we nodigen u uit voor twee "
                  "bijeenkomsten.", artikelen=artikelen, activiteiten=activiteiten)
    # Marked as sent ten days ago to the five confirmed subscribers (no e-mail goes out while building).
    Nieuwsbrief.objects.filter(pk=brief.pk).update(status=Nieuwsbrief.Status.VERZONDEN, ontvangers=len(ABONNEES),
                                                   aangemaakt=_moment(12, 9), verzonden_op=_moment(10, 10))
    return 1


# ------------------------------------------------------------------------------------------------------------
# Helpdesk
# ------------------------------------------------------------------------------------------------------------

# (who asks, days ago, theme, sectors, subject, question, answer after working days or None, then: "sluiten",
# "faq", "oppakken" or "")
VRAGEN = [
    ("directeur", 172, "bekostiging", ["po"], "Verevening bij een dalend leerlingaantal",
     "Ons leerlingaantal daalt. Hoe werkt de verevening de komende jaren door in onze begroting?",
     "De verevening hangt af van het aandeel leerlingen in het speciaal onderwijs op 1 oktober en 1 februari. "
     "Bij een dalend aantal daalt ook de bijdrage; het Steunpunt kan met u een meerjarenraming maken.", 3, "sluiten"),
    ("ib", 166, "zorgplicht", ["po"], "Geldt de zorgplicht ook bij een verhuizing binnen de regio?",
     "Een leerling verhuist binnen onze regio en ouders melden hem bij ons aan. Hebben wij dan zorgplicht?",
     "Ja. De zorgplicht geldt bij elke schriftelijke aanmelding van een leerling die extra ondersteuning nodig "
     "heeft, ook na een verhuizing. De termijn van 6 weken begint op de dag dat de aanmelding binnenkomt.", 1, "faq"),
    ("consulent", 150, "tlv", ["po"], "Duur van een TLV voor het SBO",
     "Mogen wij een TLV voor het SBO voor de hele basisschoolperiode afgeven?",
     "Het samenwerkingsverband bepaalt de duur van een TLV; de wet noemt minstens een jaar. Een TLV tot het "
     "einde van de basisschool kan, als het ondersteuningsplan dat beschrijft.", 4, "sluiten"),
    ("bestuur", 141, "medezeggenschap", ["po"], "Instemming OPR bij wijziging ondersteuningsplan",
     "Moet de OPR instemmen als wij alleen de verdeling van de middelen in het ondersteuningsplan aanpassen?",
     "Ja. Een wijziging van het ondersteuningsplan vraagt instemming van de ondersteuningsplanraad, ook als het "
     "alleen om de verdeling van de middelen gaat.", 9, "sluiten"),  # the late answer
    ("leerplicht", 130, "thuiszitters", ["po"], "Wanneer is een leerling een thuiszitter?",
     "Vanaf wanneer telt een leerling die ingeschreven is maar niet komt als thuiszitter?",
     "Een ingeschreven leerling telt als thuiszitter na vier weken ongeoorloofd verzuim (langdurig relatief "
     "verzuim). Een leerling die niet ingeschreven is (absoluut verzuim) telt vanaf de eerste dag.", 2, ""),
    ("ib", 112, "opp", ["po"], "Evaluatie van het OPP met ouders",
     "Hoe vaak moeten wij het OPP met ouders evalueren?",
     "Minstens één keer per schooljaar, met ouders (op overeenstemming gericht overleg).", 2, ""),
    ("consulent", 80, "thuiszitters", ["po"], "Thuiszitter met een wachtlijst voor het SO",
     "Een leerling zit thuis omdat het SO een wachtlijst heeft. Wat kunnen wij in de tussentijd doen?",
     "Zoek een tijdelijke plek of onderwijs thuis met begeleiding, en bespreek de leerling aan de "
     "thuiszitterstafel. Leg de afspraken vast in het plan van aanpak.", 1, ""),
    ("ouder", 68, "zorgplicht", ["po"], "De school heeft na 6 weken nog niet besloten",
     "Ik heb mijn dochter 7 weken geleden aangemeld en heb nog niets gehoord. Wat kan ik doen?",
     "De school moet binnen 6 weken beslissen, of de termijn één keer met 4 weken verlengen en u dat laten weten. "
     "Na 10 weken zonder besluit heeft uw kind recht op een tijdelijke plaats op de school. Neem contact op met de "
     "school, of met de onderwijsconsulent.", 1, ""),
    ("directeur", 57, "thuiszitters", ["po"], "Thuiszitters melden aan de Inspectie",
     "Welke gegevens over thuiszitters moeten wij aan de Inspectie geven, en hoe vaak?",
     "Het samenwerkingsverband meldt de aantallen thuiszitters, zonder namen, naar duur en categorie. Passend "
     "maakt die rapportage anoniem.", 3, ""),
    ("ouder", 40, "leerlingenvervoer", ["po"], "Vervoer naar een school verder weg",
     "Mijn zoon gaat naar een SO-school 25 km verderop. Krijgen wij vervoer vergoed?",
     "Dat bepaalt de gemeente waar u woont, met haar verordening leerlingenvervoer. Bij speciaal onderwijs en "
     "een afstand van meer dan 6 km heeft u meestal recht op vervoer of een vergoeding.", 2, ""),
    ("bestuur", 33, "thuiszitters", ["po", "vo"], "Thuiszitters en de overgang naar het VO",
     "Hoe voorkomen wij dat leerlingen bij de overgang naar het VO thuis komen te zitten?",
     None, None, "oppakken"),  # picked up, not answered: late
    ("ib", 12, "thuiszitters", ["po"], "Onderwijs thuis tijdens een ziekenhuisopname",
     "Een leerling ligt langere tijd in het ziekenhuis. Telt zij als thuiszitter, en wie regelt onderwijs?",
     None, None, ""),  # new: not picked up
    ("ouder", 3, "ouders-en-leerlingen", ["po"], "Meepraten over het ontwikkelingsperspectief",
     "Mag ik als ouder meepraten over het OPP van mijn kind, en moet ik ermee instemmen?",
     None, None, ""),
]


def _helpdesk(steunpunt, users) -> int:
    if Vraag.objects.exists() or not all(u in users for u, *_ in VRAGEN):
        return 0
    themas = {t.slug: t for t in Thema.objects.all()}
    s_user = steunpunt.user
    for username, dagen, thema, sectoren, onderwerp, tekst, antwoord, na, vervolg in VRAGEN:
        user, rol = users[username]
        gesteld = _moment(dagen, 9 + dagen % 7, (dagen * 7) % 60)
        with acting_as(actor_for(user, rol)):
            v = services.vraag_stellen(rol, onderwerp=onderwerp, tekst=tekst, thema=themas[thema],
                                       sectoren=sectoren)
        Vraag.objects.filter(pk=v.pk).update(gesteld_op=gesteld)
        v.refresh_from_db()
        with acting_as(actor_for(s_user, steunpunt)):
            if antwoord is not None:
                services.vraag_beantwoorden(steunpunt, v, antwoord)
                beantwoord = _plus_werkdagen(gesteld, na)
                Vraag.objects.filter(pk=v.pk).update(opgepakt_op=min(gesteld + dt.timedelta(hours=2), beantwoord),
                                                     beantwoord_op=beantwoord)
                v.refresh_from_db()
                if vervolg == "faq":
                    faq = services.naar_faq(steunpunt, v)
                    services.artikel_status(steunpunt, faq, Artikel.Status.GEPUBLICEERD)
            elif vervolg == "oppakken":
                services.vraag_oppakken(steunpunt, v)
                Vraag.objects.filter(pk=v.pk).update(opgepakt_op=_plus_werkdagen(gesteld, 1))
                v.refresh_from_db()
        if vervolg == "sluiten":
            with acting_as(actor_for(user, rol)):
                services.vraag_sluiten(rol, v)
            Vraag.objects.filter(pk=v.pk).update(gesloten_op=_plus_werkdagen(beantwoord, 2))
    # Numbers follow the (backdated) day the question was asked, per year: HD-2026-0001 ...
    vragen = list(Vraag.objects.order_by("gesteld_op", "pk"))
    for v in vragen:
        Vraag.objects.filter(pk=v.pk).update(nummer=f"TMP-{v.pk}")
    per_jaar: dict[int, int] = {}
    for v in vragen:
        jaar = timezone.localtime(v.gesteld_op).year
        per_jaar[jaar] = per_jaar.get(jaar, 0) + 1
        Vraag.objects.filter(pk=v.pk).update(nummer=regels.vraag_nummer(jaar, per_jaar[jaar]))
    return len(vragen)


# ------------------------------------------------------------------------------------------------------------
# Antenna: aggregated records in six real SWV's around Zwolle
# ------------------------------------------------------------------------------------------------------------

# (code, named in comparisons, TLV factor, yearly TLV growth, share of late zorgplicht decisions, share of OPP's
# set late, thuiszitters factor, distribution model and hybrid shares (school, leerling, expertise))
ANTENNE_SWVS = [
    ("PO2304", True, 1.0, 1.00, 0.10, 0.12, 1.0, ("hybride", 60, 20, 20)),
    ("PO2303", False, 1.3, 1.35, 0.25, 0.20, 1.4, ("expertise", 0, 0, 100)),
    ("PO2403", False, 0.8, 0.95, 0.05, 0.08, 0.7, ("school", 100, 0, 0)),
    ("PO2402", False, 1.1, 1.00, 0.15, 0.30, 1.1, ("hybride", 40, 40, 20)),
    ("PO2505", True, 0.9, 0.85, 0.08, 0.10, 0.8, ("leerling", 0, 100, 0)),
    ("PO2301", False, 1.2, 1.10, 0.12, 0.15, 1.2, ("hybride", 50, 25, 25)),
]
# New TLV's per school year per 1,000 pupils of a PO region, by kind and category (a PO SWV issues few VSO and
# no PrO TLV's).
TLV_PER_DUIZEND = {("sbo", ""): 3.0, ("so", "laag"): 1.4, ("so", "midden"): 0.3, ("so", "hoog"): 0.2,
                   ("vso", "laag"): 0.1, ("vso", "midden"): 0.04}
AFGEWEZEN_PER_DUIZEND = 0.3
AANMELDINGEN_PER_DUIZEND = 2.5  # decided aanmeldingen with a need for extra support
OPP_PER_DUIZEND = 3.0  # OPP's whose 6-week term ends in the school year
THUISZITTERS_PER_DUIZEND = 1.6  # new reports per school year
SCHOOLJAREN = 4  # three completed school years (what the antenna shows) and the running one


class _Antenne:
    def __init__(self, swv, rng: random.Random, vandaag: dt.date, profiel):
        from passend.thuiszitters.monitoring import leerlingen_regio

        (_, self.naam_tonen, self.tlv_factor, self.groei, self.zp_laat, self.opp_laat, self.tz_factor,
         self.model) = profiel
        self.swv, self.rng, self.vandaag = swv, rng, vandaag
        self.duizend = leerlingen_regio(swv.pk).leerlingen / 1000
        self.scholen = list(School.objects.filter(regio_swv_po=swv, soort=Soort.BAO).order_by("vestigingscode"))
        self.speciaal = list(School.objects.filter(regio_swv_po=swv, soort__in=[Soort.SBO, Soort.SO, Soort.SO_VSO])
                             .order_by("vestigingscode")) or self.scholen
        self.leerlingen: list[Leerling] = []
        self.inschrijvingen: list[tuple[Leerling, School, dt.date]] = []
        self.nummers: dict[str, int] = {}

    # ---- helpers -------------------------------------------------------------------------------------------

    def aantal(self, verwacht: float) -> int:
        """A whole count around `verwacht` (seeded)."""
        x = verwacht * self.rng.uniform(0.75, 1.25)
        return int(x) + (self.rng.random() < x - int(x))

    def jaren(self):
        """(first day, last day, share of the year passed) of the last school years, oldest first."""
        huidig = regels.schooljaar_van(self.vandaag)
        for jaar in range(huidig - SCHOOLJAREN + 1, huidig + 1):
            van, tot = regels.schooljaar_grenzen(jaar)
            tot = min(tot, self.vandaag - dt.timedelta(days=1))
            yield van, tot, ((tot - van).days + 1) / 365

    def dag(self, van: dt.date, tot: dt.date) -> dt.date:
        return _werkdag(van + dt.timedelta(days=self.rng.randint(0, max(0, (tot - van).days))))

    def volgnummer(self, sleutel: str) -> int:
        self.nummers[sleutel] = self.nummers.get(sleutel, 0) + 1
        return self.nummers[sleutel]

    def leerling(self, school: School, vanaf: dt.date, leeftijd=(5, 12)) -> Leerling:
        meisje = self.rng.random() < 0.4
        voornaam = self.rng.choice(VOORNAMEN_V if meisje else VOORNAMEN_M)
        tv, achternaam = split_achternaam(self.rng.choice(ACHTERNAMEN))
        geboren = self.vandaag - dt.timedelta(days=self.rng.randint(leeftijd[0] * 365, leeftijd[1] * 365 + 300))
        letters = "ABDEGHKLMNPRSTVZ"
        ll = Leerling(swv=self.swv, voornaam=voornaam, tussenvoegsel=tv, achternaam=achternaam,
                      geboortedatum=geboren, postcode=(school.postcode or "8000")[:4] + self.rng.choice(letters)
                      + self.rng.choice(letters), huisnummer=str(self.rng.randint(1, 180)))
        ll.zoeknaam = " ".join([voornaam, tv, achternaam]).casefold()
        self.leerlingen.append(ll)
        self.inschrijvingen.append((ll, school, min(vanaf, dt.date(self.vandaag.year - 1, 8, 20))))
        return ll

    # ---- the records ---------------------------------------------------------------------------------------

    def bouw(self) -> int:
        from passend.opp.models import Opp, OppVersie
        from passend.toewijzing import regels as tw_regels
        from passend.toewijzing.models import Aanvraag, Besluit, Tlv
        from passend.zorgplicht.models import Aanmelding, Status

        code = self.swv.code
        aanvragen, besluiten, tlvs, aanmeldingen, opps, versies = [], [], [], [], [], []
        for index, (van, tot, deel) in enumerate(self.jaren()):
            groei = self.groei ** index
            # TLV's with their request and decision; a few requests refused.
            soorten = [(s, c, self.aantal(r * self.duizend * self.tlv_factor * groei * deel))
                       for (s, c), r in TLV_PER_DUIZEND.items()]
            soorten.append(("", "", self.aantal(AFGEWEZEN_PER_DUIZEND * self.duizend * deel)))
            for soort, categorie, n in soorten:
                for _ in range(n):
                    besloten = self.dag(van, tot)
                    # Lead times around 5 weeks; some beyond the SWV's 8 weeks.
                    dagen = self.rng.randint(60, 85) if self.rng.random() < 0.1 else self.rng.randint(18, 52)
                    ingediend = _werkdag(besloten - dt.timedelta(days=dagen))
                    school = self.rng.choice(self.scholen)
                    ll = self.leerling(school, ingediend - dt.timedelta(days=400))
                    gevraagd = soort or self.rng.choice(["sbo", "so"])
                    a = Aanvraag(swv=self.swv, leerling=ll, school=school, soort="tlv", status="afgesloten",
                                 nummer=tw_regels.aanvraag_nummer(code, ingediend.year,
                                                                  self.volgnummer(f"A{ingediend.year}")),
                                 tlv_soort=gevraagd, categorie=categorie, ingediend_op=ingediend,
                                 besloten_op=besloten, afgesloten_op=besloten,
                                 vraag="Demo (antenne): geaggregeerde gegevens van dit samenwerkingsverband.")
                    a.aangemaakt = timezone.make_aware(dt.datetime.combine(ingediend, dt.time(9)))
                    aanvragen.append(a)
                    einde = dt.date(regels.schooljaar_van(besloten) + 2, 7, 31)
                    besluiten.append(Besluit(aanvraag=a, uitkomst="toegekend" if soort else "afgewezen",
                                             motivering="Demo (antenne).", datum=besloten, tlv_soort=soort,
                                             categorie=categorie, begindatum=besloten if soort else None,
                                             einddatum=einde if soort else None))
                    if soort:
                        tlvs.append(Tlv(swv=self.swv, leerling=ll, aanvraag=a, soort=soort, categorie=categorie,
                                        nummer=tw_regels.tlv_nummer(code, besloten.year,
                                                                    self.volgnummer(f"T{besloten.year}")),
                                        begindatum=besloten, einddatum=einde, afgegeven_op=besloten,
                                        aanvragende_school=school))
            # Aanmeldingen decided in the year: on time, after an extension, or late.
            for _ in range(self.aantal(AANMELDINGEN_PER_DUIZEND * self.duizend * deel)):
                besloten = self.dag(van, tot)
                verlengd = self.rng.random() < 0.2
                if self.rng.random() < self.zp_laat:
                    dagen = self.rng.randint(75, 100) if verlengd else self.rng.randint(45, 65)
                else:
                    dagen = self.rng.randint(40, 68) if verlengd else self.rng.randint(15, 41)
                ontvangen = besloten - dt.timedelta(days=dagen)
                school = self.rng.choice(self.scholen)
                ll = self.leerling(school, besloten)
                uitkomst = self.rng.random()
                status = Status.TOEGELATEN if uitkomst < 0.8 else Status.ELDERS_GEPLAATST
                aanmeldingen.append(Aanmelding(
                    swv=self.swv, leerling=ll, school=school, ontvangen_op=ontvangen, status=status,
                    verlengd_op=ontvangen + dt.timedelta(days=35) if verlengd else None,
                    verlenging_reden="Onderzoek naar de ondersteuning loopt nog." if verlengd else "",
                    besloten_op=besloten, met_extra_ondersteuning=status == Status.TOEGELATEN and uitkomst < 0.6,
                    andere_school=self.rng.choice(self.speciaal) if status == Status.ELDERS_GEPLAATST else None,
                    motivering="Demo (antenne).",
                    aangemaakt=timezone.make_aware(dt.datetime.combine(ontvangen, dt.time(10))),
                ))
            # OPP's whose 6-week term ends in the year: set on time, set late, or not (yet) set.
            for _ in range(self.aantal(OPP_PER_DUIZEND * self.duizend * deel)):
                uiterlijk = self.dag(van, tot)
                aanleiding = uiterlijk - dt.timedelta(weeks=6)
                school = self.rng.choice(self.scholen + self.speciaal)
                ll = self.leerling(school, aanleiding)
                opp = Opp(swv=self.swv, leerling=ll, school=school, aanleiding_datum=aanleiding,
                          aangemaakt=timezone.make_aware(dt.datetime.combine(aanleiding, dt.time(11))))
                opps.append(opp)
                r = self.rng.random()
                if r < self.opp_laat:
                    vastgesteld = uiterlijk + dt.timedelta(days=self.rng.randint(5, 40))
                elif r < self.opp_laat + 0.07:
                    vastgesteld = None
                else:
                    vastgesteld = uiterlijk - dt.timedelta(days=self.rng.randint(0, 20))
                if vastgesteld is not None and vastgesteld < self.vandaag:
                    versies.append(OppVersie(opp=opp, nummer=1, status=OppVersie.Status.VASTGESTELD,
                                             vastgesteld_op=vastgesteld, doelen="Demo (antenne)."))
        Leerling.objects.bulk_create(self.leerlingen, batch_size=500)
        Inschrijving.objects.bulk_create([Inschrijving(leerling=ll, school=s, begindatum=b)
                                          for ll, s, b in self.inschrijvingen], batch_size=500)
        for a in aanvragen:
            a.leerling_id = a.leerling.pk
        Aanvraag.objects.bulk_create(aanvragen, batch_size=500)
        for rij in (*besluiten, *tlvs):
            rij.aanvraag_id = rij.aanvraag.pk
            if hasattr(rij, "leerling"):
                rij.leerling_id = rij.leerling.pk
        Besluit.objects.bulk_create(besluiten, batch_size=500)
        Tlv.objects.bulk_create(tlvs, batch_size=500)
        for rij in (*aanmeldingen, *opps):
            rij.leerling_id = rij.leerling.pk
        Aanmelding.objects.bulk_create(aanmeldingen, batch_size=500)
        Opp.objects.bulk_create(opps, batch_size=500)
        for v in versies:
            v.opp_id = v.opp.pk
        OppVersie.objects.bulk_create(versies, batch_size=500)
        return len(tlvs)

    def thuiszitters(self) -> int:
        """Reports over the school years, with durations from a few weeks to over half a year; some still open."""
        from passend.thuiszitters.models import Categorie, Melding, Uitkomst

        self.leerlingen, self.inschrijvingen = [], []
        meldingen = []
        eerste = regels.schooljaar_grenzen(regels.schooljaar_van(self.vandaag) - SCHOOLJAREN + 1)[0]
        jaren = ((self.vandaag - eerste).days + 1) / 365
        for _ in range(self.aantal(THUISZITTERS_PER_DUIZEND * self.tz_factor * self.duizend * jaren)):
            start = self.dag(eerste, self.vandaag - dt.timedelta(days=10))
            r = self.rng.random()
            categorie = (Categorie.ABSOLUUT if r < 0.3 else Categorie.RELATIEF if r < 0.9
                         else Categorie.VRIJSTELLING_5A if r < 0.95 else Categorie.DREIGEND)
            duur = self.rng.choice([self.rng.randint(10, 27), self.rng.randint(30, 85), self.rng.randint(30, 85),
                                    self.rng.randint(95, 240), self.rng.randint(95, 240)])
            einde = start + dt.timedelta(days=duur)
            einde = einde if einde < self.vandaag else None
            school = self.rng.choice(self.scholen)
            ll = self.leerling(school, start - dt.timedelta(days=300), leeftijd=(6, 12))
            meldingen.append(Melding(
                swv=self.swv, leerling=ll, categorie=categorie, startdatum=start, duur_sinds=start,
                nummer=f"TZ-{self.swv.code}-{start.year}-{self.volgnummer(f'Z{start.year}'):04d}",
                redenen=self.rng.sample(["geen_aanbod", "wachtlijst", "schoolangst", "gedrag", "ass"], 2),
                partijen=["school", "swv", "leerplicht"], school=school if categorie != Categorie.ABSOLUUT else None,
                gemeente=school.gemeente, leeftijd_bij_start=ll.leeftijd(start), schoolsoort=school.soort,
                einddatum=einde, uitkomst=self.rng.choice([Uitkomst.TERUG_OP_SCHOOL, Uitkomst.TERUG_OP_SCHOOL,
                                                           Uitkomst.ANDER_ONDERWIJS, Uitkomst.ZORG]) if einde else "",
                gemeld_door_rol="school",
                aangemaakt=timezone.make_aware(dt.datetime.combine(start + dt.timedelta(days=3), dt.time(10))),
            ))
        Leerling.objects.bulk_create(self.leerlingen, batch_size=500)
        Inschrijving.objects.bulk_create([Inschrijving(leerling=ll, school=s, begindatum=b)
                                          for ll, s, b in self.inschrijvingen], batch_size=500)
        for m in meldingen:
            m.leerling_id = m.leerling.pk
        Melding.objects.bulk_create(meldingen, batch_size=500)
        return len(meldingen)


def _antenne() -> int:
    from passend.middelen.models import Middeleninstellingen
    from passend.thuiszitters.models import Melding

    vandaag = timezone.localdate()
    gebouwd = 0
    for profiel in ANTENNE_SWVS:
        swv = Samenwerkingsverband.objects.filter(code=profiel[0]).first()
        if swv is None or not School.objects.filter(regio_swv_po=swv, soort=Soort.BAO).exists():
            continue
        # Each SWV its own seed: the same records whichever others exist.
        bouwer = _Antenne(swv, random.Random(f"{SEED}:{swv.code}"), vandaag, profiel)
        with transaction.atomic():
            Antennedeelname.objects.get_or_create(swv=swv, defaults={"naam_tonen": profiel[1]})
            model, school, leerling, expertise = profiel[7]
            Middeleninstellingen.objects.get_or_create(swv=swv, defaults={
                "gekozen_model": model, "hybride_school_procent": school, "hybride_leerling_procent": leerling,
                "hybride_expertise_procent": expertise})
            n = 0
            if not Leerling.objects.filter(swv=swv).exists():
                n += bouwer.bouw()
            if not Melding.objects.filter(swv=swv).exists():
                n += bouwer.thuiszitters()
            if n:
                gebouwd += 1
                record("create", swv_id=swv.pk, object_type_label="steunpunt.antenne",
                       omschrijving=f"Demo: geaggregeerde gegevens voor de antenne geladen ({n} TLV's en meldingen)")
    return gebouwd


# ------------------------------------------------------------------------------------------------------------
# Entry point
# ------------------------------------------------------------------------------------------------------------

def bouw_steunpunt(swv, users: dict, password: str):
    """Build what is missing (see the module docstring). Returns the Steunpunt user as (DemoUser, User,
    Roltoekenning), like the other demo users."""
    rng = random.Random(SEED)
    with override_settings(EMAIL_BACKEND=GEEN_MAIL):
        with transaction.atomic():
            du, user, rol = steunpunt_gebruiker(password)
        with acting_as(actor_for(user, rol)), transaction.atomic():
            services.laad_kennis()  # normally done after migrate; here too for a database migrated before
            _kennis(rol)
            _agenda(rol, rng)
            _nieuwsbrief(rol)
        with transaction.atomic():
            _helpdesk(rol, users)
        with acting_as(actor_for(user, rol)):
            _antenne()
    return du, user, rol

