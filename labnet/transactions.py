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
        session = db.session()
        if request.method in READS and response.status_code < 400 and session.in_transaction():
            session.commit()
        return response
