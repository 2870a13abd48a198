"""Background jobs with visible progress. The work itself runs on django-tasks (database backend);
a Job row is what users see: status, progress, messages and the result summary.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Job(models.Model):
    class Status(models.TextChoices):
        WACHT = "wacht", "In de wachtrij"
        BEZIG = "bezig", "Bezig"
        KLAAR = "klaar", "Klaar"
        MISLUKT = "mislukt", "Mislukt"

    soort = models.CharField(max_length=50)
    titel = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WACHT)
    voortgang = models.PositiveSmallIntegerField(default=0, help_text="Procent gereed.")
    bericht = models.CharField(max_length=500, blank=True)
    parameters = models.JSONField(default=dict, blank=True)
    resultaat = models.JSONField(default=dict, blank=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    swv = models.ForeignKey("register.Samenwerkingsverband", null=True, blank=True, on_delete=models.SET_NULL)
    aangemaakt = models.DateTimeField(default=timezone.now)
    gestart = models.DateTimeField(null=True, blank=True)
    klaar = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-aangemaakt"]
        verbose_name = "taak"
        verbose_name_plural = "taken"

    def __str__(self):
        return self.titel

    @property
    def is_afgerond(self) -> bool:
        return self.status in (self.Status.KLAAR, self.Status.MISLUKT)
