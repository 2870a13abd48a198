from passend.core.navigation import menu_voor


def navigation(request):
    rol = getattr(request, "rol", None)
    return {
        "rol": rol,
        "rollen": getattr(request, "rollen", []),
        "menu": menu_voor(rol) if rol is not None else [],
    }
