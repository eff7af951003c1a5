"""Performance figures, each a ratio measured in one run on this machine.

    .venv/bin/python -m benchmarks.perf [--postgres URL] [--requests 200] [--sqlite-only]

For SQLite, and for PostgreSQL when it answers, it builds a synthetic network of 5,000 labs,
100,000 holdings and 1,000 events, then 10x the holdings and events, and prints one line per
figure with its target:
  1. labnet's median ÷ the floor's (one indexed SELECT returning the same candidate rows)
  2. brute force (everything in Python, a geodesic for each) ÷ labnet
  3. labnet at 10x ÷ labnet at 1x (same candidates per event)
for material matching, testing-partner search and coverage of a subregion (labnet and the
floor at both scales called in turn for each request, so the machine's drifting speed weighs
on all four alike); then
  5. HTTP: requests/s of the match endpoint ÷ requests/s of a bare Flask JSON endpoint,
     served by the same gunicorn in the same run (wrk, 16 connections; the median ratio
     of five rounds of 4 s each), beside the same ratio for an endpoint that runs only the
     floor query, which no match endpoint can beat.
"""
import argparse
import random
import statistics
import subprocess
import sys
import time
from datetime import date

import sqlalchemy as sa
from geopy.distance import geodesic

from benchmarks.common import flask, floor_material_rows, gunicorn

LABS, HOLDINGS, EVENTS = 5000, 100_000, 1000
HTTP_ROUNDS, HTTP_SECONDS = 5, 4


def median_ms(function, arguments) -> float:
    times = []
    for args in arguments:
        start = time.perf_counter()
        function(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def interleaved_medians_ms(calls: dict, requests: dict) -> dict:
    """The median of each of several functions over its requests, calling them in turn for
    each request (request i of each list), so that the machine's drifting speed weighs on
    all of them alike. calls: {key: (bench, function)}; requests: {key: [args, ...]}."""
    times = {key: [] for key in calls}
    n = len(next(iter(requests.values())))
    keys = list(calls)
    for i in range(n):
        order = keys if i % 2 == 0 else keys[::-1]
        for key in order:
            bench, function = calls[key]
            times[key].append(bench.timed(function, requests[key][i]))
    return {key: statistics.median(values) * 1000 for key, values in times.items()}


def fresh_database(kind: str, scale: int, postgres: str | None, tmp: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp}/bench-{scale}.sqlite"
    url = sa.engine.make_url(postgres)
    name = f"labnet_bench_{scale}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


class Bench:
    """One database at one scale, with the app bound to it."""

    def __init__(self, url: str, scale: int, n_requests: int):
        from labnet import create_app
        from labnet.extensions import db

        flask("db", "upgrade", database_url=url)
        flask("labnet", "synth", "--labs", str(LABS), "--holdings", str(HOLDINGS * scale),
              "--events", str(EVENTS * scale), "--seed", "1", database_url=url)
        self.app = create_app(overrides={"SQLALCHEMY_DATABASE_URI": url})
        self.db = db
        from labnet.accounts.models import User

        self.actor = User(email="bench@example.org", role="admin", name="bench")
        rng = random.Random(7)
        with self.app.app_context():
            self.uids = db.session.scalars(sa.select(sa.text("unique_identifier")).select_from(
                sa.text("events")).order_by(sa.text("id"))).all()
            self.lab_ids = db.session.scalars(sa.select(sa.text("id")).select_from(
                sa.text("labs")).order_by(sa.text("id"))).all()
        # the same events (by position) at both scales: holdings per event are the same
        self.requests = [(self.uids[rng.randrange(EVENTS)], rng.choice(self.lab_ids))
                         for _ in range(n_requests)]

    def timed(self, function, args) -> float:
        """Seconds one call takes in this app, its connection checked out before the clock
        starts and its transaction committed after, as labnet ends a read."""
        with self.app.app_context():
            self.db.session.connection()
            start = time.perf_counter()
            function(*args)
            elapsed = time.perf_counter() - start
            self.db.session.commit()
        return elapsed

    def untimed(self, function, args):
        with self.app.app_context():
            return function(*args)

    def close(self):
        with self.app.app_context():
            self.db.engine.dispose()

    # material matching
    def labnet_materials(self, uid, lab_id):
        from labnet.matching.materials import match_materials

        return match_materials(self.actor, uid, requester_lab=lab_id, limit=20)

    def floor_materials(self, uid, lab_id):
        return floor_material_rows(self.db.session, uid, lab_id)

    def brute_materials(self, uid, lab_id):
        rows = self.db.session.execute(sa.text("""
            SELECT h.id, h.lab_id, h.quantity, h.expiry_date, h.shareable, l.latitude, l.longitude,
                   e.unique_identifier FROM holdings h JOIN labs l ON l.id = h.lab_id
            JOIN reference_material_events rme ON rme.reference_material_id = h.reference_material_id
            JOIN events e ON e.id = rme.event_id""")).all()
        me = self.db.session.execute(sa.text("SELECT latitude, longitude FROM labs WHERE id = :i"),
                                     {"i": lab_id}).one()
        found = []
        for row in rows:
            distance = geodesic((me[0], me[1]), (row.latitude, row.longitude)).km
            expiry = row.expiry_date if isinstance(row.expiry_date, (date, type(None))) \
                else date.fromisoformat(row.expiry_date)
            if (row.unique_identifier == uid and row.shareable and row.quantity >= 1
                    and (expiry is None or expiry >= date.today()) and row.lab_id != lab_id):
                found.append((distance, row.id))
        return sorted(found)[:20]

    # testing partners
    def partner_requests(self):
        rng = random.Random(11)
        return [([self.uids[rng.randrange(EVENTS)] for _ in range(2)], rng.uniform(-20, 20),
                 rng.uniform(-60, 100)) for _ in range(len(self.requests))]

    def labnet_partners(self, uids, lat, lon):
        from labnet.matching.partners import match_testing_partners

        return match_testing_partners(self.actor, events=uids, lat=lat, lon=lon, limit=20)

    def floor_partners(self, uids, lat, lon):
        from labnet.catalogue.lookup import uid_key

        return self.db.session.execute(sa.text("""
            SELECT c.lab_id, c.method_id, me.event_id, l.name, l.country_code, l.latitude,
                   l.longitude, l.turnaround_days, l.matrices
            FROM capabilities c JOIN methods m ON m.id = c.method_id
            JOIN method_events me ON me.method_id = m.id JOIN labs l ON l.id = c.lab_id
            WHERE m.specificity = 'event' AND m.validation_status != 'not_validated'
              AND l.accepts_external_samples AND l.archived_at IS NULL
              AND me.event_id IN (SELECT id FROM events WHERE uid_key IN (:a, :b))"""),
            {"a": uid_key(uids[0]), "b": uid_key(uids[1])}).all()

    def brute_partners(self, uids, lat, lon):
        rows = self.db.session.execute(sa.text("""
            SELECT l.id, l.latitude, l.longitude, l.accepts_external_samples, m.validation_status,
                   m.specificity, e.unique_identifier FROM labs l
            LEFT JOIN capabilities c ON c.lab_id = l.id LEFT JOIN methods m ON m.id = c.method_id
            LEFT JOIN method_events me ON me.method_id = m.id
            LEFT JOIN events e ON e.id = me.event_id""")).all()
        covered, distance = {}, {}
        for row in rows:
            if row.id not in distance:
                distance[row.id] = geodesic((lat, lon), (row.latitude, row.longitude)).km
            if (row.accepts_external_samples and row.unique_identifier in uids
                    and row.specificity == "event" and row.validation_status != "not_validated"):
                covered.setdefault(row.id, set()).add(row.unique_identifier)
        return sorted((-len(v), distance[k], k) for k, v in covered.items())[:20]

    # coverage of a subregion, for a fixed set of 20 events
    def coverage_requests(self):
        rng = random.Random(13)
        subregions = ["014", "011", "018", "005", "035", "034", "013"]
        return [(rng.choice(subregions), [self.uids[rng.randrange(EVENTS)] for _ in range(20)])
                for _ in range(max(20, len(self.requests) // 5))]

    def labnet_coverage(self, region, uids):
        from labnet.coverage.services import coverage

        return coverage(self.actor, region=region, events=uids)

    def floor_coverage(self, region, uids):
        from labnet.catalogue.lookup import uid_key

        keys = [uid_key(u) for u in uids]
        placeholders = ", ".join(f":k{i}" for i in range(len(keys)))
        return self.db.session.execute(sa.text(f"""
            SELECT rme.event_id, COUNT(DISTINCT h.lab_id) FROM holdings h
            JOIN reference_material_events rme ON rme.reference_material_id = h.reference_material_id
            JOIN labs l ON l.id = h.lab_id JOIN countries c ON c.code = l.country_code
            WHERE c.subregion_code = :region AND h.quantity > 0
              AND h.archived_at IS NULL AND l.archived_at IS NULL
              AND (h.expiry_date IS NULL OR h.expiry_date >= :today)
              AND rme.event_id IN (SELECT id FROM events WHERE uid_key IN ({placeholders}))
            GROUP BY rme.event_id"""), {"region": region, "today": date.today(),
                                        **{f"k{i}": k for i, k in enumerate(keys)}}).all()

    def brute_coverage(self, region, uids):
        labs = {row.id for row in self.db.session.execute(sa.text(
            "SELECT l.id FROM labs l JOIN countries c ON c.code = l.country_code "
            "WHERE c.subregion_code = :r"), {"r": region})}
        holdings = self.db.session.execute(sa.text("""
            SELECT h.lab_id, h.quantity, h.expiry_date, e.unique_identifier FROM holdings h
            JOIN reference_material_events rme ON rme.reference_material_id = h.reference_material_id
            JOIN events e ON e.id = rme.event_id""")).all()
        material = {}
        for h in holdings:
            if h.lab_id in labs and h.quantity > 0 and h.unique_identifier in uids:
                material.setdefault(h.unique_identifier, set()).add(h.lab_id)
        return material


def line(label, value, target, op):
    ok = value <= target if op == "<=" else value >= target
    return f"{label:<58} {value:8.2f}   target {op} {target:<5} {'ok' if ok else 'MISSED'}"


def run_backend(kind, postgres, n_requests, brute_requests, tmp, out):
    benches = {}
    for scale in (1, 10):
        started = time.perf_counter()
        benches[scale] = Bench(fresh_database(kind, scale, postgres, tmp), scale, n_requests)
        out(f"[{kind}] {scale}x: {LABS} labs, {HOLDINGS * scale} holdings, {EVENTS * scale} "
            f"events, built in {time.perf_counter() - started:.0f} s")
    requests = {scale: {"materials": bench.requests, "partners": bench.partner_requests(),
                        "coverage": bench.coverage_requests()}
                for scale, bench in benches.items()}
    for name in ("materials", "partners", "coverage"):
        calls, args = {}, {}
        for scale, bench in benches.items():
            for what in ("labnet", "floor"):
                calls[(scale, what)] = (bench, getattr(bench, f"{what}_{name}"))
                args[(scale, what)] = requests[scale][name]
        for key, (bench, function) in calls.items():  # warm caches and the connection pools
            for a in args[key][:5]:
                bench.timed(function, a)
        m = interleaved_medians_ms(calls, args)
        one = benches[1]
        brute = median_ms(lambda *a, one=one, name=name: one.untimed(getattr(one, f"brute_{name}"), a),
                          requests[1][name][:brute_requests])
        out(f"[{kind}] {name}: labnet {m[(1, 'labnet')]:.2f} ms, floor {m[(1, 'floor')]:.2f} ms, "
            f"brute force {brute:.1f} ms, labnet at 10x {m[(10, 'labnet')]:.2f} ms")
        out(line(f"[{kind}] {name}: labnet / floor", m[(1, "labnet")] / m[(1, "floor")], 2.5, "<="))
        out(line(f"[{kind}] {name}: brute force / labnet", brute / m[(1, "labnet")], 50, ">="))
        out(line(f"[{kind}] {name}: labnet 10x / 1x", m[(10, "labnet")] / m[(1, "labnet")], 1.3,
                 "<="))
    benches[1].close()
    out(http_ratio(benches[10], kind))
    benches[10].close()


def http_ratio(bench, kind) -> str:
    import json
    import shutil
    import tempfile
    import urllib.request
    from pathlib import Path

    if not shutil.which("wrk"):
        return f"[{kind}] HTTP: wrk not installed; skipped"
    url = bench.app.config["SQLALCHEMY_DATABASE_URI"]
    flask("labnet", "create-user", "bench@labnet.example", "--role", "admin",
          database_url=url, stdin="quiet lantern orbit benchmark 58\n")
    uid, lab_id = bench.requests[0]
    with gunicorn(url, workers=2, app="benchmarks.bare_app:app") as base:
        request = urllib.request.Request(
            f"{base}/api/v1/tokens", method="POST", headers={"Content-Type": "application/json"},
            data=json.dumps({"email": "bench@labnet.example",
                             "password": "quiet lantern orbit benchmark 58"}).encode())
        with urllib.request.urlopen(request) as response:
            token = json.loads(response.read())["token"]
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(f'wrk.headers["Authorization"] = "Bearer {token}"\n')
        query = f"event={uid}&requester_lab={lab_id}"
        paths = {"bare": "/bench/bare", "floor": f"/bench/floor?{query}",
                 "match": f"/api/v1/match/materials?{query}"}
        # This machine's speed drifts by tens of percent within a minute: rounds of the three
        # in turn, a ratio per round, and the round of median ratio.
        rounds = []
        for _ in range(HTTP_ROUNDS):
            rates = {name: wrk_rate(base + path, handle.name) for name, path in paths.items()}
            rounds.append((rates["match"] / rates["bare"], rates["floor"] / rates["bare"], rates))
    Path(handle.name).unlink()
    ratio, ceiling, rates = sorted(rounds, key=lambda r: r[0])[len(rounds) // 2]
    spread = ", ".join(f"{r[0]:.2f}" for r in rounds)
    return "\n".join([
        # the floor query alone behind the same server: what no match endpoint can beat here
        f"[{kind}] HTTP: floor query {rates['floor']:.0f}/s ÷ bare {rates['bare']:.0f}/s "
        f"{ceiling:8.2f}   (the ceiling here)",
        line(f"[{kind}] HTTP: match {rates['match']:.0f}/s ÷ bare {rates['bare']:.0f}/s "
             f"(rounds {spread})", ratio, 0.25, ">=")])


def wrk_rate(url: str, script: str) -> float:
    output = subprocess.run(["wrk", "-t", "2", "-c", "16", "-d", f"{HTTP_SECONDS}s", "-s", script,
                             url], capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output:
        raise RuntimeError(f"{url} answered with errors:\n{output}")
    return float(output.split("Requests/sec:")[1].split()[0])


def main(argv=None) -> int:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--brute-requests", type=int, default=5)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args(argv)
    backends = ["sqlite"]
    if not args.sqlite_only:
        try:
            sa.create_engine(args.postgres).connect().close()
            backends.append("postgres")
        except Exception as error:  # no server: say so and measure SQLite alone
            print(f"PostgreSQL not reachable ({type(error).__name__}); SQLite only")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in backends:
            run_backend(kind, args.postgres, args.requests, args.brute_requests, tmp,
                        lambda text: print(text, flush=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
