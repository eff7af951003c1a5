"""Where document contents are kept: content-addressed by sha256, behind put/open/exists so
that an object store can take the place of the folder (config LABNET_DOCUMENT_STORAGE names
the class, "module:Class", built with the app's config)."""
import hashlib
import importlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO, Protocol

from flask import current_app


class DocumentStorage(Protocol):
    def put(self, data: bytes) -> str:
        """Keep the content; return its sha256 (hex). Storing the same content twice keeps one copy."""

    def open(self, sha256: str) -> BinaryIO:
        """The content, opened for reading."""

    def exists(self, sha256: str) -> bool: ...


class FileStorage:
    """Contents as files under a folder (by default instance/documents), named by their
    sha256 in two-level fan-out folders, written atomically and readable by the owner only."""

    def __init__(self, config):
        self.root = Path(config.get("LABNET_DOCUMENT_DIR")
                         or Path(current_app.instance_path) / "documents")

    def _path(self, sha256: str) -> Path:
        if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
            raise ValueError("not a sha256")
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> str:
        sha256 = hashlib.sha256(data).hexdigest()
        path = self._path(sha256)
        if path.exists():
            return sha256
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
            os.replace(temporary, path)  # a reader never sees half a file
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return sha256

    def open(self, sha256: str) -> BinaryIO:
        return self._path(sha256).open("rb")

    def exists(self, sha256: str) -> bool:
        return self._path(sha256).exists()


def document_storage() -> DocumentStorage:
    name = current_app.config.get("LABNET_DOCUMENT_STORAGE") or "labnet.documents.storage:FileStorage"
    module, _, cls = name.partition(":")
    return getattr(importlib.import_module(module), cls)(current_app.config)
