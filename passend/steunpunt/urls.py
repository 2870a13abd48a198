"""The Steunpunt's pages under /steunpunt/. Each view module holds its own url list:
kennisbank (public), agenda (public), nieuwsbrief (public), helpdesk and antenne (with login)."""

from . import views_agenda, views_antenne, views_helpdesk, views_kennis, views_nieuwsbrief

app_name = "steunpunt"

urlpatterns = [
    *views_kennis.urlpatterns,
    *views_agenda.urlpatterns,
    *views_nieuwsbrief.urlpatterns,
    *views_helpdesk.urlpatterns,
    *views_antenne.urlpatterns,
]
