from django.apps import AppConfig


class Config(AppConfig):
    name = "passend.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"
