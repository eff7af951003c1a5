"""How a request's database transaction ends.

A read that succeeded ends with COMMIT rather than the ROLLBACK the session would send when
it is removed: psycopg forgets every prepared statement on a rollback, and PostgreSQL would
then plan each query again on every request (milliseconds for a match). Writes commit in
their views; failures still roll back.
"""
from flask import request

from labnet.extensions import db

READS = {"GET", "HEAD", "OPTIONS"}


def init_app(app) -> None:
    @app.after_request
    def end_reads_with_commit(response):
        # only a request that used the database has a session to end
        if (request.method in READS and response.status_code < 400
                and db.session.registry.has() and db.session().in_transaction()):
            db.session.commit()
        return response
