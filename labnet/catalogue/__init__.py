"""The catalogue: LMO events, detection methods and reference materials."""
