"""Notifications: in-app notices, each mailed at once, gathered in a daily digest, or not
mailed, as its recipient prefers for its kind."""
from labnet.notifications.services import notify

__all__ = ["notify"]
