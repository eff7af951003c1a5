"""Every model, imported once so that metadata (and Alembic) sees the whole schema."""
from labnet.accounts.models import AccountRequest, ApiToken, Invitation, PasswordReset, RecoveryCode, User  # noqa: F401
from labnet.audit.models import AuditEntry  # noqa: F401
from labnet.catalogue.models import Event, Method, ReferenceMaterial  # noqa: F401
from labnet.coverage.models import CoverageSnapshot  # noqa: F401
from labnet.documents.models import Document  # noqa: F401
from labnet.holdings.models import Holding  # noqa: F401
from labnet.labs.models import Accreditation, Capability, Lab  # noqa: F401
from labnet.mail.models import OutgoingMail  # noqa: F401
from labnet.networks.models import Network, NetworkMembership  # noqa: F401
from labnet.notifications.models import Notification, NotificationPreference  # noqa: F401
from labnet.proficiency.models import ProficiencyTest  # noqa: F401
from labnet.reference.models import Country, Element, ElementAlias, Region  # noqa: F401
from labnet.reminders.models import ReminderSent  # noqa: F401
from labnet.requests.models import (  # noqa: F401
    MaterialRequest,
    MaterialRequestStep,
    TestingReport,
    TestingRequest,
    TestingRequestStep,
    TestingSample,
)
from labnet.training.models import Enrolment, TrainingOffer  # noqa: F401
