"""UN M49 geographic regions and the countries in them.

Region codes and names: UN Statistics Division, Standard country or area codes for
statistical use (M49), https://unstats.un.org/unsd/methodology/m49/ . Which countries lie in
which region comes from the country_converter package's table (column UNregion, kept from the
same UNSD source); countries come from pycountry (ISO 3166-1).
"""
import csv
from pathlib import Path

# code, name, parent (the M49 hierarchy: world > region > sub-region > intermediate region)
REGIONS = [
    ("001", "World", None),
    ("002", "Africa", "001"),
    ("015", "Northern Africa", "002"),
    ("202", "Sub-Saharan Africa", "002"),
    ("014", "Eastern Africa", "202"),
    ("017", "Middle Africa", "202"),
    ("018", "Southern Africa", "202"),
    ("011", "Western Africa", "202"),
    ("019", "Americas", "001"),
    ("419", "Latin America and the Caribbean", "019"),
    ("029", "Caribbean", "419"),
    ("013", "Central America", "419"),
    ("005", "South America", "419"),
    ("021", "Northern America", "019"),
    ("142", "Asia", "001"),
    ("143", "Central Asia", "142"),
    ("030", "Eastern Asia", "142"),
    ("035", "South-eastern Asia", "142"),
    ("034", "Southern Asia", "142"),
    ("145", "Western Asia", "142"),
    ("150", "Europe", "001"),
    ("151", "Eastern Europe", "150"),
    ("154", "Northern Europe", "150"),
    ("039", "Southern Europe", "150"),
    ("155", "Western Europe", "150"),
    ("009", "Oceania", "001"),
    ("053", "Australia and New Zealand", "009"),
    ("054", "Melanesia", "009"),
    ("057", "Micronesia", "009"),
    ("061", "Polynesia", "009"),
]

REGION_BY_NAME = {name: code for code, name, _ in REGIONS}
REGION_NAMES = {code: name for code, name, _ in REGIONS}
PARENT = {code: parent for code, _, parent in REGIONS}
CONTINENTS = {"002", "019", "142", "150", "009"}


def continent_of(code: str) -> str:
    while code not in CONTINENTS:
        code = PARENT[code]
    return code


def un_region_names() -> dict[str, str]:
    """alpha-3 -> M49 (intermediate or sub-)region name, from country_converter's table."""
    import country_converter

    table = Path(country_converter.__file__).with_name("country_data.tsv")
    with table.open(encoding="utf-8") as handle:
        return {row["ISO3"]: row["UNregion"] for row in csv.DictReader(handle, delimiter="\t")
                if row["UNregion"] in REGION_BY_NAME}


def descendants(code: str) -> set[str]:
    """The region and every M49 area below it."""
    found = {code}
    changed = True
    while changed:
        changed = False
        for child, _, parent in REGIONS:
            if parent in found and child not in found:
                found.add(child)
                changed = True
    return found
