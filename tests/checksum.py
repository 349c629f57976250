"""A fingerprint of everything a request could change: every row of every table (sessions
aside), the files under MEDIA_ROOT and the mails sent. Equal before and after a refused POST
means the POST changed nothing."""

import hashlib

from django.core import mail
from django.db import connection

from tests.media import stored_files

# Logging in writes a session; that is the test client's doing, not the request's.
SKIP_TABLES = {"django_session", "django_migrations"}


def _tables():
    return sorted(set(connection.introspection.table_names()) - SKIP_TABLES)


def database_checksum():
    digest = hashlib.sha256()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 (table names from introspection)
            rows = sorted(repr(row) for row in cursor.fetchall())
            digest.update(table.encode())
            for row in rows:
                digest.update(row.encode())
    return digest.hexdigest()


def media_files():
    return stored_files()


def world_checksum():
    """Database, media files and sent mail together."""
    return database_checksum(), tuple(media_files()), len(getattr(mail, "outbox", []))
