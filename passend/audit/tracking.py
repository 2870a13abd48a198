"""AuditedModel: models whose every create, change and delete lands in the audit trail.

The model remembers its field values as loaded; on save the names of changed fields are written (never
the values). Subclasses tell which pupil and tenant an object belongs to with `audit_leerling_id()` and
`audit_swv_id()`. Bulk operations (bulk_create, queryset.update) bypass this: only the demo and bench
loaders use them, and they write one summary row themselves.
"""

from django.db import models

AUDIT_SKIP_FIELDS = {"zoeknaam", "bsn_hash"}


class AuditedModel(models.Model):
    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._audit_snapshot = dict(zip(field_names, values, strict=False))
        return instance

    def audit_fields(self) -> list[str]:
        return [f.attname for f in self._meta.concrete_fields if not f.primary_key and f.name not in AUDIT_SKIP_FIELDS]

    def audit_changed_fields(self) -> list[str]:
        snapshot = getattr(self, "_audit_snapshot", None)
        names = self.audit_fields()
        if snapshot is None:
            return [n for n in names if getattr(self, n) not in (None, "")]
        return [n for n in names if n in snapshot and snapshot[n] != getattr(self, n)]

    def audit_leerling_id(self):
        return None

    def audit_swv_id(self):
        return None

    def audit_snapshot_refresh(self):
        self._audit_snapshot = {f.attname: getattr(self, f.attname) for f in self._meta.concrete_fields}
