"""Static files for slow links: hashed names cached for a year, compressed; pages compressed."""
import re

from labnet.assets import HASHED_NAME


def hashed(client, filename):
    with client.application.test_request_context():
        from labnet.assets import static_url
        return static_url(filename)


def test_a_hashed_name_is_immutable_and_the_plain_name_is_short_lived(client):
    url = hashed(client, "css/labnet.css")
    assert HASHED_NAME.match(url.removeprefix("/static/"))
    answer = client.get(url, headers={"Accept-Encoding": "br, gzip"})
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert answer.headers["Content-Encoding"] == "br"
    plain = client.get("/static/css/labnet.css")
    assert plain.status_code == 200 and "immutable" not in plain.headers["Cache-Control"]
    assert "Content-Encoding" not in plain.headers  # asked for none


def test_an_old_hashed_name_still_answers_with_todays_file_briefly(client):
    answer = client.get("/static/css/labnet.0123456789ab.css", headers={"Accept-Encoding": "gzip"})
    assert answer.status_code == 200 and answer.headers["Content-Encoding"] == "gzip"
    assert "immutable" not in answer.headers["Cache-Control"]


def test_the_page_names_its_files_by_their_hash_and_links_the_favicon(client):
    page = client.get("/labs").get_data(as_text=True)
    assert hashed(client, "css/labnet.css") in page
    assert hashed(client, "favicon.svg") in page and 'rel="icon"' in page


def test_pages_are_compressed_and_revalidated(client):
    answer = client.get("/labs", headers={"Accept-Encoding": "br"})
    assert answer.headers["Content-Encoding"] == "br"
    assert answer.headers["Cache-Control"] == "private, no-cache"


def test_axe_core_and_files_outside_static_are_not_served(client):
    assert client.get("/static/vendor/axe-core/axe.min.js").status_code == 404
    assert client.get("/static/../config.py").status_code == 404
    assert client.get("/static/nothing-here.css").status_code == 404


def test_error_pages_are_in_the_layout_with_a_language(client):
    answer = client.get("/labs/999999")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 404
    assert re.search(r'<html lang="[a-z]{2}', page) and 'aria-label="Main"' in page and "<h1>" in page
