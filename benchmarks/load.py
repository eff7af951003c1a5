"""Load: labnet under gunicorn on loopback, wrk at 64 connections over the lab directory,
search, lab pages and material matching. Prints requests/s, p50, p99 and errors.

    .venv/bin/python -m benchmarks.load [--duration 30] [--connections 64] [--database-url URL]

Without --database-url it builds a fresh SQLite database with the demo network.
"""
import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

import pyotp

from benchmarks.common import flask, gunicorn

LUA = """
local paths = PATHS
local token = "TOKEN"
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], {["Authorization"] = "Bearer " .. token})
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %d %d %d %d %d\\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(99), summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
end
"""


def prepare(database_url: str) -> str:
    """The schema and the demo network (seed-demo does nothing if it is already there); the
    demo admin's two-factor secret, which seed-demo prints."""
    flask("db", "upgrade", database_url=database_url)
    printed = flask("labnet", "seed-demo", database_url=database_url)
    return re.search(r"admin@labnet\.example\s+two-factor secret (\w+)", printed).group(1)


def token_for(base: str, email: str, password: str, otp_secret: str) -> str:
    body = {"email": email, "password": password, "otp": pyotp.TOTP(otp_secret).now()}
    request = urllib.request.Request(f"{base}/api/v1/tokens", method="POST",
                                     data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())["token"]


def run(database_url: str, duration: int, connections: int, workers: int) -> dict:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian package wrk)")
    secret = prepare(database_url)
    with gunicorn(database_url, workers=workers) as base:
        token = token_for(base, "admin@labnet.example", "labnet-demo-2026", secret)
        with urllib.request.urlopen(f"{base}/api/v1/labs?per_page=5") as response:
            lab_ids = [lab["id"] for lab in json.loads(response.read())["items"]]
        paths = ["/labs", "/labs?q=national", "/labs?event=MON-%C3%98%C3%9881%C3%98-6&accredited=true",
                 "/api/v1/labs?country=KE", *[f"/labs/{i}" for i in lab_ids[:3]],
                 f"/api/v1/match/materials?event=mon-00810-6&requester_lab={lab_ids[0]}",
                 "/api/v1/match/testing-partners?lat=-4.05&lon=39.66&events=MON-00603-6",
                 "/api/v1/match/materials?event=MON-04032-6&lat=0&lon=30&accredited_only=true"]
        script = LUA.replace("PATHS", "{" + ", ".join(json.dumps(p) for p in paths) + "}") \
            .replace("TOKEN", token)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(script)
        output = subprocess.run(
            ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--timeout", "10s",
             "-s", handle.name, base], capture_output=True, text=True, check=True).stdout
        Path(handle.name).unlink()
    fields = re.search(r"RESULT (.*)", output).group(1).split()
    requests, micros, p50, p99, *errors = map(int, fields)
    return {"requests": requests, "seconds": micros / 1e6, "rps": requests / (micros / 1e6),
            "p50_ms": p50 / 1000, "p99_ms": p99 / 1000, "errors": sum(errors),
            "connections": connections, "paths": len(paths)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database-url")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/load.sqlite"
        figures = run(url, args.duration, args.connections, args.workers)
    print(f"load: {figures['requests']} requests in {figures['seconds']:.1f} s over "
          f"{figures['paths']} paths at {figures['connections']} connections")
    print(f"load: {figures['rps']:.0f} requests/s, p50 {figures['p50_ms']:.1f} ms, "
          f"p99 {figures['p99_ms']:.1f} ms, errors {figures['errors']}")
    return 1 if figures["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
