from django.urls import path

from . import views

app_name = "scholen"
urlpatterns = [
    path("", views.scholen, name="lijst"),
    path("export.xlsx", views.scholen_export, name="export"),
    path("<str:vestigingscode>/", views.school, name="detail"),
]
