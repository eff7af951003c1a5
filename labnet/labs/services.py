"""Lab records, accreditations and capabilities. Services flush; the edge commits."""
import datetime as dt

from blinker import Namespace
from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from labnet import authz, geo
from labnet.audit.models import AuditEntry
from labnet.audit.services import changed_fields, delete_recorded, record_change, record_update, snapshot
from labnet.catalogue.lookup import elements_by_codes, event_by_name, methods_by_ids
from labnet.catalogue.models import Event, Method, method_elements, method_events
from labnet.catalogue.services import entry_uses, event_choices
from labnet.database import check_version, contains_folded, get_or_404, today, utcnow
from labnet.documents.services import documents_of_lab
from labnet.errors import Conflict, Invalid, NotFound
from labnet.extensions import db
from labnet.i18n import country_name
from labnet.labs import notices
from labnet.labs.models import Accreditation, Capability, Lab, lab_managers
from labnet.networks.models import Network, NetworkMembership
from labnet.networks.services import network_choices
from labnet.reference.m49 import descendants
from labnet.reference.models import Country
from labnet.reference.services import country_choices, element_choices, region_choices

LAB_FIELDS = ("name", "institution", "city", "address", "lab_type", "accepts_external_samples",
              "turnaround_days", "matrices", "contact_email")

_signals = Namespace()
lab_removing = _signals.signal("lab-removing", doc="""Sent with the lab before it is deleted.
Domains that depend on a lab (requests, training) connect receivers that raise a domain error
to refuse the deletion, or return phrases naming what of theirs others still read (the lab is
then archived instead); labs need not know them.""")


def lab_query(country=None, region=None, network=None, event=None, element=None,
              accredited=None, verified_only=False, q=None):
    """The directory. `accredited` means, as everywhere a user relies on it, a current
    accreditation that was verified (Lab.accreditation_verified); so does `verified_only`."""
    stmt = (select(Lab).join(Lab.country).where(Lab.archived_at.is_(None))
            .options(selectinload(Lab.managers))  # each lab says whether someone answers for it
            .order_by(Lab.name, Lab.id))
    if country:
        stmt = stmt.where(Lab.country_code == country.upper())
    if region:
        codes = descendants(region)
        stmt = stmt.where(or_(Country.subregion_code.in_(codes), Country.region_code.in_(codes)))
    if network:
        stmt = stmt.where(Lab.id.in_(select(NetworkMembership.lab_id).where(
            NetworkMembership.network_id == network, NetworkMembership.is_member)))
    if event:
        methods = select(method_events.c.method_id).where(
            method_events.c.event_id == event_by_name(event).id)
        stmt = stmt.where(Lab.id.in_(select(Capability.lab_id)
                                     .where(Capability.method_id.in_(methods))))
    if element:
        element_id = elements_by_codes([element], "element")[0].id
        methods = select(method_elements.c.method_id).where(
            method_elements.c.element_id == element_id)
        stmt = stmt.where(Lab.id.in_(select(Capability.lab_id)
                                     .where(Capability.method_id.in_(methods))))
    if accredited is not None:
        stmt = stmt.where(Lab.accreditation_verified if accredited
                          else ~Lab.accreditation_verified)
    if verified_only:
        stmt = stmt.where(Lab.accreditation_verified)
    if q:
        stmt = stmt.where(contains_folded(Lab.search_key, q))
    return stmt


def unanswered_lab_ids(lab_ids) -> set[int]:
    """Which of these labs no one answers for (one query, for lists of matches)."""
    ids = list(lab_ids)
    if not ids:
        return set()
    return set(db.session.scalars(select(Lab.id).where(Lab.id.in_(ids), ~Lab.answered)))


def get_lab(lab_id: int) -> Lab:
    return get_or_404(Lab, lab_id, "lab")


def owned_lab(actor, lab_id: int) -> Lab:
    """The lab, for one who may edit it and what it owns."""
    lab = get_lab(lab_id)
    authz.require(authz.can_edit_lab(actor, lab), actor, _("Only this lab's managers may edit it."))
    return lab


def lab_for_page(lab_id: int) -> Lab:
    """A lab with what its page shows, loaded in a fixed number of queries."""
    lab = db.session.scalar(select(Lab).where(Lab.id == lab_id).options(
        selectinload(Lab.accreditations).selectinload(Accreditation.scope_methods),
        selectinload(Lab.accreditations).selectinload(Accreditation.documents),
        selectinload(Lab.capabilities), selectinload(Lab.holdings),
        selectinload(Lab.training_offers), selectinload(Lab.proficiency_tests)))
    if lab is None:
        raise NotFound(_("No lab with id %(id)s.", id=lab_id))
    return lab


def registry_counts() -> dict:
    """The home page's figures."""
    return {
        "labs": db.session.scalar(select(func.count()).select_from(Lab)),
        "countries": db.session.scalar(select(func.count(func.distinct(Lab.country_code)))),
        "networks": db.session.scalar(select(func.count()).select_from(Network)),
        "events": db.session.scalar(select(func.count()).select_from(Event)),
    }


def directory_choices() -> dict:
    """Options for the directory filters and the forms (small reference tables)."""
    return {"countries": country_choices(), "regions": region_choices(),
            "networks": network_choices(), "events": event_choices(),
            "elements": element_choices()}


def _country(code: str) -> Country:
    country = db.session.get(Country, code.upper())
    if country is None:
        raise Invalid(_("Unknown country code %(code)s.", code=repr(code)),
                      {"country": [_("Unknown ISO 3166-1 code.")]})
    return country


def _place(lab: Lab, data: dict, city_must_be_found: bool = False) -> None:
    """Manual coordinates win; otherwise geocode city + country (offline by default). A city
    the geocoder does not know puts the lab at the country's centre, which the API reports in
    `location_source`; pages ask first (`city_must_be_found`) and refuse with the typed city
    kept, so a person chooses between correcting it and the country's centre."""
    if data.get("latitude") is not None:
        lab.latitude, lab.longitude = data["latitude"], data["longitude"]
        lab.location_source = "manual"
        return
    moved = any(k in data for k in ("city", "country_code", "address")) or "latitude" in data
    if lab.id is None or (moved and (lab.location_source != "manual" or "latitude" in data)):
        country = lab.country or _country(lab.country_code)
        lab.latitude, lab.longitude, lab.location_source = geo.locate(
            lab.city, lab.country_code, lab.address, (country.latitude, country.longitude))
        if city_must_be_found and lab.city and lab.location_source == "country_centroid":
            raise Invalid(_("%(city)s was not found in %(country)s.", city=lab.city,
                            country=country_name(country.code, country.name)), {"city": [_(
                "“%(city)s” was not found in %(country)s. Correct the city (or choose another "
                "country), give the coordinates, or tick “Place the lab at the centre of the "
                "country” to save it there.", city=lab.city, country=country_name(country.code, country.name))]})


def placement(lab: Lab) -> str:
    """Where the lab was placed on the map, in words, for the message after saving."""
    country = country_name(lab.country_code, lab.country.name)
    where = _(", ").join(p for p in (lab.city, country) if p)
    if lab.location_source == "manual":
        return _("placed at the coordinates given (%(lat).4f, %(lon).4f)",
                 lat=lab.latitude, lon=lab.longitude)
    if lab.location_source == "geocoded":
        return _("placed at %(where)s (%(lat).4f, %(lon).4f), found by the geocoder",
                 where=where, lat=lab.latitude, lon=lab.longitude)
    return _("placed at the centre of %(country)s: the map shows the country, not the city",
             country=country)


def build_lab(data: dict, city_must_be_found: bool = False) -> Lab:
    """A new, located lab from validated input (no permission check: callers do it)."""
    lab = Lab(country=_country(data["country_code"]), country_code=data["country_code"].upper())
    for field in LAB_FIELDS:
        if field in data:
            setattr(lab, field, data[field])
    _place(lab, data, city_must_be_found)
    return lab


def create_lab(actor, data: dict, city_must_be_found: bool = False) -> Lab:
    authz.require(authz.can_create_lab(actor), actor,
                  _("Only lab managers and admins register labs."))
    lab = build_lab(data, city_must_be_found)
    if authz.manages_new_lab(actor):
        lab.managers.append(actor)
    db.session.add(lab)
    db.session.flush()
    record_change(actor, "create", lab, snapshot(lab), lab_id=lab.id)
    return lab


def update_lab(actor, lab_id: int, data: dict, version: int | None = None,
               city_must_be_found: bool = False) -> Lab:
    lab = get_lab(lab_id)
    authz.require(authz.can_edit_lab(actor, lab), actor, _("Only this lab's managers may edit it."))
    check_version(lab, version, "lab")
    if "country_code" in data:
        lab.country = _country(data["country_code"])
        lab.country_code = lab.country.code
    for field in LAB_FIELDS:
        if field in data:
            setattr(lab, field, data[field])
    _place(lab, data, city_must_be_found)
    changes = changed_fields(lab)
    if changes:
        lab.confirmed_at = utcnow()  # an edit by the manager confirms the record is current
    db.session.flush()
    record_change(actor, "update", lab, changes, lab_id=lab.id)
    return lab


RECONFIRM_AFTER_DAYS = 365


def is_unconfirmed(lab: Lab) -> bool:
    """Like the BCH, a record not confirmed by its manager for 12 months is shown as such."""
    return lab.confirmed_at < utcnow() - dt.timedelta(days=RECONFIRM_AFTER_DAYS)


def confirm_lab(actor, lab_id: int) -> Lab:
    """The annual reconfirmation: the manager says the record is still true."""
    lab = get_lab(lab_id)
    authz.require(authz.can_edit_lab(actor, lab), actor, _("Only this lab's managers confirm it."))
    lab.confirmed_at = utcnow()
    db.session.flush()
    record_change(actor, "confirm", lab, {"confirmed_at": [None, lab.confirmed_at.isoformat()]},
                  lab_id=lab.id)
    return lab


def delete_lab(actor, lab_id: int, version: int | None = None) -> None:
    """Delete a lab and what it owns, unless a receiver of `lab_removing` refuses; archive it
    (with its lots and training offers) when others still read records that name it."""
    lab = get_lab(lab_id)
    authz.require(authz.can_edit_lab(actor, lab), actor, _("Only this lab's managers may delete it."))
    check_version(lab, version, "lab")
    dependents = [phrase for _sender, phrases in lab_removing.send(lab) for phrase in phrases or ()]
    if not dependents:
        delete_recorded(actor, lab, lab_id=lab.id)
    elif lab.archived_at is None:  # others still read what names it: it leaves search instead
        lab.archived_at = utcnow()
        for membership in db.session.scalars(select(NetworkMembership)
                                             .where(NetworkMembership.lab_id == lab.id)):
            db.session.delete(membership)  # an archived lab is no longer part of a network
        record_change(actor, "archive", lab, {"archived_for": [None, "; ".join(dependents)]},
                      lab_id=lab.id)


def lab_history_query(actor, lab_id: int):
    """The lab's history as the actor may read it (authz.history_visible), newest first."""
    lab = get_lab(lab_id)
    authz.require(authz.can_read_lab_history(actor, lab), actor, _("Log in to read a lab's history."))
    return lab, select(AuditEntry).where(
        AuditEntry.lab_id == lab.id,
        authz.history_visible(actor, AuditEntry.entity_type, AuditEntry.lab_id,
                              AuditEntry.party_lab_id, AuditEntry.party_user_id),
    ).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


ROLE_NAMES = {"admin": "an admin", "coordinator": "a coordinator", "lab_manager": "a lab manager",
              "border_agent": "a border agent"}


def history_lines(actor, lab: Lab, entries) -> list[dict]:
    """Entries of a lab's history as a reader sees them: who made each change is "you", "a
    manager of <lab>" (this lab or the other lab the entry names) or a role, never another
    user's email; the user id only for the user themselves and admins."""
    lab_ids = {lab.id} | {e.party_lab_id for e in entries if e.party_lab_id is not None}
    user_ids = {e.user_id for e in entries if e.user_id is not None}
    names = dict(db.session.execute(select(Lab.id, Lab.name).where(Lab.id.in_(lab_ids))).all())
    managing = set(db.session.execute(select(lab_managers.c.user_id, lab_managers.c.lab_id).where(
        lab_managers.c.user_id.in_(user_ids), lab_managers.c.lab_id.in_(lab_ids))).all()) \
        if user_ids else set()

    def author(entry) -> str:
        if entry.user is None:
            return "the system"
        if actor is not None and entry.user_id == actor.id:
            return "you"
        for candidate in (entry.lab_id, entry.party_lab_id):
            if (entry.user_id, candidate) in managing:
                return f"a manager of {names[candidate]}"
        return ROLE_NAMES.get(entry.user.role, "a user")

    shows_id = authz.is_admin(actor)
    return [{"id": e.id, "at": e.at, "action": e.action, "entity_type": e.entity_type,
             "entity_id": e.entity_id, "changes": e.changes, "by": author(e),
             "user_id": e.user_id if shows_id or (actor and e.user_id == actor.id) else None}
            for e in entries]


# accreditations

VERIFICATION_FIELDS = ("verified", "last_verified_on", "verified_by_id", "verified_at", "version",
                       "sent_back_note", "sent_back_at")


def _apply_accreditation(actor, lab: Lab, accreditation: Accreditation, data: dict) -> None:
    manager = authz.can_edit_lab(actor, lab)
    verifier = authz.can_verify_accreditation(actor, lab)
    record_fields = {k for k in data if k != "verified"}
    authz.require(verifier or "verified" not in data, actor,
                  _("Only a coordinator of a network the lab is a member of, or an admin, verifies "
                  "its accreditations."))
    authz.require(manager or verifier, actor, _("Only this lab's managers edit its accreditations."))
    authz.require(manager or not record_fields, actor,
                  _("A coordinator may only verify an accreditation, not edit it."))
    scope_before = set(accreditation.scope_method_ids) if accreditation.id else set()
    for field in ("standard", "body", "certificate_number", "valid_from", "valid_until", "status"):
        if field in data:
            setattr(accreditation, field, data[field])
    if "scope_method_ids" in data:
        accreditation.scope_methods = methods_by_ids(data["scope_method_ids"], "scope_method_ids")
    if accreditation.valid_until and accreditation.valid_from \
            and accreditation.valid_until < accreditation.valid_from:
        raise Invalid(_("The certificate cannot expire before it starts."),
                      {"valid_until": [_("Must not be before valid_from.")]})
    changed = set(changed_fields(accreditation)) - set(VERIFICATION_FIELDS)
    if "scope_method_ids" in data and set(accreditation.scope_method_ids) != scope_before:
        changed.add("scope_method_ids")
    if "document_ids" in data:
        documents_before = set(accreditation.document_ids) if accreditation.id else set()
        accreditation.documents = documents_of_lab(lab.id, data["document_ids"])
        if set(accreditation.document_ids) != documents_before:
            changed.add("document_ids")
    if "verified" in data:
        _set_verification(actor, accreditation, data["verified"])
    elif changed:
        _set_verification(actor, accreditation, False)  # a changed record is verified again
    if changed or data.get("verified"):  # answered: back in the queue, or verified
        accreditation.sent_back_note = accreditation.sent_back_at = None


def _set_verification(actor, accreditation: Accreditation, verified: bool) -> None:
    """Verify (who, when) or void the verification; the date last verified stays."""
    accreditation.verified = verified
    accreditation.verified_by_id = actor.id if verified else None
    accreditation.verified_at = utcnow() if verified else None
    if verified:
        accreditation.last_verified_on = today()


def create_accreditation(actor, lab_id: int, data: dict) -> Accreditation:
    lab = get_lab(lab_id)
    authz.require(authz.can_edit_lab(actor, lab), actor,
                  _("Only this lab's managers add accreditations."))
    accreditation = Accreditation(lab_id=lab.id, verified=False)
    _apply_accreditation(actor, lab, accreditation, data)
    db.session.add(accreditation)
    db.session.flush()
    db.session.expire(lab, ["accreditations"])
    record_change(actor, "create", accreditation, snapshot(accreditation), lab_id=lab.id)
    if not accreditation.verified:
        notices.accreditation_awaits_verification(accreditation)
    return accreditation


def update_accreditation(actor, accreditation_id: int, data: dict, version: int | None = None) -> Accreditation:
    accreditation = get_or_404(Accreditation, accreditation_id, "accreditation")
    check_version(accreditation, version, "accreditation")
    was_verified, was_sent_back = accreditation.verified, accreditation.sent_back
    _apply_accreditation(actor, accreditation.lab, accreditation, data)
    record_update(actor, accreditation, lab_id=accreditation.lab_id)
    answered = was_sent_back and not accreditation.sent_back and not accreditation.verified
    if (was_verified or answered) and not accreditation.verified and "verified" not in data:
        notices.accreditation_awaits_verification(accreditation)  # changed: verified again
    return accreditation


def send_back_accreditation(actor, accreditation_id: int, note: str,
                            version: int | None = None) -> Accreditation:
    """A verifier returns an accreditation to the lab with a note (what to correct or add):
    it is not verified, leaves the queue, and comes back when the lab changes it."""
    accreditation = get_or_404(Accreditation, accreditation_id, "accreditation")
    authz.require(authz.can_verify_accreditation(actor, accreditation.lab), actor,
                  _("Only a coordinator of a network the lab is a member of, or an admin, verifies "
                    "its accreditations."))
    check_version(accreditation, version, "accreditation")
    _set_verification(actor, accreditation, False)
    accreditation.sent_back_note, accreditation.sent_back_at = note.strip(), utcnow()
    record_update(actor, accreditation, lab_id=accreditation.lab_id)
    notices.accreditation_sent_back(accreditation)
    return accreditation


def _member_labs(network_ids):
    return select(NetworkMembership.lab_id).where(NetworkMembership.network_id.in_(network_ids),
                                                  NetworkMembership.is_member)


def verification_queue(actor) -> list[Accreditation]:
    """Accreditations awaiting verification that the actor may verify: not verified, not sent
    back, active and not expired, of labs still in labnet; oldest request first."""
    authz.require(authz.can_see_verification_queue(actor), actor,
                  _("Only coordinators and admins verify accreditations."))
    on = today()
    return list(db.session.scalars(
        select(Accreditation).join(Lab, Lab.id == Accreditation.lab_id).where(
            Accreditation.verified.is_(False), Accreditation.sent_back_at.is_(None),
            Accreditation.status == "active",
            or_(Accreditation.valid_until.is_(None), Accreditation.valid_until >= on),
            Lab.archived_at.is_(None),
            authz.verification_queue_visible(actor, Accreditation.lab_id, _member_labs))
        .order_by(Accreditation.id)
        .options(selectinload(Accreditation.scope_methods), selectinload(Accreditation.documents))))


def delete_accreditation(actor, accreditation_id: int, version: int | None = None) -> None:
    accreditation = get_or_404(Accreditation, accreditation_id, "accreditation")
    authz.require(authz.can_edit_lab(actor, accreditation.lab), actor,
                  _("Only this lab's managers remove accreditations."))
    check_version(accreditation, version, "accreditation")
    delete_recorded(actor, accreditation, lab_id=accreditation.lab_id)


# capabilities

def create_capability(actor, lab_id: int, data: dict) -> Capability:
    lab = get_lab(lab_id)
    authz.require(authz.can_edit_lab(actor, lab), actor, _("Only this lab's managers add methods."))
    method = methods_by_ids([data["method_id"]], "method_id")[0]
    duplicate = db.session.scalar(select(Capability).where(
        and_(Capability.lab_id == lab.id, Capability.method_id == method.id)))
    if duplicate is not None:
        raise Conflict(_("This lab already lists method %(method)s (capability %(id)s).",
                         method=method.code, id=duplicate.id),
                       {"method_id": [_("Already listed for this lab.")]})
    capability = Capability(lab=lab, method=method, verified_on=data.get("verified_on"),
                            lod=data.get("lod"), loq=data.get("loq"))
    db.session.add(capability)
    db.session.flush()
    record_change(actor, "create", capability, snapshot(capability), lab_id=lab.id)
    return capability


def update_capability(actor, capability_id: int, data: dict, version: int | None = None) -> Capability:
    capability = get_or_404(Capability, capability_id, "capability")
    authz.require(authz.can_edit_lab(actor, capability.lab), actor,
                  _("Only this lab's managers edit its methods."))
    check_version(capability, version, "capability")
    if "method_id" in data and data["method_id"] != capability.method_id:
        raise Invalid(_("A capability's method cannot change; remove it and add the other method."),
                      {"method_id": [_("Cannot be changed.")]})
    for field in ("verified_on", "lod", "loq"):
        if field in data:
            setattr(capability, field, data[field])
    record_update(actor, capability, lab_id=capability.lab_id)
    return capability


def delete_capability(actor, capability_id: int, version: int | None = None) -> None:
    capability = get_or_404(Capability, capability_id, "capability")
    authz.require(authz.can_edit_lab(actor, capability.lab), actor,
                  _("Only this lab's managers remove its methods."))
    check_version(capability, version, "capability")
    delete_recorded(actor, capability, lab_id=capability.lab_id)


@entry_uses.connect
def _capabilities_using(entry) -> list[str]:
    if not isinstance(entry, Method):
        return []
    n = db.session.scalar(select(func.count()).where(Capability.method_id == entry.id))
    return [f"{n} lab capabilities"] if n else []
