from django.apps import AppConfig


class Config(AppConfig):
    name = "passend.register"
    label = "register"
    default_auto_field = "django.db.models.BigAutoField"
