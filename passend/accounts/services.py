"""Every change to accounts state goes through here: users, role assignments, two-factor devices, API tokens
and "overal uitloggen". Each function runs in one transaction and writes one audit row (field names only,
never a password, a secret or a token key).

Functions that act for a beheerder take `door` (the beheerder's active Roltoekenning) and check it with the
access layer again, so a crafted request that got past a form still cannot reach another samenwerkingsverband.
"""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from passend.audit.services import record
from passend.core.access import can, visible
from passend.register.models import Gemeente, School, Schoolbestuur

from .models import LANDELIJKE_ROLLEN, Rol, Roltoekenning, User

TOTP_NAAM = "Authenticator-app"
GEBRUIKER_VELDEN = ("first_name", "last_name", "email", "is_active")


def _require_beheerder(door) -> None:
    if door is None or not door.actief or door.rol != Rol.BEHEERDER:
        raise PermissionDenied("Alleen een beheerder kan gebruikers beheren.")


def _check_binding(door, rol: str, scholen, bestuur, gemeente):
    """Validate what a new role is bound to, within the beheerder's own SWV. Returns cleaned values."""
    if rol not in Rol.values:
        raise ValidationError({"rol": "Kies een bestaande rol."})
    scholen = list(scholen or [])
    if rol == Rol.SCHOOL:
        if not scholen:
            raise ValidationError({"scholen": "Kies ten minste één school."})
        allowed = set(visible(door, School, "change").filter(pk__in=[s.pk for s in scholen]).values_list("pk", flat=True))
        if any(s.pk not in allowed for s in scholen):
            raise PermissionDenied("Deze school hoort niet bij uw samenwerkingsverband.")
    else:
        scholen = []
    if rol == Rol.SCHOOLBESTUUR:
        if bestuur is None:
            raise ValidationError({"bestuur": "Kies een schoolbestuur."})
        if not visible(door, Schoolbestuur, "change").filter(pk=bestuur.pk).exists():
            raise PermissionDenied("Dit schoolbestuur heeft geen scholen in uw samenwerkingsverband.")
    else:
        bestuur = None
    if rol in (Rol.LEERPLICHT, Rol.VERVOER):
        if gemeente is None:
            raise ValidationError({"gemeente": "Kies een gemeente."})
        if not door.swv.gemeenten.filter(pk=gemeente.pk).exists():
            raise PermissionDenied("Deze gemeente hoort niet bij uw samenwerkingsverband.")
    else:
        gemeente = None
    return scholen, bestuur, gemeente


def _create_rol(door, user, rol, functie, scholen, bestuur, gemeente) -> Roltoekenning:
    if rol in LANDELIJKE_ROLLEN:
        raise ValidationError({"rol": "Een landelijke rol (Steunpunt) wordt niet per samenwerkingsverband toegekend; "
                                      "de beheerder van het platform maakt die aan (passend maak_beheerder --steunpunt)."})
    scholen, bestuur, gemeente = _check_binding(door, rol, scholen, bestuur, gemeente)
    toekenning = Roltoekenning.objects.create(
        user=user, rol=rol, swv=door.swv, functie=functie or "", bestuur=bestuur, gemeente=gemeente
    )
    if scholen:
        toekenning.scholen.set(scholen)
    velden = ["user", "rol", "swv"]
    velden += [naam for naam, waarde in (("functie", functie), ("scholen", scholen), ("bestuur", bestuur),
                                         ("gemeente", gemeente)) if waarde]
    record("create", toekenning, velden=velden, swv_id=toekenning.swv_id)
    return toekenning


@transaction.atomic
def gebruiker_aanmaken(door, *, username: str, password: str, first_name: str = "", last_name: str = "",
                       email: str = "", rol: str, functie: str = "", scholen=None,
                       bestuur: Schoolbestuur | None = None, gemeente: Gemeente | None = None) -> User:
    """Create a user with a first role in the beheerder's own SWV."""
    _require_beheerder(door)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": "Deze gebruikersnaam is al in gebruik."})
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    record("create", user, velden=["username", "first_name", "last_name", "email"], swv_id=door.swv_id)
    _create_rol(door, user, rol, functie, scholen, bestuur, gemeente)
    return user


@transaction.atomic
def gebruiker_wijzigen(door, user: User, **waarden) -> list[str]:
    """Change name, e-mail and active flag of a user the beheerder manages. Returns the changed field names."""
    _require_beheerder(door)
    if not can(door, "change", user):
        raise PermissionDenied("Deze gebruiker valt buiten uw samenwerkingsverband.")
    unknown = set(waarden) - set(GEBRUIKER_VELDEN)
    if unknown:
        raise ValueError(f"Onbekende velden: {', '.join(sorted(unknown))}")
    if user.pk == door.user_id and waarden.get("is_active") is False:
        raise ValidationError({"is_active": "U kunt uw eigen account niet blokkeren."})
    changed = [naam for naam, waarde in waarden.items() if getattr(user, naam) != waarde]
    if not changed:
        return []
    for naam in changed:
        setattr(user, naam, waarden[naam])
    user.save(update_fields=changed)
    record("update", user, velden=changed, swv_id=door.swv_id)
    return changed


@transaction.atomic
def rol_toekennen(door, user: User, *, rol: str, functie: str = "", scholen=None,
                  bestuur: Schoolbestuur | None = None, gemeente: Gemeente | None = None) -> Roltoekenning:
    """Give `user` another role, always in the beheerder's own SWV."""
    _require_beheerder(door)
    if not can(door, "change", user):
        raise PermissionDenied("Deze gebruiker valt buiten uw samenwerkingsverband.")
    return _create_rol(door, user, rol, functie, scholen, bestuur, gemeente)


@transaction.atomic
def rol_actief_zetten(door, toekenning: Roltoekenning, actief: bool) -> bool:
    """Deactivate (or reactivate) a role assignment of the beheerder's own SWV. Returns whether it changed."""
    _require_beheerder(door)
    if not can(door, "change", toekenning):
        raise PermissionDenied("Deze rol valt buiten uw samenwerkingsverband.")
    if toekenning.pk == door.pk and not actief:
        raise ValidationError("U kunt de rol waarin u nu werkt niet intrekken.")
    if toekenning.actief == actief:
        return False
    toekenning.actief = actief
    toekenning.save(update_fields=["actief"])
    record("update", toekenning, velden=["actief"], swv_id=toekenning.swv_id)
    return True


@transaction.atomic
def tweestaps_resetten(door, user: User) -> int:
    """Remove a user's TOTP devices (lost phone): they set up two-factor again at the next login."""
    _require_beheerder(door)
    if not can(door, "change", user):
        raise PermissionDenied("Deze gebruiker valt buiten uw samenwerkingsverband.")
    count, _ = TOTPDevice.objects.filter(user=user).delete()
    record("update", user, velden=["tweestaps"], swv_id=door.swv_id, omschrijving="Tweestapsverificatie gereset")
    return count


@transaction.atomic
def overal_uitloggen(user: User, door=None) -> None:
    """End every session of `user` and revoke their API tokens. `door` is the beheerder doing it for someone
    else; without it the user does it themselves."""
    if door is not None and door.user_id != user.pk:
        _require_beheerder(door)
        if not can(door, "change", user):
            raise PermissionDenied("Deze gebruiker valt buiten uw samenwerkingsverband.")
    user.overal_uitloggen()
    record("update", user, velden=["sessie_sleutel", "api_token"], omschrijving="Overal uitgelogd")


# --- The user's own two-factor device and API token -----------------------------------------------------

@transaction.atomic
def tweestaps_apparaat(user: User) -> TOTPDevice:
    """The unconfirmed TOTP device to set up (created once, so the QR code stays the same on reload)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAAM, confirmed=False)
    return device


@transaction.atomic
def tweestaps_bevestigen(device: TOTPDevice) -> None:
    """Mark a TOTP device as confirmed (after the user entered a valid code) and drop other unconfirmed ones."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user_id=device.user_id, confirmed=False).delete()
    record("update", device.user, velden=["tweestaps"], omschrijving="Tweestapsverificatie ingesteld")


@transaction.atomic
def api_token_aanmaken(user: User) -> Token:
    """A new API token for the user (replaces an existing one). The caller shows the key once."""
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    record("update", user, velden=["api_token"], omschrijving="API-token aangemaakt")
    return token


@transaction.atomic
def api_token_intrekken(user: User) -> bool:
    count, _ = Token.objects.filter(user=user).delete()
    if count:
        record("update", user, velden=["api_token"], omschrijving="API-token ingetrokken")
    return bool(count)


def tweestaps_controleren(device: TOTPDevice, code: str) -> bool:
    """Check a code against a device, locking the row so throttling and replay protection hold."""
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        ok = locked.verify_token(code)
    if ok:
        device.refresh_from_db()
    return ok
