"""Static files for slow links: content-hashed names cached for a year, compressed once.

`static_url('css/labnet.css')` names `css/labnet.<digest>.css`, the digest taken from the
file's bytes once per process, so a changed file gets a new name and a browser may keep the
old one forever. The plain name is still served (with a short lifetime), and so is a hashed
name of an older version, with today's bytes. Each file is compressed (brotli, else gzip)
once per process rather than on every request.
"""
import gzip
import hashlib
import mimetypes
import re
from pathlib import Path

import brotli
from flask import abort, current_app, g, request, url_for
from werkzeug.security import safe_join

HASHED_NAME = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{12})(?P<suffix>\.[A-Za-z0-9]+)$")
# vendored for the browser tests only (axe-core checks pages); never sent to users
PRIVATE = ("vendor/axe-core/",)
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml",
                "application/geo+json")
YEAR = 365 * 24 * 3600
SHORT = 300


class StaticFiles:
    def __init__(self, folder: str):
        self.folder = folder
        self._digests: dict[str, str | None] = {}
        self._bodies: dict[tuple[str, str], bytes] = {}

    def _path(self, filename: str) -> Path | None:
        if filename.startswith(PRIVATE):
            return None
        joined = safe_join(self.folder, filename)
        return Path(joined) if joined and Path(joined).is_file() else None

    def digest(self, filename: str) -> str | None:
        if filename not in self._digests:
            path = self._path(filename)
            self._digests[filename] = (hashlib.sha256(path.read_bytes()).hexdigest()[:12]
                                       if path else None)
        return self._digests[filename]

    def hashed_name(self, filename: str) -> str:
        digest = self.digest(filename)
        if digest is None:
            return filename
        stem, dot, suffix = filename.rpartition(".")
        return f"{stem}.{digest}.{suffix}" if dot else filename

    def body(self, filename: str, encoding: str) -> bytes:
        key = (filename, encoding)
        if key not in self._bodies:
            raw = self._path(filename).read_bytes()
            if encoding == "br":
                raw = brotli.compress(raw, quality=11)
            elif encoding == "gzip":
                raw = gzip.compress(raw, compresslevel=9, mtime=0)
            self._bodies[key] = raw
        return self._bodies[key]

    def serve(self, filename: str):
        """The static endpoint: a file under its plain or hashed name."""
        hashed = HASHED_NAME.match(filename)
        immutable = False
        if hashed and self._path(hashed["stem"] + hashed["suffix"]) is not None:
            filename = hashed["stem"] + hashed["suffix"]
            immutable = hashed["digest"] == self.digest(filename)
        if self._path(filename) is None:
            abort(404)
        mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        encoding = "identity"
        if mimetype.startswith(COMPRESSIBLE):
            accepted = request.accept_encodings
            encoding = "br" if accepted["br"] else "gzip" if accepted["gzip"] else "identity"
        response = current_app.response_class(self.body(filename, encoding), mimetype=mimetype)
        if encoding != "identity":
            response.headers["Content-Encoding"] = encoding
        response.vary.add("Accept-Encoding")
        if immutable:
            response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        else:
            response.headers["Cache-Control"] = f"public, max-age={SHORT}"
            response.set_etag(f"{self.digest(filename)}-{encoding}")
            response.make_conditional(request)
        return response


def static_url(filename: str) -> str:
    """The URL of a static file under its content-hashed name."""
    return url_for("static", filename=current_app.extensions["labnet_static"].hashed_name(filename))


def needs(bundle: str) -> str:
    """Called by a template part that needs a heavy vendored file (e.g. 'tom-select'): the
    layout, whose scripts come after the content, loads it on this page only."""
    g.setdefault("static_bundles", set()).add(bundle)
    return ""


def needed(bundle: str) -> bool:
    return bundle in g.get("static_bundles", ())


def init_app(app) -> None:
    files = StaticFiles(app.static_folder)
    app.extensions["labnet_static"] = files
    app.view_functions["static"] = files.serve
    app.jinja_env.globals.update(static_url=static_url, needs=needs, needed=needed)
