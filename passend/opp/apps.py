from django.apps import AppConfig


class Config(AppConfig):
    name = "passend.opp"
    label = "opp"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Ontwikkelingsperspectief (OPP)"

    def ready(self):
        from . import panels, toegang  # noqa: F401
