"""Settings of the portal for parents and pupils, per samenwerkingsverband."""

from django.db import models

from passend.audit.tracking import AuditedModel


class Portaalinstellingen(AuditedModel):
    """Whether pupils get an own account, and from which age. Issue 4 asks for accounts for pupils of 16 and
    older "where the SWV allows it"; no law sets the age, so both are settings (off by default)."""

    swv = models.OneToOneField("register.Samenwerkingsverband", on_delete=models.CASCADE,
                               related_name="portaalinstellingen")
    leerlingaccounts = models.BooleanField(
        "Leerlingen kunnen een eigen account krijgen", default=False,
        help_text="Een leerling ziet dan zelf zijn of haar aanmeldingen, OPP en aanvragen en kan zijn of haar mening "
                  "over het OPP geven (hoorrecht).")
    minimumleeftijd = models.PositiveSmallIntegerField(
        "Vanaf leeftijd", default=16, help_text="De leeftijd waarop een leerling een eigen account kan krijgen.")

    class Meta:
        verbose_name = verbose_name_plural = "instellingen portaal"

    def __str__(self):
        return f"Portaalinstellingen {self.swv_id}"

    def audit_swv_id(self):
        return self.swv_id

    @classmethod
    def voor(cls, swv) -> "Portaalinstellingen":
        swv_id = getattr(swv, "pk", swv)
        return cls.objects.filter(swv_id=swv_id).first() or cls(swv_id=swv_id)
