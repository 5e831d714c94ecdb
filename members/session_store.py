"""Django's session engine, with the session row read by one plain SQL statement.

Every request of a logged-in member reads their session first. Django reads it with
`Session.objects.get(...)`, and building and compiling that queryset cost about three times the
query itself: the largest part of what a logged-in bare page paid over an anonymous one
(docs/performance.md, "Logged-in pages"). Here the same row is read by the same SELECT written
out once; everything else (writing, expiry, cycling keys, the cache of `cached_db`) is Django's.

The engine is Django's `cached_db` when the project has a shared cache (`CACHE_URL`, Redis) and
its `db` engine otherwise: a local-memory cache is private to one process, and a session cached
there would outlive a logout made in another one.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.sessions.backends import cached_db, db
from django.core.exceptions import SuspiciousOperation
from django.db import connections, router
from django.utils import timezone
from django.utils.dateparse import parse_datetime

Base = cached_db.SessionStore if settings.CACHE_URL else db.SessionStore


class SessionStore(Base):
    def _get_session_from_db(self):
        """The live session row (as Django's own lookup returns it), or None."""
        model = self.model
        database = connections[router.db_for_read(model)]
        table = database.ops.quote_name(model._meta.db_table)
        try:
            key = self.session_key
            with database.cursor() as cursor:
                cursor.execute(
                    f"SELECT session_data, expire_date FROM {table} WHERE session_key = %s AND expire_date > %s",
                    # As the ORM would bind it (SQLite compares text: naive UTC, as stored).
                    [key, database.ops.adapt_datetimefield_value(timezone.now())],
                )
                row = cursor.fetchone()
        except SuspiciousOperation as error:
            logging.getLogger(f"django.security.{error.__class__.__name__}").warning(str(error))
            row = None
        if row is None:
            self._session_key = None
            return None
        return model(session_key=key, session_data=row[0], expire_date=_aware(row[1]))


def _aware(value) -> datetime:
    """The expiry as an aware datetime: SQLite gives back text in UTC, PostgreSQL a datetime."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if settings.USE_TZ and timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return value
