from sqlalchemy import JSON

from labnet.database import UTCDateTime, utcnow
from labnet.extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"
    id = db.Column(db.Integer, primary_key=True)
    at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    user_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    ip = db.Column(db.String(45))
    action = db.Column(db.String(20), nullable=False)
    entity_type = db.Column(db.String(40), nullable=False)
    entity_id = db.Column(db.Integer, nullable=False)
    # the lab the change belongs to, so a lab's history is one indexed query
    lab_id = db.Column(db.Integer, index=True)
    # the other parties an entry names (the requesting lab, the border agent, the enrollee):
    # with the lab's managers, only they read it (authz.history_visible)
    party_lab_id = db.Column(db.Integer)
    party_user_id = db.Column(db.Integer)
    changes = db.Column(JSON, nullable=False, default=dict)
    user = db.relationship("User", lazy="joined")

    __table_args__ = (db.Index("ix_audit_entries_entity", "entity_type", "entity_id"),)
