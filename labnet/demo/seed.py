"""A fictional but realistic demo network: labs in real cities, the real catalogue.

Every lab, person and certificate here is invented for the demonstration; the events, reference
materials, countries and cities are real.
"""
import datetime as dt
import random

import pyotp
from sqlalchemy import select

from labnet import authz, geo
from labnet.accounts.models import User
from labnet.catalogue.models import Method, ReferenceMaterial
from labnet.coverage.trends import record_snapshots
from labnet.database import today, utcnow
from labnet.demo.catalogue import load_catalogue
from labnet.extensions import db
from labnet.holdings.models import Holding
from labnet.labs.models import Accreditation, Capability, Lab
from labnet.networks.models import Network, NetworkMembership
from labnet.reference.models import Country
from labnet.training.models import TrainingOffer

DEMO_PASSWORD = "labnet-demo-2026"

NETWORKS = [
    ("Eastern and Southern Africa LMO Detection Network (demo)", "ESA-LDN", "202",
     {"KE", "UG", "TZ", "ET", "RW", "MW", "ZM", "ZW", "ZA", "MZ", "BW", "NA"}),
    ("South and South-east Asia GMO Testing Network (demo)", "SSEA-GTN", "142",
     {"IN", "BD", "LK", "VN", "TH", "MY", "PH", "ID", "PK"}),
    ("Latin American LMO Laboratory Network (demo)", "LA-LLN", "419",
     {"BR", "AR", "MX", "CO", "PE", "CL", "UY", "PY", "BO", "EC", "CR", "GT"}),
]

LABS = [
    # country, city, accreditation body
    ("KE", "Nairobi", "KENAS"), ("KE", "Mombasa", "KENAS"), ("UG", "Kampala", "SADCAS"),
    ("TZ", "Dar es Salaam", "SADCAS"), ("TZ", "Arusha", "SADCAS"), ("ET", "Addis Ababa", "EAS"),
    ("RW", "Kigali", "SADCAS"), ("MW", "Lilongwe", "SADCAS"), ("ZM", "Lusaka", "SADCAS"),
    ("ZW", "Harare", "SADCAS"), ("ZA", "Pretoria", "SANAS"), ("ZA", "Cape Town", "SANAS"),
    ("MZ", "Maputo", "SADCAS"), ("BW", "Gaborone", "SADCAS"), ("NA", "Windhoek", "SADCAS"),
    ("NG", "Ibadan", "NiNAS"), ("NG", "Abuja", "NiNAS"), ("GH", "Accra", "GhaNAS"),
    ("SN", "Dakar", "SOAC"), ("BF", "Ouagadougou", "SOAC"), ("CM", "Yaoundé", "SOAC"),
    ("EG", "Cairo", "EGAC"),
    ("IN", "New Delhi", "NABL"), ("IN", "Hyderabad", "NABL"), ("BD", "Dhaka", "BAB"),
    ("LK", "Colombo", "SLAB"), ("VN", "Hanoi", "BoA"), ("TH", "Bangkok", "ONAC"),
    ("MY", "Kuala Lumpur", "DSM"), ("PH", "Quezon City", "PAB"), ("ID", "Bogor", "KAN"),
    ("PK", "Islamabad", "PNAC"),
    ("BR", "Brasília", "Cgcre"), ("BR", "Campinas", "Cgcre"), ("AR", "Buenos Aires", "OAA"),
    ("MX", "Mexico City", "EMA"), ("CO", "Bogotá", "ONAC"), ("PE", "Lima", "INACAL"),
    ("CL", "Santiago", "INN"), ("UY", "Montevideo", "OUA"), ("PY", "Asunción", "ONA"),
    ("BO", "La Paz", "DTA"), ("EC", "Quito", "SAE"), ("CR", "San José", "ECA"),
    ("GT", "Guatemala City", "OGA"), ("CU", "Havana", "ONARC"),
]

KINDS = ["National {c} Biosafety Laboratory", "{c} Plant Health Inspection Laboratory",
         "{c} University GMO Detection Unit", "{c} Food and Feed Testing Laboratory"]
LAB_TYPES = ["government", "government", "university", "reference"]
TOPICS = [
    ("Real-time PCR screening for GMOs", ["qPCR", "screening"], ["laboratory"]),
    ("Sampling consignments at the border for LMO testing", ["sampling", "border control"],
     ["border"]),
    ("Event-specific quantification and measurement uncertainty", ["quantification", "qPCR"],
     ["laboratory"]),
    ("Training of trainers: LMO detection for inspectors", ["screening", "lateral flow"],
     ["trainers", "border"]),
    ("ISO/IEC 17025 for GMO testing laboratories", ["accreditation", "quality"],
     ["laboratory", "policy"]),
]


DEMO_PEOPLE = [  # email, name, role
    ("admin@labnet.example", "Ada Admin", "admin"),
    ("coordinator@labnet.example", "Cora Coordinator", "coordinator"),
    ("manager@labnet.example", "Mo Manager", "lab_manager"),
    ("manager2@labnet.example", "Mina Manager", "lab_manager"),
    ("border@labnet.example", "Bo Border", "border_agent"),
]
# what is left when the demo is reset: the shipped reference data and the schema's version
REFERENCE_TABLES = {"regions", "countries", "elements", "element_aliases", "alembic_version"}


def demo_users() -> list[tuple[str, str, str | None]]:
    """(email, role, two-factor secret) of the demo users still in the database: the demo
    prints its own fictional accounts' secrets so that anyone can log in as them."""
    emails = [email for email, _, _ in DEMO_PEOPLE]
    rows = db.session.execute(select(User.email, User.role, User.totp_secret, User.totp_enabled_at)
                              .where(User.email.in_(emails))).all()
    found = {row.email: (row.role, row.totp_secret if row.totp_enabled_at else None) for row in rows}
    return [(email, *found[email]) for email in emails if email in found]


def reset_demo() -> None:
    """Delete every record but the shipped reference data (then seed_demo loads it again)."""
    db.session.flush()
    for table in reversed(db.metadata.sorted_tables):
        if table.name not in REFERENCE_TABLES:
            db.session.execute(table.delete())


def _users(labs: list[Lab], networks: list[Network]) -> list[tuple[str, str, str | None]]:
    links = {"coordinator@labnet.example": ([], networks[:1]),
             "manager@labnet.example": (labs[:1], []),
             "manager2@labnet.example": (labs[10:11], [])}
    people = [(email, name, role, *links.get(email, ([], []))) for email, name, role in DEMO_PEOPLE]
    made = []
    for email, name, role, managed, coordinated in people:
        user = User(email=email, name=name, role=role, organization="labnet demo",
                    managed_labs=list(managed), coordinated_networks=list(coordinated))
        user.set_password(DEMO_PASSWORD)
        secret = None
        if authz.must_use_two_factor(user):
            # their role logs in with two-factor: enrolled with a secret the demo prints
            secret = user.totp_secret = pyotp.random_base32()
            user.totp_enabled_at = utcnow()
        db.session.add(user)
        made.append((email, role, secret))
    return made


# a lab no one answers for takes no requests: every demo lab has a contact who manages it,
# but for these few (far from the demo managers' labs), which show what such a lab looks like
UNANSWERED = ("EG", "PH", "PY", "CU")
CONTACT_LANGUAGES = {"SN": "fr", "BF": "fr", "CM": "fr", "BR": "pt", "AR": "es", "MX": "es",
                     "CO": "es", "PE": "es", "CL": "es", "UY": "es", "PY": "es", "BO": "es",
                     "EC": "es", "CR": "es", "GT": "es", "CU": "es", "EG": "ar"}


def _lab_contacts(labs: list[Lab]) -> None:
    """A manager for each demo lab that has none (their mail goes to the demo's SMTP)."""
    password_hash = None
    for index, lab in enumerate(labs):
        if lab.managers or lab.country_code in UNANSWERED:
            continue
        contact = User(email=f"contact{index + 1}@labs.labnet.example", role="lab_manager",
                       name=f"Demo contact, {lab.city}", organization=lab.name,
                       language=CONTACT_LANGUAGES.get(lab.country_code), managed_labs=[lab])
        if password_hash is None:  # scrypt is slow on purpose: hashed once for all contacts
            contact.set_password(DEMO_PASSWORD)
            password_hash = contact.password_hash
        contact.password_hash = password_hash
        db.session.add(contact)


def seed_demo(progress=None, rng_seed: int = 2012) -> dict:
    """Load the catalogue and a demo network; refuses to run twice."""
    if db.session.scalar(select(Network).where(Network.name == NETWORKS[0][0])) is not None:
        return {"already_loaded": True}
    rng = random.Random(rng_seed)
    load_catalogue()
    on = today()
    networks = [Network(name=n, acronym=a, region_code=r,
                        description="A fictional network for the labnet demonstration.")
                for n, a, r, _ in NETWORKS]
    db.session.add_all(networks)
    methods = db.session.scalars(select(Method).order_by(Method.code)).all()
    event_methods = [m for m in methods if m.specificity == "event"]
    screening = [m for m in methods if m.specificity == "element"]
    materials = db.session.scalars(select(ReferenceMaterial).order_by(ReferenceMaterial.code)).all()
    countries = {c.code: c for c in db.session.scalars(select(Country))}

    labs = []
    for index, (code, city, body) in enumerate(progress(LABS) if progress else LABS):
        country = countries[code]
        lat, lon, source = geo.locate(city, code, None, (country.latitude, country.longitude))
        lab = Lab(name=KINDS[index % 4].format(c=city), institution="Fictional institution (demo)",
                  country=country, country_code=code, city=city, latitude=lat, longitude=lon,
                  location_source=source, lab_type=LAB_TYPES[index % 4],
                  accepts_external_samples=index % 7 != 3, turnaround_days=rng.choice([3, 5, 7, 10, 14]),
                  matrices=sorted(rng.sample(["seed", "grain", "flour", "food", "feed", "leaf"], 3)),
                  contact_email=f"lab{index + 1}@labs.labnet.example",
                  # some records have not been reconfirmed for over a year
                  confirmed_at=utcnow() - dt.timedelta(days=400 if index % 9 == 4 else index * 3))
        db.session.add(lab)
        db.session.flush()
        labs.append(lab)
        for network, (_, _, _, members) in zip(networks, NETWORKS, strict=True):
            if code in members:
                db.session.add(NetworkMembership(network_id=network.id, lab_id=lab.id))

        # the shipped catalogue has screening methods with confirmed codes, and event-specific
        # ones only when a source confirmed theirs
        runs = rng.sample(screening, min(len(screening), rng.randint(2, 5))) + \
            rng.sample(event_methods, min(len(event_methods), rng.randint(2, 9)))
        for method in runs:
            db.session.add(Capability(lab=lab, method=method, lod="0.1 %",
                                      verified_on=on - dt.timedelta(days=rng.randint(30, 900))))
        state = index % 6
        if state < 4:  # current; one in four without an expiry date on the certificate
            start = on - dt.timedelta(days=rng.randint(100, 1000))
            end = None if state == 3 else on + dt.timedelta(days=rng.choice([45, 200, 500, 800]))
            status = "active"
        else:  # expired or suspended
            start, end = on - dt.timedelta(days=1500), on - dt.timedelta(days=rng.randint(10, 300))
            status = "active" if state == 4 else "suspended"
        db.session.add(Accreditation(
            lab=lab, body=body, certificate_number=f"{body}-{1000 + index}", valid_from=start,
            valid_until=end, status=status, verified=index % 3 == 0,
            last_verified_on=on - dt.timedelta(days=60) if index % 3 == 0 else None,
            scope_methods=[m for m in runs if m.validated][:4]))
        for lot, material in enumerate(rng.sample(materials, rng.randint(1, 5))):
            expiry = rng.choice([None, on + dt.timedelta(days=rng.randint(30, 900)),
                                 on + dt.timedelta(days=rng.randint(1, 80)),
                                 on - dt.timedelta(days=rng.randint(1, 200))])
            db.session.add(Holding(
                lab=lab, lab_id=lab.id, reference_material=material,
                lot=f"{material.code.split()[-1]}-{on.year}-{lot + 1}",
                quantity=rng.choice([0, 1, 2, 3, 5, 8, 12, 20]), unit=material.unit or "vial",
                expiry_date=expiry, shareable=rng.random() < 0.85,
                terms=rng.choice(["free", "cost_recovery", "exchange"]),
                mta_required=rng.random() < 0.4,
                validated_methods=[m for m in runs if m.events and
                                   set(m.events) & set(material.events)]))
    for index, (title, topics, audience) in enumerate(TOPICS * 2):
        lab = labs[(index * 7) % len(labs)]
        start = on + dt.timedelta(days=rng.randint(-60, 200))
        seats = rng.choice([8, 12, 16, 24])
        db.session.add(TrainingOffer(
            lab=lab, title=title, topics=topics, audience=audience,
            modality=["hands_on", "online", "in_person", "training_of_trainers", "in_person"][index % 5],
            languages=[{"BR": "pt", "SN": "fr", "BF": "fr", "CM": "fr"}.get(lab.country_code, "en")]
            if lab.country_code not in ("AR", "MX", "CO", "PE", "CL", "UY", "PY", "BO", "EC", "CR",
                                        "GT", "CU") else ["es"],
            start_date=start, end_date=start + dt.timedelta(days=4), city=lab.city,
            country_code=lab.country_code, seats_total=seats, seats_remaining=seats,
            cost=rng.choice(["free", "cost recovery", "sponsored by the network"])))
    db.session.flush()
    users = _users(labs, networks)
    _lab_contacts(labs)
    db.session.flush()
    # the current month only: the demo has no past, and inventing one would mislead
    record_snapshots()
    return {"labs": len(labs), "countries": len({lab.country_code for lab in labs}),
            "networks": len(networks), "users": users, "password": DEMO_PASSWORD}
