"""On PostgreSQL, the database itself refuses to change or delete audit rows.

The only update allowed is the one Django makes when a user is deleted (user_id set to NULL; the row keeps
the username). TRUNCATE (used by test-database flushes) is not affected. SQLite relies on the model guards.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION passend_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'Audit-regels kunnen niet worden verwijderd.';
    END IF;
    IF NEW.tijdstip IS DISTINCT FROM OLD.tijdstip OR NEW.gebruikersnaam IS DISTINCT FROM OLD.gebruikersnaam
       OR NEW.rol IS DISTINCT FROM OLD.rol OR NEW.swv_id IS DISTINCT FROM OLD.swv_id
       OR NEW.actie IS DISTINCT FROM OLD.actie OR NEW.object_type IS DISTINCT FROM OLD.object_type
       OR NEW.object_id IS DISTINCT FROM OLD.object_id OR NEW.leerling_id IS DISTINCT FROM OLD.leerling_id
       OR NEW.velden::text IS DISTINCT FROM OLD.velden::text OR NEW.ip IS DISTINCT FROM OLD.ip
       OR NEW.omschrijving IS DISTINCT FROM OLD.omschrijving
       OR (NEW.user_id IS NOT NULL AND NEW.user_id IS DISTINCT FROM OLD.user_id) THEN
        RAISE EXCEPTION 'Audit-regels kunnen niet worden gewijzigd.';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditevent_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION passend_audit_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS passend_audit_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
