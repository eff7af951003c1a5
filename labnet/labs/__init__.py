"""Laboratories, their networks, accreditations and detection capabilities."""
