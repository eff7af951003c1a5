"""Shared by the benchmarks: serve labnet with gunicorn on loopback; the floor of material
matching."""
import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(database_url: str, workers: int = 4, app: str = "wsgi:app"):
    """A gunicorn serving labnet on 127.0.0.1; yields its base URL, stops it afterwards."""
    port = free_port()
    env = dict(os.environ, DATABASE_URL=database_url, LABNET_LOGIN_THROTTLE="100000 per minute")
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--log-level", "warning", app],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start: " + process.stderr.read1().decode())
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        process.stderr.close()


def flask(*args: str, database_url: str, stdin: str | None = None) -> str:
    env = dict(os.environ, DATABASE_URL=database_url, FLASK_APP="wsgi")
    return subprocess.run([str(BIN / "flask"), *args], cwd=ROOT, env=env, input=stdin, text=True,
                          capture_output=True, check=True).stdout


# One indexed SELECT returning the candidate rows of a material match, and nothing else.
FLOOR_MATERIALS = sa.text("""
    SELECT h.id, h.lab_id, l.name, l.country_code, l.latitude, l.longitude,
           c.subregion_code, h.quantity, h.unit, h.expiry_date, rm.kind, rm.code,
           h.terms, h.mta_required
    FROM holdings h JOIN labs l ON l.id = h.lab_id
    JOIN countries c ON c.code = l.country_code
    JOIN reference_materials rm ON rm.id = h.reference_material_id
    WHERE h.reference_material_id IN (
        SELECT rme.reference_material_id FROM reference_material_events rme
        JOIN events e ON e.id = rme.event_id WHERE e.uid_key = :key)
      AND h.archived_at IS NULL AND l.archived_at IS NULL AND h.shareable AND h.quantity >= 1
      AND (h.expiry_date IS NULL OR h.expiry_date >= :today) AND h.lab_id != :lab""")


def floor_material_rows(session, uid: str, lab_id: int) -> list:
    from labnet.catalogue.lookup import uid_key

    return session.execute(FLOOR_MATERIALS, {"key": uid_key(uid), "today": date.today(),
                                             "lab": lab_id}).all()
