"""Writing and reading the audit trail. The only module that creates AuditEvent rows."""

import csv

from django.http import StreamingHttpResponse

from .context import current_actor
from .models import AuditEvent


def object_type(obj) -> str:
    return obj._meta.label_lower if hasattr(obj, "_meta") else str(type(obj).__name__).lower()


def record(actie: str, obj=None, *, velden=None, leerling_id=None, swv_id=None, omschrijving: str = "",
           object_type_label: str | None = None, object_id=None) -> AuditEvent:
    """Write one audit row for `actie` on `obj` by the current actor."""
    actor = current_actor()
    if obj is not None:
        if leerling_id is None and hasattr(obj, "audit_leerling_id"):
            leerling_id = obj.audit_leerling_id()
        if swv_id is None and hasattr(obj, "audit_swv_id"):
            swv_id = obj.audit_swv_id()
    if swv_id is None:
        swv_id = actor.rol_swv_id
    return AuditEvent.objects.create(
        user_id=actor.user_id,
        gebruikersnaam=actor.gebruikersnaam[:150],
        rol=actor.rol,
        swv_id=swv_id,
        actie=actie,
        object_type=object_type_label or (object_type(obj) if obj is not None else ""),
        object_id=str(object_id if object_id is not None else getattr(obj, "pk", "") or ""),
        leerling_id=leerling_id,
        velden=list(velden or []),
        ip=actor.ip,
        omschrijving=omschrijving[:200],
    )


def record_view(obj, omschrijving: str = "") -> AuditEvent:
    return record("view", obj, omschrijving=omschrijving)


class _Echo:
    def write(self, value):
        return value


CSV_COLUMNS = ["tijdstip", "gebruiker", "rol", "actie", "objecttype", "object_id", "leerling_id", "velden", "ip"]


def export_csv(events, filename: str) -> StreamingHttpResponse:
    """Stream audit rows as CSV (semicolon, as Dutch Excel expects)."""
    writer = csv.writer(_Echo(), delimiter=";")

    def rows():
        yield "\ufeff" + writer.writerow(CSV_COLUMNS)
        for e in events.iterator(chunk_size=2000):
            yield writer.writerow([
                e.tijdstip.isoformat(timespec="seconds"), e.gebruikersnaam, e.rol, e.get_actie_display(),
                e.object_type, e.object_id, e.leerling_id or "", " ".join(e.velden or []), e.ip or "",
            ])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
