from django.apps import AppConfig


class Config(AppConfig):
    name = "passend.audit"
    label = "audit"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Audittrail"

    def ready(self):
        from . import signals  # noqa: F401
