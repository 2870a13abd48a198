from django.urls import path

from . import views, views_uitnodiging

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("inloggen/", views.InloggenView.as_view(), name="login"),
    path("uitloggen/", views.UitloggenView.as_view(), name="logout"),
    path("overal-uitloggen/", views.overal_uitloggen, name="overal_uitloggen"),
    path("rol-wisselen/", views.rol_wisselen, name="rol_wisselen"),
    path("tweestaps/", views.tweestaps, name="tweestaps"),
    path("api-token/nieuw/", views.api_token_nieuw, name="api_token_nieuw"),
    path("api-token/intrekken/", views.api_token_intrekken, name="api_token_intrekken"),
    path("beheer/", views.beheer, name="beheer"),
    path("beheer/nieuw/", views.gebruiker_nieuw, name="gebruiker_nieuw"),
    path("beheer/<int:pk>/", views.gebruiker, name="gebruiker"),
    path("beheer/<int:pk>/rollen/nieuw/", views.gebruiker_rol_nieuw, name="gebruiker_rol_nieuw"),
    path("beheer/<int:pk>/rollen/<int:rol_pk>/actief/", views.gebruiker_rol_actief, name="gebruiker_rol_actief"),
    path("beheer/<int:pk>/tweestaps-reset/", views.gebruiker_tweestaps_reset, name="gebruiker_tweestaps_reset"),
    path("beheer/<int:pk>/overal-uitloggen/", views.gebruiker_overal_uitloggen, name="gebruiker_overal_uitloggen"),
    *views_uitnodiging.urlpatterns,
]
