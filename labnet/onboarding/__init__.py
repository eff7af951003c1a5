"""Bringing people in: invitations, requests for an account, and labs no one answers for."""
