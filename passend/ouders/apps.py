from django.apps import AppConfig


class Config(AppConfig):
    name = "passend.ouders"
    label = "ouders"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Portaal voor ouders en leerlingen"

    def ready(self):
        from passend.register import retention

        from . import bewaren, panels, toegang  # noqa: F401  (access rules and start panels register themselves)

        retention.haak(bewaren)
