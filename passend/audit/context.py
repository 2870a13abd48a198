"""Who is acting right now: set per request by the middleware, per command by `acting_as`.

The audit trail reads it, so every write through any path (page, API, import, shell) names its actor.
"""

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    user_id: int | None = None
    gebruikersnaam: str = "systeem"
    rol: str = ""
    rol_swv_id: int | None = None
    ip: str | None = None


SYSTEM = Actor()
_current: contextvars.ContextVar[Actor] = contextvars.ContextVar("passend_actor", default=SYSTEM)


def current_actor() -> Actor:
    return _current.get()


def set_actor(actor: Actor):
    return _current.set(actor)


def reset_actor(token) -> None:
    _current.reset(token)


@contextmanager
def acting_as(actor: Actor):
    token = set_actor(actor)
    try:
        yield actor
    finally:
        reset_actor(token)


def actor_for(user, rol=None, ip: str | None = None) -> Actor:
    if user is None or not getattr(user, "is_authenticated", False):
        return Actor(gebruikersnaam="anoniem", ip=ip)
    return Actor(
        user_id=user.pk,
        gebruikersnaam=user.get_username(),
        rol=getattr(rol, "rol", "") or "",
        rol_swv_id=getattr(rol, "swv_id", None),
        ip=ip,
    )
