"""Invitations to the portal: the only writer of Uitnodiging rows and of the parent and pupil accounts they create.

A school user who can see one of the parent's children, or SWV staff of the tenant, invites a parent who has an
e-mail address and no account yet. That creates a user (no usable password yet) with the OUDER role in the
parent's samenwerkingsverband, links the parent record to it and e-mails a link with a random token. Only a
SHA-256 hash of the token is stored; the link works once and for 14 days. Inviting the same parent again (say
the link expired) sends a new link and invalidates the old ones. Accepting sets the password (Django's password
validators, messages in Dutch) and marks the invitation used.

The e-mail holds no pupil data: the parent reads everything after logging in. The audit trail records the
invitation and its acceptance, never the token.
"""

import datetime as dt
import hashlib
import logging
import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from passend.audit.context import Actor, acting_as, current_actor
from passend.audit.services import record
from passend.core.access import can

from .models import BETROKKENEN, SWV_STAF, Rol, Roltoekenning, Uitnodiging, User

log = logging.getLogger(__name__)

GELDIGHEID = dt.timedelta(days=14)
ONGELDIG = ("Deze link werkt niet (meer). Misschien is hij al gebruikt of is hij verlopen. "
            "Vraag de school of het samenwerkingsverband om een nieuwe uitnodiging.")


class OngeldigeUitnodiging(Exception):
    """The link is unknown, used or expired. The message says nothing about which (no detail leak)."""

    def __init__(self, message: str = ONGELDIG):
        super().__init__(message)
        self.message = message


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def heeft_account(ouder) -> bool:
    """The parent has a working login (a password was set, by accepting an invitation or otherwise)."""
    user = ouder.user if ouder.user_id else None
    return user is not None and user.has_usable_password()


def mag_uitnodigen(rol, ouder=None) -> bool:
    """May this role invite parents (and this parent, when given)? SWV staff of the parent's SWV and school users
    who can see one of the parent's children."""
    if rol is None or not rol.actief or rol.rol not in (*SWV_STAF, Rol.SCHOOL):
        return False
    if ouder is None:
        return True
    return ouder.swv_id == rol.swv_id and can(rol, "view", ouder)


def status(ouder) -> str:
    """For the pupil page: "account" (can log in), "uitgenodigd" (a link is out, not used yet), "geen_email", or
    "uit_te_nodigen"."""
    if heeft_account(ouder):
        return "account"
    if not (ouder.email or "").strip():
        return "geen_email"
    if ouder.user_id:
        return "uitgenodigd"
    return "uit_te_nodigen"


def _basis_url(basis_url: str | None) -> str:
    """Where the link points: the address the inviting user works on (the view passes it), else the setting
    PASSEND_BASIS_URL, else the local demo server."""
    return (basis_url or getattr(settings, "PASSEND_BASIS_URL", "") or "http://localhost:8000").rstrip("/")


def _unieke_gebruikersnaam(email: str) -> str:
    basis = email.strip().lower()[:140]
    naam, n = basis, 1
    while User.objects.filter(username__iexact=naam).exists():
        n += 1
        naam = f"{basis}-{n}"
    return naam


def _mail(email: str, link: str, verloopt: dt.datetime, swv_naam: str) -> None:
    tot = timezone.localtime(verloopt).strftime("%d-%m-%Y")
    tekst = (
        "Beste ouder of verzorger,\n\n"
        f"U bent uitgenodigd voor het ouderportaal van Passend ({swv_naam}).\n"
        "In het ouderportaal ziet u hoe het gaat met de aanmelding, de plannen en de aanvragen voor uw kind. "
        "U kunt er ook instemmen met het plan van school.\n\n"
        "Klik op deze link en kies een wachtwoord:\n"
        f"{link}\n\n"
        f"De link werkt één keer en is geldig tot en met {tot}. Daarna kunt u om een nieuwe link vragen bij de "
        "school of het samenwerkingsverband.\n\n"
        "Heeft u deze e-mail niet verwacht? Dan hoeft u niets te doen.\n"
        "Dit bericht bevat bewust geen gegevens over uw kind."
    )
    _verstuur("Uitnodiging voor het ouderportaal van Passend", tekst, email, "ouderportaal")


def _verstuur(onderwerp: str, tekst: str, email: str, wat: str) -> None:
    try:
        send_mail(onderwerp, tekst, None, [email], fail_silently=False)
    except Exception:  # the invitation is saved; a new one can be sent. Never log the link (it holds the token).
        log.exception("Uitnodiging %s kon niet worden verstuurd", wat)


class ZelfdeEmailAndereOuder(ValidationError):
    """The address belongs to the account of another parent of the same child (a shared family address)."""


ANDERE_OUDER = ("Dit e-mailadres hoort al bij het account van een andere ouder van dit kind. Elke ouder heeft een "
                "eigen account nodig, want elke ouder met gezag stemt zelf in met het plan. Vul voor deze ouder een "
                "eigen e-mailadres in.")


def _zelfde_persoon(a, b) -> bool:
    return ((a.voornaam or "").strip().lower(), (a.achternaam or "").strip().lower()) == \
        ((b.voornaam or "").strip().lower(), (b.achternaam or "").strip().lower())


def _bestaand_ouderaccount(ouder, email: str):
    """The parent account that already uses `email`, if any: an account linked to another parent record, or with
    a parent role. A second invitation to the same address links to it instead of making a second account, so
    one person with gezag over several children has one login that sees all their own children (in every SWV).

    Never a pupil's own account. When the account belongs to another parent of one of this parent's children
    (a shared family address) and the names differ, it is a different person: refused (ZelfdeEmailAndereOuder),
    because each parent with gezag consents on their own."""
    from django.db.models import Q

    from passend.register.models import Ouder, OuderKind

    kandidaten = (User.objects.filter(email__iexact=email)
                  .filter(Q(ouderrecords__isnull=False) | Q(rollen__rol=Rol.OUDER))
                  .exclude(leerlingdossier__isnull=False).distinct())
    # A working login first, then the oldest (earlier duplicates stay as they are).
    kandidaten = sorted(kandidaten, key=lambda u: (not u.has_usable_password(), u.pk))
    if not kandidaten:
        return None
    bestaand = kandidaten[0]
    kinderen = OuderKind.objects.filter(ouder=ouder).values("leerling_id")
    for ander in Ouder.objects.filter(user=bestaand, kindrelaties__leerling_id__in=kinderen).exclude(pk=ouder.pk):
        if not _zelfde_persoon(ander, ouder):
            raise ZelfdeEmailAndereOuder(ANDERE_OUDER)
    return bestaand


def _mail_gekoppeld(email: str, basis_url: str, swv_naam: str) -> None:
    tekst = (
        "Beste ouder of verzorger,\n\n"
        f"In het ouderportaal van Passend ({swv_naam}) staat nu nog een kind bij uw account.\n"
        "U hoeft geen nieuw account te maken. Log in zoals altijd, met uw eigen gebruikersnaam en wachtwoord:\n"
        f"{basis_url}{reverse('accounts:login')}\n\n"
        "Heeft u deze e-mail niet verwacht? Neem dan contact op met de school.\n"
        "Dit bericht bevat bewust geen gegevens over uw kind."
    )
    _verstuur("Nog een kind in uw ouderportaal van Passend", tekst, email, "ouderportaal (gekoppeld)")


@transaction.atomic
def ouder_uitnodigen(rol, ouder, *, basis_url: str | None = None) -> Uitnodiging | None:
    """Invite `ouder` to the parent portal (or send a new link when an earlier one was not used).

    When the e-mail address already belongs to a parent account (the same parent of another child, or the same
    parent entered twice), the record is linked to that account: no second account. If that account can log in
    already, the parent gets a short e-mail (no link to set a password) and None is returned; otherwise a new
    link for that same account is sent.

    The returned invitation carries the plain token as `.token` (in memory only, never stored) for the caller
    that needs the link itself, such as the demo."""
    from passend.register.models import Ouder

    if not mag_uitnodigen(rol):
        raise PermissionDenied("Alleen de school of het samenwerkingsverband kan ouders uitnodigen.")
    ouder = Ouder.objects.select_for_update().filter(pk=ouder.pk).first()
    if ouder is None or not mag_uitnodigen(rol, ouder):
        raise PermissionDenied("U kunt deze ouder niet uitnodigen.")
    email = (ouder.email or "").strip()
    if not email:
        raise ValidationError("Van deze ouder is geen e-mailadres bekend. Vul eerst een e-mailadres in.")
    if heeft_account(ouder):
        raise ValidationError("Deze ouder heeft al een account voor het ouderportaal.")

    user = ouder.user if ouder.user_id else None
    if user is None and (bestaand := _bestaand_ouderaccount(ouder, email)) is not None:
        # One person, one account: a parent of several children (or entered twice) keeps the account they have.
        ouder.user = bestaand
        ouder.save()  # recorded in the audit trail (AuditedModel)
        if not bestaand.is_active:
            raise ValidationError("Het account van deze ouder is geblokkeerd. Neem contact op met de beheerder.")
        if bestaand.has_usable_password():
            _rol_zeker(bestaand, Rol.OUDER, ouder.swv)
            swv_naam = str(ouder.swv)
            transaction.on_commit(lambda: _mail_gekoppeld(email, _basis_url(basis_url), swv_naam))
            return None
        user = bestaand
    if user is None:
        user = User(username=_unieke_gebruikersnaam(email), email=email, first_name=ouder.voornaam[:150],
                    last_name=ouder.achternaam[:150], is_active=True)
        user.set_unusable_password()
        user.save()
        record("create", user, velden=["username", "first_name", "last_name", "email"], swv_id=ouder.swv_id,
               omschrijving="Account voor het ouderportaal aangemaakt (uitnodiging)")
        ouder.user = user
        ouder.save()
    elif user.email != email:
        user.email = email
        user.save(update_fields=["email"])
        record("update", user, velden=["email"], swv_id=ouder.swv_id)
    if not user.is_active:
        raise ValidationError("Het account van deze ouder is geblokkeerd. Neem contact op met de beheerder.")
    return _uitnodiging_versturen(rol, user, email, Rol.OUDER, ouder.swv, basis_url, "ouderportaal", _mail)


def _rol_zeker(user, rolsoort, swv) -> None:
    """Make sure `user` has the active role `rolsoort` in `swv` (a parent with children in two SWV's has one
    account with a role in each)."""
    rollen = Roltoekenning.objects.filter(user=user, rol=rolsoort, swv_id=swv.pk)
    if not rollen.filter(actief=True).exists():
        toekenning = rollen.first()
        if toekenning is None:
            toekenning = Roltoekenning.objects.create(user=user, rol=rolsoort, swv_id=swv.pk)
            record("create", toekenning, velden=["user", "rol", "swv"], swv_id=swv.pk)
        else:
            toekenning.actief = True
            toekenning.save(update_fields=["actief"])
            record("update", toekenning, velden=["actief"], swv_id=swv.pk)


def _uitnodiging_versturen(rol, user, email, rolsoort, swv, basis_url, portaal, mail) -> Uitnodiging:
    """The shared second half of an invitation: make sure `user` has the active role `rolsoort` in `swv`,
    invalidate earlier unused links, store a new token hash and e-mail the link after the commit."""
    nu = timezone.now()
    _rol_zeker(user, rolsoort, swv)

    # A new link replaces every unused earlier one.
    oud = list(Uitnodiging.objects.select_for_update().filter(user=user, gebruikt_op__isnull=True, verloopt__gt=nu))
    for u in oud:
        u.verloopt = nu
        u.save(update_fields=["verloopt"])

    token = secrets.token_urlsafe(32)
    uitnodiging = Uitnodiging.objects.create(user=user, email=email, token_hash=token_hash(token), aangemaakt=nu,
                                             aangemaakt_door_id=rol.user_id, verloopt=nu + GELDIGHEID)
    record("create", uitnodiging, velden=["user", "email", "verloopt"], swv_id=swv.pk,
           omschrijving=(f"Nieuwe uitnodiging {portaal} verstuurd; eerdere link vervalt" if oud
                         else f"Uitnodiging {portaal} verstuurd"))
    link = _basis_url(basis_url) + reverse("accounts:uitnodiging", args=[token])
    swv_naam = str(swv)
    verloopt = uitnodiging.verloopt
    transaction.on_commit(lambda: mail(email, link, verloopt, swv_naam))
    uitnodiging.token = token
    return uitnodiging


# ------------------------------------------------------------------------------------------------------------
# Pupils (16+, where the SWV allows it)
# ------------------------------------------------------------------------------------------------------------

def leerling_account_toegestaan(leerling, op=None) -> bool:
    """The SWV allows own accounts and this pupil is old enough (ouders.regels.mag_eigen_account)."""
    from passend.ouders import regels
    from passend.ouders.models import Portaalinstellingen

    inst = Portaalinstellingen.voor(leerling.swv_id)
    return regels.mag_eigen_account(leerling.geboortedatum, op or timezone.localdate(),
                                    toegestaan=inst.leerlingaccounts, minimumleeftijd=inst.minimumleeftijd)


def mag_leerling_uitnodigen(rol, leerling) -> bool:
    """SWV staff of the pupil's SWV and school users who can see the pupil may invite them, when allowed."""
    if rol is None or not rol.actief or rol.rol not in (*SWV_STAF, Rol.SCHOOL):
        return False
    return leerling.swv_id == rol.swv_id and can(rol, "view", leerling) and leerling_account_toegestaan(leerling)


def leerling_status(leerling) -> str:
    """For the pupil page: "account", "uitgenodigd", "uit_te_nodigen" or "niet_toegestaan"."""
    user = leerling.user if leerling.user_id else None
    if user is not None and user.has_usable_password():
        return "account"
    if not leerling_account_toegestaan(leerling):
        return "niet_toegestaan"
    return "uitgenodigd" if user is not None else "uit_te_nodigen"


def _mail_leerling(email: str, link: str, verloopt: dt.datetime, swv_naam: str) -> None:
    tot = timezone.localtime(verloopt).strftime("%d-%m-%Y")
    tekst = (
        "Hoi,\n\n"
        f"Je school heeft een eigen account voor je aangemaakt in Passend ({swv_naam}).\n"
        "Daarin zie je je plan van school (OPP), je aanmeldingen en de aanvragen voor extra hulp. "
        "Je kunt er ook zelf je mening over je plan geven.\n\n"
        "Klik op deze link en kies een wachtwoord:\n"
        f"{link}\n\n"
        f"De link werkt één keer en is geldig tot en met {tot}. Daarna kun je je school om een nieuwe link vragen.\n\n"
        "Had je deze e-mail niet verwacht? Dan hoef je niets te doen.\n"
        "Dit bericht bevat bewust geen gegevens over jou."
    )
    _verstuur("Je eigen account in Passend", tekst, email, "leerlingaccount")


@transaction.atomic
def leerling_uitnodigen(rol, leerling, email: str, *, basis_url: str | None = None) -> Uitnodiging:
    """Invite a pupil to an own account (or send a new link). The e-mail address is kept on the account only,
    not on the pupil record: it is needed to log in and for nothing else."""
    from django.core.validators import validate_email

    from passend.register.models import Leerling

    leerling = Leerling.objects.select_for_update(of=("self",)).select_related("swv", "user").filter(pk=leerling.pk).first()
    if leerling is None or rol is None or rol.rol not in (*SWV_STAF, Rol.SCHOOL) or not can(rol, "view", leerling):
        raise PermissionDenied("U kunt deze leerling niet uitnodigen.")
    if not leerling_account_toegestaan(leerling):
        raise ValidationError("Een eigen account kan alleen als het samenwerkingsverband dat toestaat en de leerling "
                              "oud genoeg is (zie de instellingen van het portaal).")
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": "Vul een geldig e-mailadres van de leerling in."}) from None
    user = leerling.user if leerling.user_id else None
    if user is not None and user.has_usable_password():
        raise ValidationError("Deze leerling heeft al een eigen account.")
    if user is None:
        user = User(username=_unieke_gebruikersnaam(email), email=email, first_name=leerling.voornaam[:150],
                    last_name=" ".join(filter(None, [leerling.tussenvoegsel, leerling.achternaam]))[:150],
                    is_active=True)
        user.set_unusable_password()
        user.save()
        record("create", user, velden=["username", "first_name", "last_name", "email"], swv_id=leerling.swv_id,
               leerling_id=leerling.pk, omschrijving="Eigen account voor de leerling aangemaakt (uitnodiging)")
        leerling.user = user
        leerling.save()
    elif user.email != email:
        user.email = email
        user.save(update_fields=["email"])
        record("update", user, velden=["email"], swv_id=leerling.swv_id, leerling_id=leerling.pk)
    if not user.is_active:
        raise ValidationError("Het account van deze leerling is geblokkeerd. Neem contact op met de beheerder.")
    return _uitnodiging_versturen(rol, user, email, Rol.LEERLING, leerling.swv, basis_url, "leerlingaccount",
                                  _mail_leerling)


def geldige_uitnodiging(token: str) -> Uitnodiging | None:
    """The invitation for this token if it can still be used, else None."""
    if not token or len(token) > 200:
        return None
    u = Uitnodiging.objects.select_related("user").filter(token_hash=token_hash(token)).first()
    if u is None or not u.is_geldig or not u.user.is_active:
        return None
    return u


@transaction.atomic
def uitnodiging_accepteren(token: str, wachtwoord: str) -> User:
    """Set the password of the invited parent with a valid link, once. Raises OngeldigeUitnodiging for an
    unknown, used or expired link and ValidationError({"wachtwoord": [...]}) for a weak password; then nothing
    changes."""
    from .forms import wachtwoord_fouten

    if not token or len(token) > 200:
        raise OngeldigeUitnodiging()
    u = Uitnodiging.objects.select_for_update().filter(token_hash=token_hash(token)).first()
    if u is None or not u.is_geldig:
        raise OngeldigeUitnodiging()
    user = User.objects.select_for_update().get(pk=u.user_id)
    if not user.is_active:
        raise OngeldigeUitnodiging()
    try:
        validate_password(wachtwoord, user)
    except ValidationError as e:
        raise ValidationError({"wachtwoord": wachtwoord_fouten(e)}) from None
    rol = user.rollen.filter(rol__in=BETROKKENEN, actief=True).first()
    swv_id = rol.swv_id if rol else None
    vorige = current_actor()
    with acting_as(Actor(user_id=user.pk, gebruikersnaam=user.get_username(), rol=rol.rol if rol else Rol.OUDER,
                         rol_swv_id=swv_id,
                         ip=vorige.ip)):
        user.set_password(wachtwoord)
        user.save(update_fields=["password"])
        u.gebruikt_op = timezone.now()
        u.save(update_fields=["gebruikt_op"])
        record("update", u, velden=["gebruikt_op"], swv_id=swv_id,
               omschrijving=("Uitnodiging leerlingaccount geaccepteerd; wachtwoord ingesteld"
                             if rol is not None and rol.rol == Rol.LEERLING
                             else "Uitnodiging ouderportaal geaccepteerd; wachtwoord ingesteld"))
    return user
