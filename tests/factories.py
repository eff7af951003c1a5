"""Plain builders of test data; each flushes and returns the record."""
import datetime as dt
import itertools

from geopy.distance import geodesic

from labnet.accounts.auth import issue_token
from labnet.accounts.models import User
from labnet.catalogue.lookup import uid_key
from labnet.catalogue.models import Event, Method, ReferenceMaterial
from labnet.database import today
from labnet.extensions import db
from labnet.holdings.models import Holding
from labnet.labs.models import Accreditation, Capability, Lab
from labnet.networks.models import Network, NetworkMembership
from labnet.reference.models import Country, Element, ElementAlias

PASSWORD = "correct horse battery staple"
_seq = itertools.count(1)


_HASHES: dict[str, str] = {}


def make_user(role="lab_manager", email=None, labs=(), networks=(), password=PASSWORD):
    user = User(email=email or f"user{next(_seq)}@example.org", name="Test User", role=role)
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


def make_accreditation(lab, methods=(), valid_from=None, valid_until=None, status="active"):
    accreditation = Accreditation(
        lab=lab, body="KENAS", certificate_number=f"C-{next(_seq)}",
        valid_from=valid_from or today() - dt.timedelta(days=365),
        valid_until=valid_until if valid_until is not None else today() + dt.timedelta(days=365),
        status=status, scope_methods=list(methods))
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


def geopy_km(a, b):
    """The reference distance for brute-force checks: geopy's WGS-84 geodesic, in km to 0.1."""
    if None in a or None in b:
        return None
    return round(geodesic(a, b).km, 1)
