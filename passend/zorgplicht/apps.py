from django.apps import AppConfig


class Config(AppConfig):
    name = "passend.zorgplicht"
    label = "zorgplicht"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Zorgplicht (aanmeldingen)"

    def ready(self):
        from passend.register import retention

        from . import bewaren, panels, toegang  # noqa: F401  (panels and access rules register themselves)

        retention.haak(bewaren)
