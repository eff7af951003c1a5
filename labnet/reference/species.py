"""The species events belong to: one canonical (common English) name each, with the scientific
name and other names users type. Scientific names as in the EU register of GM food and feed
and the Biosafety Clearing-House LMO registry."""

SPECIES = [
    # canonical name, scientific name, other names
    ("maize", "Zea mays", ["corn"]),
    ("soybean", "Glycine max", ["soya", "soya bean", "soy"]),
    ("oilseed rape", "Brassica napus", ["rapeseed", "canola", "Argentine canola"]),
    ("sugar beet", "Beta vulgaris", []),
    ("cotton", "Gossypium hirsutum", ["upland cotton"]),
    ("rice", "Oryza sativa", []),
    ("potato", "Solanum tuberosum", []),
    ("wheat", "Triticum aestivum", []),
    ("alfalfa", "Medicago sativa", ["lucerne"]),
    ("papaya", "Carica papaya", []),
    ("eggplant", "Solanum melongena", ["brinjal", "aubergine"]),
    ("sugarcane", "Saccharum officinarum", []),
    ("carnation", "Dianthus caryophyllus", []),
    ("tomato", "Solanum lycopersicum", []),
    ("cowpea", "Vigna unguiculata", []),
    ("cassava", "Manihot esculenta", []),
    ("banana", "Musa acuminata", []),
    ("safflower", "Carthamus tinctorius", []),
    ("squash", "Cucurbita pepo", []),
    ("linseed", "Linum usitatissimum", ["flax"]),
]

_KEYS = {name.casefold(): canonical
         for canonical, scientific, others in SPECIES
         for name in [canonical, scientific, *others]}


def canonical_species(typed: str) -> str | None:
    """The canonical name of a species typed by its common or scientific name (`Zea mays` ->
    `maize`), or None when it is not on the list."""
    return _KEYS.get(" ".join(typed.split()).casefold())


def species_names() -> list[str]:
    return [canonical for canonical, _, _ in SPECIES]
