"""The coverage map's shapes cut to the region in view."""
from pathlib import Path

from labnet.coverage.atlas import ATLAS, regional_atlas

WORLD = str(Path(__file__).resolve().parents[2] / "static" / ATLAS)
EAST_AFRICA = {"404", "800", "834"}  # Kenya, Uganda, Tanzania


def ids(topology) -> set:
    return {g.get("id") for g in topology["objects"]["countries"]["geometries"]}


def test_the_cut_keeps_the_scope_and_its_neighbours_and_leaves_other_continents_out():
    cut = regional_atlas(WORLD, EAST_AFRICA)
    assert ids(cut) >= EAST_AFRICA
    assert {"646", "231"} <= ids(cut)  # Rwanda, Ethiopia: neighbours
    assert not {"076", "840", "036"} & ids(cut)  # Brazil, United States, Australia


def test_the_cut_is_a_fraction_of_the_world_and_names_only_arcs_it_has():
    world = regional_atlas(WORLD, set())
    cut = regional_atlas(WORLD, EAST_AFRICA)
    assert len(cut["arcs"]) < len(world["arcs"]) / 4

    def indices(node):
        return [node] if isinstance(node, int) else [i for child in node for i in indices(child)]
    used = {i if i >= 0 else ~i for g in cut["objects"]["countries"]["geometries"]
            for i in indices(g["arcs"])}
    assert used == set(range(len(cut["arcs"])))


def test_unknown_countries_give_the_whole_world():
    assert len(regional_atlas(WORLD, {"999"})["arcs"]) == len(regional_atlas(WORLD, set())["arcs"])


def test_the_atlas_answer_is_cached_for_a_year_under_the_current_digest_only(client):
    files = client.application.extensions["labnet_static"]
    digest = files.digest(ATLAS)
    current = client.get(f"/atlas/countries.json?ids=404,800&v={digest}")
    assert current.status_code == 200 and "immutable" in current.headers["Cache-Control"]
    assert current.json["objects"]["countries"]["geometries"]
    old = client.get("/atlas/countries.json?ids=404,800&v=000000000000")
    assert "immutable" not in old.headers["Cache-Control"]
    assert client.get("/atlas/countries.json?ids=40x").status_code == 404
