"""A slow link (500 kbit/s, 300 ms latency, emulated through the DevTools protocol): the
coordinator's coverage page, map included, loads within 3 s and 250 KB on a first visit and
30 KB on the next; every other page weighs at most 150 KB on a first visit."""
import re
import time

import pytest

from labnet.demo.seed import DEMO_PASSWORD
from tests.browser.conftest import two_factor_code
from tests.browser.field import ROLES, page_paths, seed_demo_with_requests

pytestmark = pytest.mark.browser

SLOW_LINK = {"offline": False, "latency": 300, "downloadThroughput": 500_000 / 8,
             "uploadThroughput": 500_000 / 8}
KB = 1000


@pytest.fixture
def demo(app):
    return seed_demo_with_requests()


class Meter:
    """Bytes the browser received over the network (compressed, headers included); a file
    taken from the browser's cache counts nothing."""

    def __init__(self, context, page):
        self.cdp = context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.received = {}
        self.cdp.on("Network.loadingFinished",
                    lambda event: self.received.__setitem__(event["requestId"],
                                                            event["encodedDataLength"]))

    def throttle(self):
        self.cdp.send("Network.emulateNetworkConditions", SLOW_LINK)

    def empty_cache(self):
        self.cdp.send("Network.clearBrowserCache")

    def measure(self, page, path: str) -> tuple[int, float]:
        """(bytes, seconds) to open the page, with the coverage map drawn where there is one."""
        self.received.clear()
        started = time.monotonic()
        page.goto(path, wait_until="load")
        if page.locator("#map").count():
            page.wait_for_selector("#map[data-ready]")
        seconds = time.monotonic() - started
        page.wait_for_load_state("networkidle")
        return sum(self.received.values()), seconds


def post_with_token(context, path, form):
    """Post a form of the page at `path` with its CSRF token, without following the answer."""
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      context.request.get(path).text()).group(1)
    return context.request.post(path, form={"csrf_token": token, **form}, max_redirects=0)


def signed_in(browser, live_server, email):
    """A fresh browser with an empty cache, logged in without opening a page (so the site's
    files are not in its cache yet), with the two-factor step when the account has it on."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    answer = post_with_token(context, "/login", {"email": email, "password": DEMO_PASSWORD})
    assert answer.status == 302, answer.status
    if "/login/code" in answer.headers["location"]:
        answer = post_with_token(context, "/login/code", {"code": two_factor_code(email)})
        assert answer.status == 302 and "/login" not in answer.headers["location"], answer.status
    page = context.new_page()
    page.set_default_timeout(30000)
    return context, page


def test_the_coverage_page_on_a_slow_link_takes_3_s_and_250_kb_then_30_kb(demo, browser,
                                                                          live_server):
    context, page = signed_in(browser, live_server, ROLES["coordinator"])
    meter = Meter(context, page)
    meter.throttle()
    first, seconds = meter.measure(page, "/coverage")
    again, _ = meter.measure(page, "/coverage")
    context.close()
    print(f"\ncoverage on 500 kbit/s, 300 ms: first visit {first / KB:.1f} KB in {seconds:.2f} s, "
          f"next visit {again / KB:.1f} KB")
    assert seconds <= 3.0
    assert first <= 250 * KB
    assert again <= 30 * KB


@pytest.mark.parametrize("role", ["visitor", "admin", "lab manager", "border agent"])
def test_every_other_page_weighs_at_most_150_kb_on_a_first_visit(demo, browser, live_server,
                                                                 role):
    if ROLES[role]:
        context, page = signed_in(browser, live_server, ROLES[role])
    else:
        context = browser.new_context(base_url=live_server)
        page = context.new_page()
    meter = Meter(context, page)
    weights = {}
    for path in page_paths(demo):
        if path.startswith("/coverage"):
            continue
        meter.empty_cache()
        weights[path], _ = meter.measure(page, path)
    context.close()
    heaviest = max(weights, key=weights.get)
    print(f"{role}: {len(weights)} pages, heaviest {heaviest} {weights[heaviest] / KB:.1f} KB")
    assert len(weights) >= 15
    assert all(size <= 150 * KB for size in weights.values()), weights
