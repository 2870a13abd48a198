from django.apps import AppConfig


class Config(AppConfig):
    name = "passend.vervoer"
    label = "vervoer"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Leerlingenvervoer"

    def ready(self):
        from passend.register import retention

        from . import bewaren, planning, toegang  # noqa: F401  (access rules and the planning job register themselves)

        retention.haak(bewaren)
