from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .services import record
from .tracking import AuditedModel


@receiver(pre_save)
def _remember_changes(sender, instance, raw=False, **kwargs):
    if raw or not isinstance(instance, AuditedModel):
        return
    instance._audit_pending = instance.audit_changed_fields()


@receiver(post_save)
def _audit_save(sender, instance, created, raw=False, **kwargs):
    if raw or not isinstance(instance, AuditedModel):
        return
    velden = getattr(instance, "_audit_pending", [])
    if not created and not velden:
        instance.audit_snapshot_refresh()
        return
    record(
        "create" if created else "update",
        instance,
        velden=velden,
    )
    instance.audit_snapshot_refresh()


@receiver(post_delete)
def _audit_delete(sender, instance, **kwargs):
    if not isinstance(instance, AuditedModel):
        return
    record("delete", instance)
