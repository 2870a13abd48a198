"""Who may see and change the portal settings (rules for passend.core.access): everyone in the SWV reads them
(a school must know whether it can invite a pupil); the SWV-directeur and the beheerder change them."""

from passend.core import access
from passend.core.access import swv_instellingen_regels

from .models import Portaalinstellingen

access.registreer(Portaalinstellingen, *swv_instellingen_regels())
