"""Shared column helpers."""
from datetime import date, datetime, timezone

from sqlalchemy import JSON, DateTime, literal_column
from sqlalchemy.types import TypeDecorator


def constant(value: int | str):
    """A constant written into the SQL instead of bound, for statements built once: the plans
    PostgreSQL caches for prepared statements can then weigh how selective it is."""
    if isinstance(value, int):
        return literal_column(str(value))
    return literal_column("'" + value.replace("'", "''") + "'")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def today() -> date:
    return datetime.now(timezone.utc).date()


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC timestamps on both SQLite (naive storage) and PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


class StringList(TypeDecorator):
    """A short list of strings (matrices, languages, traits) kept as JSON."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return list(value or [])

    def process_result_value(self, value, dialect):
        return list(value or [])
