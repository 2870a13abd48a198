"""The audit trail: one append-only row per create, change, delete or view of pupil-related data.

A row names who (user and role), when, which object, which fields changed (names only, never values)
and from which address. Rows cannot be changed or deleted through the app: `save` refuses updates and
`delete` refuses always, also for querysets. On PostgreSQL a trigger refuses UPDATE and DELETE as well.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditError(Exception):
    pass


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditError("Audit-regels kunnen niet worden gewijzigd.")

    def delete(self):
        raise AuditError("Audit-regels kunnen niet worden verwijderd.")


class AuditEvent(models.Model):
    class Actie(models.TextChoices):
        AANGEMAAKT = "create", "aangemaakt"
        GEWIJZIGD = "update", "gewijzigd"
        VERWIJDERD = "delete", "verwijderd"
        BEKEKEN = "view", "bekeken"
        GEEXPORTEERD = "export", "geëxporteerd"
        GEWEIGERD = "denied", "toegang geweigerd"

    tijdstip = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    gebruikersnaam = models.CharField(max_length=150)
    rol = models.CharField(max_length=30, blank=True)
    swv = models.ForeignKey(
        "register.Samenwerkingsverband", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actie = models.CharField(max_length=10, choices=Actie.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40, blank=True)
    # Plain integer, no foreign key: the trail outlives the pupil record it speaks of.
    leerling_id = models.BigIntegerField(null=True, blank=True)
    velden = models.JSONField(default=list, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    omschrijving = models.CharField(max_length=200, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-tijdstip", "-id"]
        verbose_name = "auditregel"
        verbose_name_plural = "audittrail"
        indexes = [
            # leerling_id and swv both: every read is scoped to the tenant (access.visible), and with only
            # leerling_id SQLite chose the swv index and scanned the whole tenant's trail (see bench/).
            models.Index(fields=["leerling_id", "swv", "-tijdstip"]),
            models.Index(fields=["swv", "-tijdstip"]),
        ]

    def __str__(self):
        return f"{self.tijdstip:%d-%m-%Y %H:%M} {self.gebruikersnaam} {self.get_actie_display()} {self.object_type}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditError("Audit-regels kunnen niet worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditError("Audit-regels kunnen niet worden verwijderd.")

    @property
    def velden_tekst(self) -> str:
        return ", ".join(self.velden or [])
