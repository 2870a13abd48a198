from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.start, name="start"),
    path("taken/", views.taken, name="taken"),
    path("taken/<int:pk>/", views.taak, name="taak"),
    path("taken/<int:pk>/voortgang/", views.taak_voortgang, name="taak_voortgang"),
    path("register-bijwerken/", views.register_bijwerken, name="register_bijwerken"),
]
