"""Load: 64 concurrent connections for 30 s through gunicorn on loopback, no errors."""
import os
import shutil

import pytest

from benchmarks import load


@pytest.mark.skipif(not shutil.which("wrk") and not os.environ.get("CI"),
                    reason="wrk (Debian package) is not installed")
def test_64_connections_for_30_seconds_without_errors(app, database_url, capsys):
    figures = load.run(database_url, duration=30, connections=64, workers=4)
    with capsys.disabled():
        print(f"\nload: {figures['rps']:.0f} requests/s, p50 {figures['p50_ms']:.0f} ms, "
              f"p99 {figures['p99_ms']:.0f} ms, {figures['requests']} requests, "
              f"errors {figures['errors']}")
    assert figures["errors"] == 0
    assert figures["requests"] > 64 * 10
