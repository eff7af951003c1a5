from geopy.distance import geodesic
from hypothesis import given, settings
from hypothesis import strategies as st

from labnet import geo

latitudes = st.floats(-90, 90, allow_nan=False)
longitudes = st.floats(-180, 180, allow_nan=False)
points = st.tuples(latitudes, longitudes)


@settings(max_examples=300, deadline=None)
@given(points, points)
def test_distances_are_geopys_wgs84_geodesics_to_the_millimetre(a, b):
    exact = geo.WGS84.inv(a[1], a[0], b[1], b[0], return_back_azimuth=False)[2]
    assert abs(exact - geodesic(a, b).m) < 0.001


@settings(max_examples=50, deadline=None)
@given(points, st.lists(st.one_of(points, st.just((None, None))), max_size=30))
def test_distances_from_one_origin_match_one_by_one_and_keep_unknowns(origin, others):
    assert geo.distances_km(origin, others) == [geo.distance_km(origin, p) for p in others]


def test_known_distances_and_unknown_points():
    nairobi, kampala = (-1.2864, 36.8172), (0.3476, 32.5825)
    assert geo.distance_km(nairobi, kampala) == round(geodesic(nairobi, kampala).km, 1)
    assert 500 < geo.distance_km(nairobi, kampala) < 520
    # nearly antipodal points, where simpler methods fail to converge
    assert geo.distance_km((0, 0), (0.5, 179.7)) == round(geodesic((0, 0), (0.5, 179.7)).km, 1)
    assert geo.distance_km(nairobi, (None, None)) is None
    assert geo.distances_km((None, None), [nairobi, kampala]) == [None, None]
    assert geo.distances_km(nairobi, []) == []
