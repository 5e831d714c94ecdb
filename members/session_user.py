"""The logged-in user of a request, and their X account for the header, from the cache.

Django loads the user with a query on every request of a logged-in member, and the header's
member chip loads their X account with another: two of the four queries that made a logged-in
bare page 0.22 × an anonymous one (docs/performance.md). Here both come, pickled together, from
one cache read keyed by the user id.

What keeps this as safe as Django's own lookup:
- The session's auth hash is checked against the cached user exactly as `auth.get_user` checks
  it against the database row; anything else (no hash, a mismatch, a backend no longer
  configured, a fallback secret) goes to `auth.get_user` itself. A cached copy of another row
  with the same id (another test run on a shared Redis) fails the check, since its password hash
  has its own salt.
- Saving or deleting the user or their X account removes the entry (`forget`), so a password
  change, a deactivation or a new handle is seen on the next request. A plain local-memory cache
  (no Redis: the demo) is private to one process, which a removal in another process never
  reaches: there the short life of an entry is what bounds staleness.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.core.cache import cache
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

SECONDS = 10 * 60 if settings.CACHE_URL else 30


def _key(user_id) -> str:
    return f"members:session-user:{user_id}"


def forget(user_id) -> None:
    if user_id is not None:
        cache.delete(_key(user_id))


def get_user(request):
    session = request.session
    user_id = session.get(auth.SESSION_KEY)
    session_hash = session.get(auth.HASH_SESSION_KEY)
    backend_known = session.get(auth.BACKEND_SESSION_KEY) in settings.AUTHENTICATION_BACKENDS
    if user_id is None or not session_hash or not backend_known:
        return auth.get_user(request)
    user = cache.get(_key(user_id))
    if user is not None and constant_time_compare(session_hash, user.get_session_auth_hash()):
        return user
    user = auth.get_user(request)
    if user.is_authenticated:
        # Loaded now so that it is cached with the user (None, too, when there is none).
        getattr(user, "x_account", None)
        cache.set(_key(user.pk), user, SECONDS)
    return user


class CachedUserMiddleware(AuthenticationMiddleware):
    """Django's AuthenticationMiddleware with the user read through the cache."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _cached_user(request))


def _cached_user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = get_user(request)
    return request._cached_user


def on_user_saved(sender, instance, **kwargs) -> None:
    forget(instance.pk)


def on_account_saved(sender, instance, **kwargs) -> None:
    forget(instance.member_id)
