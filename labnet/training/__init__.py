"""Training offers by laboratories and enrolments in them."""
