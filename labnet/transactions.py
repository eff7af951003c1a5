"""One database transaction per request or command, ended in one place.

Services flush and never commit. When a request ends, its response decides: below 400 the
transaction commits, otherwise it rolls back, so a refused request changes nothing. A page
that refuses an action and still answers with a redirect (to show the refusal on the next
page) marks the transaction refused with `refuse()`. A CLI command commits once at its end
through `committed`.

A read that succeeded commits too, rather than leaving the ROLLBACK to the session's
removal: psycopg forgets every prepared statement on a rollback, and PostgreSQL would plan
each query again on every request (milliseconds for a match).
"""
from contextlib import contextmanager

from flask import g

from labnet.extensions import db


def refuse() -> None:
    """Roll back what this request flushed, and whatever it flushes later."""
    g.labnet_refused = True
    db.session.rollback()


def end(status_code: int) -> None:
    """End the request's transaction: commit below 400 unless refused, else roll back."""
    if not db.session.registry.has() or not db.session().in_transaction():
        return  # the request never used the database
    if status_code < 400 and not g.get("labnet_refused"):
        try:
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
    else:
        db.session.rollback()


@contextmanager
def committed():
    """A command's unit of work: commit once if the block ends normally, else roll back."""
    try:
        yield
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()


def init_app(app) -> None:
    @app.after_request
    def end_transaction(response):
        end(response.status_code)
        return response
