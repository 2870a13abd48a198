from django.apps import AppConfig


class Config(AppConfig):
    name = "passend.toewijzing"
    label = "toewijzing"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Toewijzing (aanvragen, arrangementen, TLV's)"

    def ready(self):
        from passend.register import retention

        from . import bewaren, panels, toegang  # noqa: F401  (start panels and access rules register themselves)

        retention.haak(bewaren)
