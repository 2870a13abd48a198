"""The pages of the thuiszitters register under /thuiszitters/: the worklist and its export, a new case, the
signals of possible thuiszitters, and one case with its steps."""

from . import detail, lijst, nieuw, signalen

urlpatterns = [
    *lijst.urlpatterns,
    *nieuw.urlpatterns,
    *signalen.urlpatterns,
    *detail.urlpatterns,
]
