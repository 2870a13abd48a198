from django.apps import AppConfig


class Config(AppConfig):
    name = "passend.zorgplicht"
    label = "zorgplicht"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Zorgplicht (aanmeldingen)"

    def ready(self):
        from . import panels, toegang  # noqa: F401
