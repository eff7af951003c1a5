"""Shipped reference data: UN M49 regions, ISO 3166 countries, genetic elements."""
