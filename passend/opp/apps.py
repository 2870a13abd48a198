from django.apps import AppConfig


class Config(AppConfig):
    name = "passend.opp"
    label = "opp"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Ontwikkelingsperspectief (OPP)"

    def ready(self):
        from passend.register import retention

        from . import bewaren, panels, toegang  # noqa: F401  (panels and access rules register themselves)

        retention.haak(bewaren)
