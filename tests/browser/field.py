"""The demo network with one request of each kind, and the pages each demo role can open,
listed from the app's url_map (not by hand) with ids taken from those records."""
import secrets
from datetime import timedelta
from pathlib import Path

from flask import current_app, url_for
from sqlalchemy import select

from labnet.accounts.credentials import password_link
from labnet.accounts.models import Invitation, User, hash_token
from labnet.catalogue.models import Event
from labnet.database import today, utcnow
from labnet.demo.seed import seed_demo
from labnet.documents import services as documents_services
from labnet.extensions import db
from labnet.holdings.models import Holding
from labnet.networks.models import Network
from labnet.requests import services as requests_services
from labnet.training import services as training_services
from labnet.training.models import TrainingOffer

AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ROLES = {
    "visitor": None,
    "admin": "admin@labnet.example",
    "coordinator": "coordinator@labnet.example",
    "lab manager": "manager@labnet.example",
    "border agent": "border@labnet.example",
}
# machine-readable answers, downloads and endpoints that are not pages of the site (a
# document's content and its inline view answer the stored file itself, not HTML)
NOT_PAGES = {"static", "health.healthz", "coverage_pages.countries_json",
             "coverage_pages.labs_geojson", "coverage_pages.export", "coverage_atlas.atlas",
             "documents_pages.document_content", "documents_pages.document_view"}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def seed_demo_with_requests() -> dict:
    """The demo network, a material request between the two demo managers' labs, a testing
    request from the border agent to the first manager's lab and an enrolment; the ids the
    pages need."""
    seed_demo()
    users = {u.email: u for u in db.session.scalars(select(User))}
    manager, other = users["manager@labnet.example"], users["manager2@labnet.example"]
    lab, other_lab = manager.managed_labs[0], other.managed_labs[0]
    holding = next(h for h in db.session.scalars(
        select(Holding).where(Holding.lab_id == other_lab.id).order_by(Holding.id))
        if h.unavailable_reason(today()) is None and h.quantity >= 1)
    material = requests_services.create_material_request(
        manager, {"requester_lab_id": lab.id, "holding_id": holding.id, "quantity": 1,
                  "purpose": "Positive control for screening"})
    testing = requests_services.create_testing_request(
        users["border@labnet.example"],
        {"lab_id": lab.id, "commodity": "Maize grain", "matrix": "grain",
         "elements": ["P-35S"], "port": "Mombasa"})
    offer = db.session.scalars(select(TrainingOffer).where(TrainingOffer.start_date > today())
                               .order_by(TrainingOffer.id)).first()
    training_services.enrol(manager, offer.id, {"seats": 1})
    event = db.session.scalars(select(Event).order_by(Event.unique_identifier)).first()
    document = documents_services.upload_document(
        manager, lab.id, data=PDF, filename="certificate.pdf", kind="accreditation_certificate",
        title="Accreditation certificate")
    invitation_token = secrets.token_urlsafe(32)  # the mailed link's token, as invite() makes it
    db.session.add(Invitation(email="invited@labnet.example", role="lab_manager",
                              lab_ids=[lab.id], network_ids=[],
                              token_hash=hash_token(invitation_token),
                              invited_by_id=users["admin@labnet.example"].id,
                              expires_at=utcnow() + timedelta(days=7)))
    with current_app.test_request_context():  # the link is a path built by url_for
        reset_path = password_link(users["border@labnet.example"], timedelta(hours=1))
    db.session.commit()
    return {
        "lab_id": lab.id,
        "accreditation_id": lab.accreditations[0].id,
        "holding_id": db.session.scalars(select(Holding.id).where(Holding.lab_id == lab.id)
                                         .order_by(Holding.id)).first(),
        "network_id": db.session.scalars(select(Network.id).order_by(Network.id)).first(),
        "typed": event.unique_identifier,
        "material_request_id": material.id,
        "testing_request_id": testing.id,
        "document_id": document.id,
        "token": {"onboarding_pages.accept_invitation": invitation_token,
                  "account_pages.reset_password": reset_path.rsplit("/", 1)[-1]},
    }


def page_paths(samples: dict) -> list[str]:
    """Every HTML page with a GET route, its path filled in from the samples."""
    paths = []
    with current_app.test_request_context():
        for rule in sorted(current_app.url_map.iter_rules(), key=lambda r: r.rule):
            if "GET" not in rule.methods or rule.rule.startswith("/api/") \
                    or rule.endpoint in NOT_PAGES:
                continue
            values = {}
            for name in rule.arguments:
                key = {"request_id": f"{rule.endpoint.split('.')[-1]}_request_id"}.get(name, name)
                sample = samples[key]
                values[name] = sample[rule.endpoint] if isinstance(sample, dict) else sample
            paths.append(url_for(rule.endpoint, **values))
    return sorted(set(paths))

