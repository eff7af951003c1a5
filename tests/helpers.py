"""What tests share: builders of test data (each flushes and returns the record), the
test client that runs each request in its own context, page helpers (login, forms with
CSRF) and problem+json checks. Tests import from here, never from one another."""
import datetime as dt
import itertools
import re

import pyotp
import sqlalchemy as sa
from flask import has_app_context
from flask.testing import FlaskClient
from geopy.distance import geodesic

from labnet.accounts.auth import issue_token
from labnet.accounts.models import User
from labnet.catalogue.lookup import uid_key
from labnet.catalogue.models import Event, Method, ReferenceMaterial
from labnet.database import today, utcnow
from labnet.extensions import db
from labnet.holdings.models import Holding
from labnet.labs.models import Accreditation, Capability, Lab
from labnet.networks.models import Network, NetworkMembership
from labnet.reference.models import Country, Element, ElementAlias

PASSWORD = "correct horse battery staple"
# the two-factor secret of test admins and coordinators (their role needs two-factor on pages)
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_seq = itertools.count(1)


_HASHES: dict[str, str] = {}


def make_user(role="lab_manager", email=None, labs=(), networks=(), password=PASSWORD,
              two_factor=None):
    """A user; admins and coordinators have two-factor on unless `two_factor=False`."""
    user = User(email=email or f"user{next(_seq)}@example.org", name="Test User", role=role)
    if two_factor or (two_factor is None and role in ("admin", "coordinator")):
        user.totp_secret, user.totp_enabled_at = TOTP_SECRET, utcnow()
    if password not in _HASHES:  # scrypt is slow on purpose; hash each test password once
        user.set_password(password)
        _HASHES[password] = user.password_hash
    user.password_hash = _HASHES[password]
    user.managed_labs = list(labs)
    user.coordinated_networks = list(networks)
    db.session.add(user)
    db.session.flush()
    return user


def bearer(user) -> dict:
    token = issue_token(user)
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def element(code) -> Element:
    return db.session.scalar(db.select(Element).join(ElementAlias)
                             .where(ElementAlias.alias_key == code.lower()))


def make_event(uid=None, name=None, species="maize", elements=()):
    uid = uid or f"TST-{next(_seq):05d}-1"
    event = Event(unique_identifier=uid, uid_key=uid_key(uid), name=name or uid, species=species,
                  traits=[], elements=[element(c) for c in elements])
    db.session.add(event)
    db.session.flush()
    return event


def make_method(events=(), elements=(), specificity="event", validation="interlaboratory",
                technique="qpcr", code=None):
    method = Method(code=code or f"M-{next(_seq)}", name="test method", technique=technique,
                    specificity=specificity, validation_status=validation, matrices=["grain"],
                    events=list(events), elements=[element(c) for c in elements])
    db.session.add(method)
    db.session.flush()
    return method


def make_material(events=(), kind="certified", code=None):
    material = ReferenceMaterial(code=code or f"RM-{next(_seq)}", producer="JRC", kind=kind,
                                 form="matrix_powder", events=list(events))
    db.session.add(material)
    db.session.flush()
    return material


def make_lab(country="KE", name=None, lat=None, lon=None, networks=(), **fields):
    c = db.session.get(Country, country)
    lab = Lab(name=name or f"Lab {next(_seq)}", country=c, country_code=country,
              latitude=c.latitude if lat is None else lat,
              longitude=c.longitude if lon is None else lon,
              location_source="manual", matrices=fields.pop("matrices", ["grain", "seed"]),
              turnaround_days=fields.pop("turnaround_days", 5), **fields)
    db.session.add(lab)
    db.session.flush()
    for network in networks:
        db.session.add(NetworkMembership(network_id=network.id, lab_id=lab.id))
    db.session.flush()
    db.session.expire(lab, ["networks"])
    return lab


def make_network(name=None, region="014"):
    network = Network(name=name or f"Network {next(_seq)}", region_code=region)
    db.session.add(network)
    db.session.flush()
    return network


def make_accreditation(lab, methods=(), valid_from=None, valid_until=None, status="active",
                       verified_by=None):
    """An accreditation, self-declared unless `verified_by` (a coordinator or admin) verified it."""
    accreditation = Accreditation(
        lab=lab, body="KENAS", certificate_number=f"C-{next(_seq)}",
        valid_from=valid_from or today() - dt.timedelta(days=365),
        valid_until=valid_until if valid_until is not None else today() + dt.timedelta(days=365),
        status=status, scope_methods=list(methods), verified=verified_by is not None,
        verified_by_id=getattr(verified_by, "id", None),
        verified_at=utcnow() if verified_by is not None else None,
        last_verified_on=today() if verified_by is not None else None)
    db.session.add(accreditation)
    db.session.flush()
    return accreditation


def make_capability(lab, method):
    capability = Capability(lab=lab, method=method)
    db.session.add(capability)
    db.session.flush()
    return capability


def make_holding(lab, material, quantity=5, expiry=None, shareable=True, methods=(), lot=None):
    holding = Holding(lab=lab, lab_id=lab.id, reference_material=material, lot=lot or f"L{next(_seq)}",
                      quantity=quantity, expiry_date=expiry, shareable=shareable,
                      validated_methods=list(methods))
    db.session.add(holding)
    db.session.flush()
    return holding


# the smallest files of each kind a document may be, recognised by their first bytes
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20


def multipart(fields: dict, content: bytes, filename: str, mimetype: str) -> tuple[bytes, str]:
    """A multipart/form-data body built in memory, and its content type (the test client
    would spool a large one to a temporary file it leaves open when the server refuses the
    body unread)."""
    boundary = "----labnet-test-boundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                 f'filename="{filename}"\r\nContent-Type: {mimetype}\r\n\r\n'.encode()
                 + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), \
        f"multipart/form-data; boundary={boundary}"


def make_document(lab, kind="other", content=PDF, title=None, uploaded_by=None):
    """A document of the lab, its content in the document storage."""
    from labnet.documents.models import Document
    from labnet.documents.services import content_type_of, safe_filename
    from labnet.documents.storage import document_storage
    content_type = content_type_of(content)
    document = Document(lab_id=lab.id, kind=kind, title=title or f"Document {next(_seq)}",
                        filename=safe_filename("file", content_type), content_type=content_type,
                        size=len(content), sha256=document_storage().put(content),
                        uploaded_by_id=getattr(uploaded_by, "id", None))
    db.session.add(document)
    db.session.flush()
    return document


def geopy_km(a, b):
    """The reference distance for brute-force checks: geopy's WGS-84 geodesic, in km to 0.1."""
    if None in a or None in b:
        return None
    return round(geodesic(a, b).km, 1)


# the database and the client

REFERENCE_TABLES = {"regions", "countries", "elements", "element_aliases", "alembic_version"}


def clean_database() -> None:
    db.session.rollback()
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in REFERENCE_TABLES:
                conn.execute(table.delete())


def is_postgres() -> bool:
    return db.engine.dialect.name == "postgresql"


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context and database session, as in production.

    The test's own session commits what it built before the request (the data "exists") and
    forgets what it had loaded afterwards, so assertions read what the request left behind.
    """

    def open(self, *args, **kwargs):
        if not has_app_context():
            return super().open(*args, **kwargs)
        db.session.commit()
        try:
            # a fresh app context for the request: its own session, ended when it ends
            with self.application.app_context():
                return super().open(*args, **kwargs)
        finally:
            db.session.expire_all()


# pages

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(client, url="/login") -> str:
    return TOKEN.search(client.get(url).get_data(as_text=True)).group(1)


def totp_code(user=None) -> str:
    return pyotp.TOTP(TOTP_SECRET).now()


def login(client, user, password=PASSWORD):
    """Log in through the pages, with the two-factor step when the user has it on."""
    token = csrf_token(client)
    response = client.post("/login", data={"email": user.email, "password": password,
                                           "csrf_token": token})
    if response.status_code == 302 and response.headers["Location"].startswith("/login/code"):
        # a code is accepted once: let this login use the current one again
        db.session.execute(sa.update(User).where(User.id == user.id).values(totp_last_step=None))
        db.session.commit()
        response = client.post("/login/code", data={"code": totp_code(),
                                                    "csrf_token": csrf_token(client, "/login/code")})
    return response


def post_form(client, url, data, page=None):
    """Post a form the way a browser does: with the CSRF token of a page of the site."""
    token = csrf_token(client, page or "/login")
    return client.post(url, data=dict(data, csrf_token=token))


# the API
PROBLEM = "application/problem+json"


def assert_problem(response, status, field=None):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert body["status"] == status and body["title"] and body["detail"]
    if field:
        assert field in body["errors"], body
    return body
