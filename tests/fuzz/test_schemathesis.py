"""Fuzzing the whole OpenAPI document in-process (WSGI): no 5xx, and every answer, errors
included, conforms to the document."""
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from labnet.extensions import db
from tests.helpers import bearer, make_event, make_holding, make_lab, make_material, make_user

EXAMPLES_PER_OPERATION = 15


def not_a_server_error(ctx, response, case):
    if response.status_code >= 500:
        raise AssertionError(f"{response.status_code} on {case.method} {case.formatted_path}")


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


def test_every_operation_as_admin_and_as_lab_manager(app, capsys):
    lab = make_lab(name="Fuzz lab")
    make_holding(lab, make_material([make_event(uid="MON-ØØ81Ø-6")]))
    identities = {"admin": bearer(make_user("admin")),
                  "lab_manager": bearer(make_user("lab_manager", labs=[lab]))}
    db.session.commit()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    calls, operations = 0, 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True,
                  suppress_health_check=list(HealthCheck), database=None)
        def fuzz(case):
            nonlocal calls
            for headers in identities.values():
                # the in-process transport does not decompress: ask for plain bodies
                case.call_and_validate(headers={**headers, "Accept-Encoding": "identity"},
                                       checks=CHECKS)
                calls += 1
            db.session.rollback()

        fuzz()
    assert operations >= 50
    with capsys.disabled():
        print(f"\nschemathesis: {calls} calls over {operations} operations, "
              "as admin and as lab manager, no 5xx, all conforming")
