"""The starter catalogue of real events and reference materials, and a fictional demo network."""
