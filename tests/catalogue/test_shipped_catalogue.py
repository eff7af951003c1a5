"""The shipped catalogue against its sources: GMOseek Table 1 rows (Block et al. 2013, BMC
Bioinformatics 14:256; qPCR results of screening assays on certified reference materials)
replayed through the screening interpreter, and the element, material and method facts the
research cited."""
import pytest
from sqlalchemy import select

from labnet.catalogue.models import Event, Method, ReferenceMaterial
from labnet.demo.catalogue import load_catalogue
from labnet.demo.catalogue_data import EVENTS, METHODS, REFERENCE_MATERIALS, SOURCES
from labnet.extensions import db
from labnet.matching.screening import interpret_screening


@pytest.fixture
def catalogue(app):
    load_catalogue()
    db.session.commit()


def names(result):
    return [c["name"] for c in result["candidates"]]


def candidate(result, name):
    return next(c for c in result["candidates"] if c["name"] == name)


def test_gmoseek_row_mon810_erm_bf413f(catalogue):
    # row 'MON810 (5%) ERM-BF413f': p35S +, pFMV -, pRice Actin -, tNOS -, t35S -
    result = interpret_screening(["P-35S"], ["P-FMV", "P-act1", "T-nos", "T-35S"], "maize")
    assert "MON810" in names(result)
    assert candidate(result, "MON810")["unknown_elements"] == []
    assert not {"Bt11", "NK603", "1507", "T25", "MON89034"} & set(names(result))
    assert result["unexplained_positives"] == []
    assert names(result)[0] == "MON810"  # the only candidate whose record settles every cell


def test_gmoseek_row_gt73_aocs_0304_b(catalogue):
    # row 'GT73 (>99%) AOCS 0304-B': pFMV +, tE9 +; p35S, pNOS, tNOS, t35S, tOCS -
    result = interpret_screening(["P-FMV", "T-E9"], ["P-35S", "P-nos", "T-nos", "T-35S", "T-ocs"])
    assert names(result)[:2] == ["GT73", "MON89788"]  # both explain two; GT73 has no unknowns
    assert candidate(result, "GT73")["unknown_elements"] == []
    assert candidate(result, "MON89788")["unknown_elements"] == ["P-35S", "P-nos", "T-nos", "T-ocs"]
    assert "H7-1" in names(result)  # P-FMV known present, T-E9 not settled
    assert "T-E9" in candidate(result, "H7-1")["unknown_elements"]
    assert any("P-FMV is positive without a negative FMV control" in w
               for w in result["warnings"])


def test_gmoseek_row_t25_aocs_0306_h(catalogue):
    # row 'T25 (100%) AOCS0306-H': p35S +, t35S +; pFMV, pRice Actin, tNOS -
    result = interpret_screening(["P-35S", "T-35S"], ["P-FMV", "P-act1", "T-nos"], "Zea mays")
    assert names(result)[:2] == ["T25", "1507"]  # equal and fully settled: by UID
    assert all(c["unknown_elements"] == [] for c in result["candidates"][:2])
    # MON810 is known to lack T-35S: it explains P-35S only
    assert candidate(result, "MON810")["matched_elements"] == ["P-35S"]


def test_gmoseek_row_gts_40_3_2_erm_bf410gk(catalogue):
    # row 'GTS 40-3-2 (10%) ERM-BF410gk': p35S +, tNOS +; pFMV, tE9, t35S -
    result = interpret_screening(["P-35S", "T-nos"], ["P-FMV", "T-E9", "T-35S"], "soybean")
    assert names(result) == ["GTS 40-3-2"]
    assert candidate(result, "GTS 40-3-2")["matched_elements"] == ["P-35S", "T-nos"]


def test_gmoseek_row_nk603_erm_bf415e(catalogue):
    # row 'NK603 (1.96%) ERM-BF415e': p35S +, pRice Actin +, tNOS +; pFMV -, t35S -
    result = interpret_screening(["P-35S", "P-act1", "T-nos"], ["P-FMV", "T-35S"], "maize")
    assert names(result)[0] == "NK603"
    assert candidate(result, "NK603")["matched_elements"] == ["P-35S", "P-act1", "T-nos"]
    # GA21's record leaves P-35S unknown (GMOseek's positive there came from an impurity)
    assert candidate(result, "GA21")["unknown_elements"] == ["P-35S"]
    assert "1507" not in names(result)  # T-35S known present


def test_gmoseek_row_a2704_12_aocs_0707_b_with_a_virus_control(catalogue):
    # row 'A2704-12 (100%) AOCS 0707-B': p35S +, t35S +; pFMV, tE9, tNOS -
    result = interpret_screening(["P-35S", "T-35S"], ["P-FMV", "T-E9", "T-nos", "CaMV"],
                                 "soybean")
    assert names(result) == ["A2704-12", "A5547-127"]
    assert not any("CaMV" in w for w in result["warnings"])


def test_element_cells_are_the_cited_ones_and_the_rest_unknown(catalogue):
    events = {e.name: e for e in db.session.scalars(select(Event))}

    def codes(elements):
        return {e.code for e in elements}
    assert "T-nos" in codes(events["MON810"].elements_absent)
    assert "T-35S" in codes(events["MON810"].elements_absent)
    assert "nptII" in codes(events["MON89034"].elements_absent)  # bred out (BCH 46305)
    assert "P-35S" in codes(events["GT73"].elements_absent)
    assert {"P-ubi", "T-35S", "P-35S"} <= codes(events["1507"].elements)
    mir162 = codes(events["MIR162"].elements) | codes(events["MIR162"].elements_absent)
    assert not {"T-35S", "T-nos"} & mir162  # never settled by a source read
    for event in events.values():
        assert all(cell.source is not None for cell in event.cells)


def test_every_shipped_fact_names_a_source_that_ships():
    cited = {c[2] for e in EVENTS for c in e["cells"]} | {r[6] for r in REFERENCE_MATERIALS} \
        | {m[8] for m in METHODS}
    assert cited <= set(SOURCES)
    assert all(title and url and licence for title, url, licence in SOURCES.values())
    assert all(a["source"] for e in EVENTS for a in e["authorisations"])


def test_the_gm_member_of_each_aocs_set_is_the_one_the_source_names(catalogue):
    materials = {m.code: m for m in db.session.scalars(select(ReferenceMaterial))}
    for code, uid in (("AOCS 0304-B", "MON-ØØØ73-7"), ("AOCS 0906-B", "MON-89788-1"),
                      ("AOCS 0707-B", "ACS-GMØØ5-3")):
        assert [e.unique_identifier for e in materials[code].events] == [uid]
        assert materials[code].role == "gm" and materials[code].source.key == "gmoseek_t1"
    assert not {"AOCS 0304-A", "AOCS 0906-A", "AOCS 0707-A", "ERM-BF416"} & set(materials)
    assert materials["AOCS 0707-C5"].form == "genomic_dna"
    assert materials["ERM-BF413f"].certified_value == "5 %"


def test_methods_ship_only_with_codes_a_source_confirmed(catalogue):
    methods = {m.code: m for m in db.session.scalars(select(Method))}
    assert methods["QL-ELE-00-004"].technique == "pcr"  # conventional gel PCR (Lipp 2001)
    assert methods["QL-ELE-00-012"].technique == "qpcr"
    assert methods["QT-TAX-ZM-008"].specificity == "taxon"
    assert not [c for c in methods if c.startswith(("LABNET-", "QT-EVE-"))]
    assert all(m.source is not None and m.matrices == [] for m in methods.values())


def test_authorisation_in_a_member_state_is_the_eu_decision(catalogue):
    result = interpret_screening(["P-35S", "T-nos"], [], "maize", "de")
    status = {c["name"]: c["authorisation"] for c in result["candidates"]}
    assert status["Bt11"] == "authorised"
    assert status["MON863"] == "expired"
    assert status["NK603"] == "no_record"  # its status after April 2025 is not known
    outside = interpret_screening(["P-35S"], [], "maize", "KE")
    assert {c["authorisation"] for c in outside["candidates"]} == {"no_record"}
