"""A content-hash cache in the user's cache folder, as black keeps one.

Three levels, each keyed by digests of everything that can change its result
(pages and modules are kept as one bundle file per spec, read once per run):

* runs:   the whole input (pages, overrides, settings, versions) -> the manifest
          and diagnostics of the last run, so that a run with nothing changed
          only reads and hashes files;
* pages:  one page's text (and the dialect) -> its interpreted model and the
          diagnostics reading it produced;
* modules: one model (and every model its module looked at while rendering)
          -> the formatted module text; black only runs on what changed.

Entries are written atomically (temp file + rename); a corrupt or unreadable entry
is a miss, never an error.  `--no-cache` or `cache = false` turns it off;
`MDCODEGEN_CACHE_DIR` moves it.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from typing import Any

from .. import __version__


def cache_root() -> str:
    env = os.environ.get("MDCODEGEN_CACHE_DIR")
    if env:
        return os.path.join(env, __version__)
    import platformdirs

    return os.path.join(platformdirs.user_cache_dir("mdcodegen"), __version__)


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


class Cache:
    def __init__(self, root: str | None = None, enabled: bool = True) -> None:
        self.enabled = enabled
        self.root = root or cache_root()
        self.hits = 0
        self.misses = 0

    def _path(self, kind: str, key: str) -> str:
        return os.path.join(self.root, kind, key[:2], key)

    def has(self, kind: str, key: str) -> bool:
        return self.enabled and os.path.exists(self._path(kind, key))

    def get(self, kind: str, key: str) -> Any:
        if not self.enabled:
            return None
        try:
            with open(self._path(kind, key), "rb") as fh:
                value = pickle.load(fh)
        except (
            OSError,
            pickle.UnpicklingError,
            EOFError,
            AttributeError,
            ImportError,
            ValueError,
            TypeError,
        ):
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, kind: str, key: str, value: Any) -> None:
        if not self.enabled:
            return
        path = self._path(kind, key)
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written is only slower

    # Bundles: one file holding every entry of one kind for one spec, so that a
    # run reads one file instead of a thousand.
    def get_bundle(self, kind: str, key: str) -> dict[str, Any]:
        value = self.get(kind, key)
        return value if isinstance(value, dict) else {}

    def put_bundle(self, kind: str, key: str, entries: dict[str, Any]) -> None:
        self.put(kind, key, entries)

    # The runs level is JSON: small, and readable when someone wonders.
    def get_run(self, key: str) -> dict[str, Any] | None:
        if not self.enabled:
            return None
        try:
            with open(self._path("runs", key), encoding="utf-8") as fh:
                value = json.load(fh)
            return value if isinstance(value, dict) else None
        except (OSError, ValueError):
            return None

    def put_run(self, key: str, value: dict[str, Any]) -> None:
        if not self.enabled:
            return
        path = self._path("runs", key)
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(value, fh)
            os.replace(tmp, path)
        except OSError:
            pass
