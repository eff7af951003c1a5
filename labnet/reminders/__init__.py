"""Reminders: accreditations and lots expiring, lots out of stock, lab records to reconfirm."""
