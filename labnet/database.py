"""Database helpers every domain shares: column types, CHECK constraints, clocks, and
fetching a record by id or answering 404."""
import os
import unicodedata
from datetime import UTC, date, datetime
from pathlib import Path

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, DateTime, func, literal_column
from sqlalchemy.engine import make_url
from sqlalchemy.types import TypeDecorator

from labnet.errors import NotFound, PreconditionFailed
from labnet.extensions import db


def protect_sqlite_file(uri: str) -> None:
    """Create a SQLite database file readable and writable by its owner only, before SQLite
    would create it with the process's umask (it holds password hashes and every record);
    tighten an existing one. SQLite gives its journal files the same permissions."""
    url = make_url(uri)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:" \
            or url.database.startswith("file:"):
        return
    path = Path(url.database)
    if not path.parent.is_dir():
        return  # nothing to protect: the database cannot open, and says so (503)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    path.chmod(0o600)


def version_column():
    """The version of an editable record, incremented by every UPDATE (SQLAlchemy checks it
    in the UPDATE's WHERE): the API sends it as the ETag, edit forms send it back, and a
    change made from a stale version is refused. Each model also says
    `__mapper_args__ = {"version_id_col": version}`."""
    return db.Column(db.Integer, nullable=False, default=1, server_default="1")


# the names of records that get_or_404 and check_version are given, marked for translation
RECORD_NAMES = (_l("accreditation"), _l("capability"), _l("enrolment"), _l("holding"), _l("lab"),
                _l("material request"), _l("method"), _l("network"), _l("testing request"),
                _l("training offer"), _l("user"), _l("event"), _l("reference material"),
                _l("entry"), _l("source"))


def check_version(record, expected: int | None, what: str) -> None:
    """Refuse a change made from a version of the record that is no longer current
    (`expected` None: the client did not say which version it read)."""
    if expected is not None and record.version != expected:
        raise PreconditionFailed(_(
            "This record (%(what)s) was changed by someone else since you read it (it is now at "
            "version %(current)s, you read version %(read)s), so nothing was saved. Read it again "
            "(reload the page), then make your change.", what=_(what), current=record.version,
            read=expected))


def get_or_404(model, record_id, what: str):
    """The record with this id, or NotFound naming what was asked for."""
    record = db.session.get(model, record_id) if isinstance(record_id, int) else None
    if record is None:
        raise NotFound(_("No %(what)s with id %(id)s.", what=_(what), id=record_id))
    return record


def contains(column, text: str):
    """Case-insensitive "column contains text", with LIKE's wildcards in the text taken
    literally."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return func.lower(column).like(f"%{escaped}%", escape="\\")


# letters NFKD does not split into a base letter and an accent
_UNSPLIT = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe",
                          "þ": "th", "ð": "d"})


def fold(text: str | None) -> str:
    """Text as searches compare it: case and accents don't count ("Bogotá" and "bogota",
    "Brasília" and "BRASILIA" fold alike)."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_UNSPLIT)


def contains_folded(key_column, text: str):
    """A column of folded keys contains the text, accents, case and LIKE's wildcards in the
    text not counting: a plain LIKE on stored keys, the same on SQLite and PostgreSQL."""
    escaped = fold(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return key_column.like(f"%{escaped}%", escape="\\")


def one_of(column: str, values: tuple) -> str:
    """The SQL of a CHECK constraint keeping `column` to one of `values`."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def constant(value: int | str):
    """A constant written into the SQL instead of bound, for statements built once: the plans
    PostgreSQL caches for prepared statements can then weigh how selective it is."""
    if isinstance(value, int):
        return literal_column(str(value))
    return literal_column("'" + value.replace("'", "''") + "'")


def utcnow() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return datetime.now(UTC).date()


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC timestamps on both SQLite (naive storage) and PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class StringList(TypeDecorator):
    """A short list of strings (matrices, languages, traits) kept as JSON."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return list(value or [])

    def process_result_value(self, value, dialect):
        return list(value or [])
