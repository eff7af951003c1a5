"""Creating users and checking credentials."""
from flask_babel import gettext as _
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from labnet import authz
from labnet.accounts import throttle, twofactor
from labnet.accounts.auth import revoke_tokens
from labnet.accounts.models import ROLES, User
from labnet.accounts.passwords import check_password_strength
from labnet.audit.services import record_change
from labnet.database import get_or_404, utcnow
from labnet.errors import Conflict, Invalid, Unauthorized
from labnet.extensions import db
from labnet.i18n import LANGUAGES

# one hash to compare against when the email is unknown, so both answers take as long
_DUMMY = User()
_DUMMY.set_password("labnet-timing-equaliser")


def set_password(user: User, password: str) -> None:
    """Set a password that passes the strength rules, judged against the person's own
    email, name and organization."""
    check_password_strength(password, (user.email, user.name, user.organization))
    user.set_password(password)


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def user_list_query():
    """Users by email, with the labs and networks each one looks after (two queries more)."""
    return select(User).order_by(User.email).options(
        selectinload(User.managed_labs), selectinload(User.coordinated_networks))


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def create_user(actor, data: dict, *, bootstrap: bool = False) -> User:
    """Admins create users; `bootstrap` is the command line making the first admin."""
    if not bootstrap:
        authz.require(authz.can_manage_users(actor), actor, _("Only an admin creates users."))
    if data["role"] not in ROLES:
        raise Invalid(_("Unknown role."), {"role": [_("One of %(roles)s.", roles=", ".join(ROLES))]})
    if user_by_email(data["email"]) is not None:
        raise Conflict(_("A user with this email already exists."), {"email": [_("Already registered.")]})
    user = User(email=normalize_email(data["email"]), name=data.get("name") or "",
                role=data["role"], organization=data.get("organization"))
    set_password(user, data["password"])
    lab_ids, network_ids = data.get("lab_ids") or [], data.get("network_ids") or []
    if lab_ids and not authz.role_manages_labs(user.role):
        raise Invalid(_("Only lab managers manage labs."), {"lab_ids": [_("Only for role lab_manager.")]})
    if network_ids and not authz.role_coordinates_networks(user.role):
        raise Invalid(_("Only coordinators coordinate networks."),
                      {"network_ids": [_("Only for role coordinator.")]})
    # both looked up before either is linked: a query would otherwise flush a half-made user
    labs = _records("managed_labs", lab_ids, "lab_ids")
    networks = _records("coordinated_networks", network_ids, "network_ids")
    add_user(user, labs, networks)
    record_change(actor, "create", user, {"email": [None, user.email], "role": [None, user.role]})
    return user


def add_user(user: User, labs=(), networks=()) -> None:
    """Store a new account with its labs and networks; of two made at once for one address (an
    invitation accepted while an account request is approved) the second is refused, not a
    server error. The links are made inside the savepoint, which rolls them back too."""
    try:
        with db.session.begin_nested():
            user.managed_labs, user.coordinated_networks = list(labs), list(networks)
            db.session.add(user)
            db.session.flush()
    except IntegrityError:
        raise Conflict(_("A user with this email already exists."),
                       {"email": [_("Already registered.")]}) from None


def _linked_model(relationship: str):
    """The model at the other end of one of User's links (labs, networks): accounts sit
    below those domains and name them only through the mapping."""
    return inspect(User).relationships[relationship].mapper.class_


def assignable_records() -> dict:
    """The labs and networks an admin can give a new user, as (id, name) pairs."""
    return {key: db.session.execute(select(model.id, model.name).order_by(model.name)).all()
            for key, model in (("labs", _linked_model("managed_labs")),
                               ("networks", _linked_model("coordinated_networks")))}


def _records(relationship: str, ids, field):
    model = _linked_model(relationship)
    found = {r.id: r for r in db.session.scalars(select(model).where(model.id.in_(ids)))}
    unknown = [i for i in ids if i not in found]
    if unknown:
        raise Invalid(_("Unknown id in %(field)s.", field=field),
                      {field: [_("Unknown id %(id)s.", id=i) for i in unknown]})
    return [found[i] for i in dict.fromkeys(ids)]


def authenticate(email: str, password: str) -> User:
    """The same answer for an unknown email and a wrong password."""
    user = user_by_email(email)
    if user is None or not user.active:
        _DUMMY.check_password(password or "")
        raise Unauthorized(_("Unknown email or wrong password."))
    if not user.check_password(password or ""):
        raise Unauthorized(_("Unknown email or wrong password."))
    return user


def check_password_login(email: str, password: str) -> User:
    """The first step of every login (page or API): refused before the password is looked at
    when the account or address is throttled; a failure counts, a success does not."""
    throttle.refuse_if_throttled(email)
    try:
        return authenticate(email, password)
    except Unauthorized:
        throttle.note_failure(email)
        raise


def check_second_factor(user: User, code: str | None) -> None:
    """A TOTP or recovery code of an enrolled user; wrong codes count as failed logins."""
    throttle.refuse_if_throttled(user.email)
    if not twofactor.accept_code(user, code):
        throttle.note_failure(user.email)
        raise Unauthorized(_("The code is wrong or was already used."),
                           {"otp": [_("Enter the current code or an unused recovery code.")]})


def api_login(email: str, password: str, otp: str | None) -> User:
    """Email and password, and the code when the account has two-factor on."""
    user = check_password_login(email, password)
    if user.two_factor_enabled:
        if not otp:
            raise Unauthorized(_("This account uses two-factor authentication: send the current "
                                 "code as otp."), {"otp": [_("Required for this account.")]})
        check_second_factor(user, otp)
    logged_in(user)
    return user


def logged_in(user: User) -> None:
    user.last_login_at = utcnow()


def end_sessions(user: User) -> None:
    """Invalidate every session cookie of this user (logout, password change)."""
    user.session_version += 1


def update_user(actor, user_id: int, data: dict) -> User:
    """Change a user's role, name, organization or whether they may log in (admins only).
    A role change drops the links the new role has no use for; deactivating ends every
    session and revokes every token of the user."""
    authz.require(authz.can_manage_users(actor), actor, _("Only an admin changes users."))
    user = get_or_404(User, user_id, "user")
    if not authz.may_change_own_account(actor, user, data):
        raise Conflict(_("Admins cannot demote or deactivate themselves."))
    before = {"role": user.role, "active": user.active}
    for field in ("name", "organization", "role", "active"):
        if field in data:
            setattr(user, field, data[field])
    if not authz.role_manages_labs(user.role):
        user.managed_labs = []
    if not authz.role_coordinates_networks(user.role):
        user.coordinated_networks = []
    if not user.active:
        end_sessions(user)
        revoke_tokens(user)
    db.session.flush()
    record_change(actor, "update", user, {k: [v, getattr(user, k)] for k, v in before.items()
                                          if getattr(user, k) != v})
    return user


def choose_language(actor, language: str) -> None:
    """The language a signed-in user reads labnet in (pages, mail, problem details)."""
    authz.require(authz.is_logged_in(actor), actor)
    if language not in LANGUAGES:
        raise Invalid(_("Choose one of the languages."), {"language": [_("Unknown language.")]})
    actor.language = language
    db.session.flush()
