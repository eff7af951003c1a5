"""The member states of the European Union, by ISO 3166-1 alpha-2 code: an EU authorisation
of a GM food or feed (Regulation (EC) No 1829/2003) holds in each of them.

Source: European Union, "Country profiles" (https://european-union.europa.eu/principles-
countries-history/eu-countries_en), 27 member states since 1 February 2020. Greece is `GR`
in ISO 3166-1 (the EU's own protocol order writes it EL).
"""

EU = "EU"

EU_MEMBER_STATES = frozenset({
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
    "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
})
