"""People and their roles. A user acts in one role at a time (a Roltoekenning), always within one
samenwerkingsverband (the tenant): nothing crosses from one SWV to another. The one exception is the national
Steunpunt role (LANDELIJKE_ROLLEN), which belongs to no SWV and sees no pupil data.
"""

import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone


class Rol(models.TextChoices):
    SWV_MEDEWERKER = "swv_medewerker", "SWV-medewerker (consulent, orthopedagoog)"
    SWV_DIRECTEUR = "swv_directeur", "SWV-directeur / commissie van toelaatbaarheid"
    DESKUNDIGE = "deskundige", "Deskundige"
    SCHOOL = "school", "School (IB'er, zorgcoördinator)"
    SCHOOLBESTUUR = "schoolbestuur", "Schoolbestuur"
    OUDER = "ouder", "Ouder/verzorger"
    LEERLING = "leerling", "Leerling (eigen account)"
    LEERPLICHT = "leerplicht", "Gemeente: leerplicht"
    VERVOER = "vervoer", "Gemeente: leerlingenvervoer"
    STEUNPUNT = "steunpunt", "Steunpunt Passend Onderwijs (redacteur, adviseur)"
    BEHEERDER = "beheerder", "Beheerder"


SWV_STAF = {Rol.SWV_MEDEWERKER, Rol.SWV_DIRECTEUR}
# The people the file is about: a parent sees their own children, a pupil with an own account (16+, where the
# SWV allows it) sees their own file. Both read through the portal, never the staff pages' internal notes.
BETROKKENEN = {Rol.OUDER, Rol.LEERLING}
# Roles that handle pupil files or users: two-factor authentication is required for them.
TWEESTAPS_ROLLEN = {Rol.SWV_MEDEWERKER, Rol.SWV_DIRECTEUR, Rol.DESKUNDIGE, Rol.SCHOOL, Rol.BEHEERDER, Rol.STEUNPUNT}
# National roles, above the SWV tenants: their Roltoekenning has no swv. The Steunpunt sees no pupil data, only
# its own content, the helpdesk and aggregates (the antenna).
LANDELIJKE_ROLLEN = {Rol.STEUNPUNT}


def nieuwe_sessie_sleutel() -> str:
    """32 hex characters (secrets.token_hex() alone gives 64, too long for the column on PostgreSQL)."""
    return secrets.token_hex(16)


class User(AbstractUser):
    """A person who logs in. `sessie_sleutel` is part of the session hash: changing it logs out everywhere."""

    sessie_sleutel = models.CharField(max_length=32, default=nieuwe_sessie_sleutel, editable=False)

    class Meta:
        ordering = ["username"]
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"

    def __str__(self):
        return self.get_full_name() or self.username

    def get_session_auth_hash(self):
        from django.utils.crypto import salted_hmac

        return salted_hmac(
            "passend.accounts.User.get_session_auth_hash",
            f"{self.password}:{self.sessie_sleutel}",
            algorithm="sha256",
        ).hexdigest()

    def overal_uitloggen(self) -> None:
        """Log out of every session and revoke API tokens."""
        from rest_framework.authtoken.models import Token

        self.sessie_sleutel = nieuwe_sessie_sleutel()
        self.save(update_fields=["sessie_sleutel"])
        Token.objects.filter(user=self).delete()

    def actieve_rollen(self):
        return self.rollen.filter(actief=True).select_related("swv", "bestuur", "gemeente")


class Roltoekenning(models.Model):
    """One role of a user in one samenwerkingsverband, with what that role is bound to."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="rollen")
    rol = models.CharField(max_length=20, choices=Rol.choices)
    swv = models.ForeignKey(
        "register.Samenwerkingsverband", null=True, blank=True, on_delete=models.PROTECT, related_name="rollen",
        help_text="Leeg alleen voor een landelijke rol (Steunpunt).",
    )
    scholen = models.ManyToManyField("register.School", blank=True, related_name="rollen")
    bestuur = models.ForeignKey(
        "register.Schoolbestuur", null=True, blank=True, on_delete=models.PROTECT, related_name="rollen"
    )
    gemeente = models.ForeignKey(
        "register.Gemeente", null=True, blank=True, on_delete=models.PROTECT, related_name="rollen"
    )
    functie = models.CharField(max_length=100, blank=True, help_text="Bijv. consulent, orthopedagoog, IB'er.")
    actief = models.BooleanField(default=True)
    aangemaakt = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["user__username", "rol"]
        verbose_name = "roltoekenning"
        verbose_name_plural = "roltoekenningen"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(swv__isnull=False) | models.Q(rol__in=["steunpunt"]),
                name="roltoekenning_swv_behalve_landelijk",
            ),
        ]

    def __str__(self):
        return f"{self.get_rol_display()} — {self.swv.code_leesbaar if self.swv_id else 'landelijk'}"

    @property
    def label(self) -> str:
        extra = ""
        if self.rol == Rol.SCHOOLBESTUUR and self.bestuur_id:
            extra = f" ({self.bestuur})"
        elif self.rol in (Rol.LEERPLICHT, Rol.VERVOER) and self.gemeente_id:
            extra = f" ({self.gemeente})"
        return f"{self.get_rol_display()}{extra}"

    @property
    def vereist_tweestaps(self) -> bool:
        return self.rol in TWEESTAPS_ROLLEN


class Dossiertoegang(models.Model):
    """Access of an external expert (deskundige) to one pupil's file, for an assigned case.

    The toewijzing module creates these when it assigns a case; until then SWV staff grant them by hand.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="dossiertoegangen")
    leerling = models.ForeignKey("register.Leerling", on_delete=models.CASCADE, related_name="dossiertoegangen")
    reden = models.CharField(max_length=200)
    geldig_tot = models.DateField(null=True, blank=True)
    aangemaakt = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name_plural = "dossiertoegangen"
        constraints = [models.UniqueConstraint(fields=["user", "leerling"], name="dossiertoegang_uniek")]

    def __str__(self):
        return f"{self.user} → {self.leerling_id}"


class Uitnodiging(models.Model):
    """An invitation by e-mail to make an account (a parent for the parent portal). Only a hash of the token is
    stored; the link works once and until `verloopt`."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="uitnodigingen")
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    aangemaakt = models.DateTimeField(default=timezone.now)
    aangemaakt_door = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    verloopt = models.DateTimeField()
    gebruikt_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-aangemaakt"]
        verbose_name_plural = "uitnodigingen"

    def __str__(self):
        return f"Uitnodiging {self.email}"

    @property
    def is_geldig(self) -> bool:
        return self.gebruikt_op is None and self.verloopt > timezone.now()
