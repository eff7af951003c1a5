"""Shared by the benchmarks: serve labnet with gunicorn on loopback."""
import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

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
