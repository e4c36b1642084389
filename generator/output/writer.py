"""Writing the package so that nothing is ever lost.

* The new package is built complete in a sibling folder, then swapped with the old
  one in a single ``renameat2(RENAME_EXCHANGE)`` (Linux), or two renames elsewhere
  with recovery on the next run: an error, Ctrl-C or ``kill -9`` at any moment
  leaves the old package or the new one, never a mix.
* The package holds a manifest of the files the tool wrote.  Files it does not
  list were put there by someone else: they are carried into the new package
  untouched (hard-linked, or copied), never deleted.  A non-empty folder with no
  manifest is refused without ``--force``.
* One writer at a time per package: an advisory lock beside it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import hashlib
import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

MANIFEST = ".mdcodegen-manifest.json"
TMP_NEW = ".{name}.mdcodegen-new-"
TMP_OLD = ".{name}.mdcodegen-old-"


class WriteError(Exception):
    pass


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Plan:
    target: str
    files: dict[str, bytes]  # the new package, manifest included
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)  # files we did not write: kept
    old_files: dict[str, bytes] = field(default_factory=dict)
    has_manifest: bool = False
    target_exists: bool = False

    @property
    def up_to_date(self) -> bool:
        return not (self.added or self.changed or self.removed)


def read_manifest(target: str) -> dict[str, str] | None:
    path = os.path.join(target, MANIFEST)
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        files = data.get("files", {})
        if isinstance(files, dict):
            return {str(k): str(v) for k, v in files.items()}
    except (OSError, ValueError):
        return None
    return None


def manifest_bytes(
    files: dict[str, bytes], version: str, api: dict[str, Any] | None = None
) -> bytes:
    """The manifest: the files we wrote (with digests) and the package's API.

    One line per file and per model, so that a change to one model is a change to
    one line of the manifest in a diff.
    """
    lines = [
        "{",
        ' "generator": "mdcodegen",',
        f' "version": {json.dumps(version)},',
        ' "files": {',
    ]
    entries = [
        f"  {json.dumps(p)}: {json.dumps(digest(b))}" for p, b in sorted(files.items())
    ]
    lines.append(",\n".join(entries))
    lines.append(" },")
    lines.append(' "api": {')
    api_lines = [
        f"  {json.dumps(name)}: {json.dumps(entry, ensure_ascii=False, sort_keys=True)}"
        for name, entry in sorted((api or {}).items())
    ]
    lines.append(",\n".join(api_lines))
    lines.append(" }")
    lines.append("}")
    return ("\n".join(line for line in lines if line) + "\n").encode("utf-8")


def _walk_files(root: str) -> list[str]:
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        rel = os.path.relpath(dirpath, root).replace(os.sep, "/")
        for name in sorted(filenames):
            out.append(name if rel == "." else f"{rel}/{name}")
    return out


def make_plan(
    target: str,
    files: dict[str, bytes],
    version: str,
    api: dict[str, Any] | None = None,
) -> Plan:
    """Compare the package we would write with what is on disk."""
    new = dict(files)
    new[MANIFEST] = manifest_bytes(files, version, api)
    plan = Plan(target, new)
    if not os.path.isdir(target):
        plan.added = sorted(new)
        return plan
    plan.target_exists = True
    manifest = read_manifest(target)
    plan.has_manifest = manifest is not None
    ours = set(manifest or ()) | {MANIFEST}
    for rel in _walk_files(target):
        if rel not in ours:
            plan.foreign.append(rel)
            continue
        try:
            with open(os.path.join(target, rel), "rb") as fh:
                plan.old_files[rel] = fh.read()
        except OSError:
            pass
    for rel, data in sorted(new.items()):
        old = plan.old_files.get(rel)
        if old is None:
            plan.added.append(rel)
        elif old != data:
            plan.changed.append(rel)
    plan.removed = sorted(r for r in (manifest or {}) if r not in new)
    return plan


# --- the swap -----------------------------------------------------------------------

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: str, b: str) -> bool:
    """Atomically swap two paths (Linux renameat2); False where unsupported."""
    if not hasattr(os, "uname") or os.uname().sysname != "Linux":
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    res = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if res == 0:
        return True
    err = ctypes.get_errno()
    if err in (
        errno.ENOSYS,
        errno.EINVAL,
        errno.ENOTSUP if hasattr(errno, "ENOTSUP") else -1,
    ):
        return False
    raise OSError(err, os.strerror(err), a)


def recover(target: str) -> None:
    """Finish or undo a swap that a killed run left half done, and drop its
    scratch folders (which only ever hold our own output)."""
    parent, name = os.path.split(os.path.abspath(target))
    if not os.path.isdir(parent):
        return
    old_prefix = TMP_OLD.format(name=name)
    new_prefix = TMP_NEW.format(name=name)
    for entry in sorted(os.listdir(parent)):
        path = os.path.join(parent, entry)
        if entry.startswith(old_prefix):
            if not os.path.exists(target):
                os.rename(path, target)  # the new one never arrived: restore the old
            else:
                shutil.rmtree(path, ignore_errors=True)
        elif entry.startswith(new_prefix):
            shutil.rmtree(path, ignore_errors=True)


def _lock_dir() -> str:
    import tempfile

    import platformdirs

    for base in (platformdirs.user_cache_dir("mdcodegen"), tempfile.gettempdir()):
        path = os.path.join(base, "locks")
        try:
            os.makedirs(path, exist_ok=True)
            return path
        except OSError:
            continue
    return tempfile.gettempdir()


class Lock:
    """An advisory lock file beside the package (fcntl where available)."""

    def __init__(self, target: str, timeout: float = 120.0) -> None:
        # The lock lives in the user's cache folder, keyed by the package path, so
        # that the output folder holds nothing but the package.
        key = hashlib.sha256(os.path.abspath(target).encode()).hexdigest()[:24]
        self.path = os.path.join(_lock_dir(), f"{key}.lock")
        self.target = target
        self.timeout = timeout
        self.fd: int | None = None

    def __enter__(self) -> Lock:
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            return self
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return self
            except BlockingIOError:
                if time.monotonic() > deadline:
                    os.close(self.fd)
                    self.fd = None
                    raise WriteError(
                        f"another mdcodegen run is writing {self.target} "
                        f"(lock {self.path}); gave up after {self.timeout:.0f} s"
                    ) from None
                time.sleep(0.05)

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing releases the flock
            self.fd = None


def _place(src_root: str, dst_root: str, rel: str) -> None:
    src = os.path.join(src_root, rel)
    dst = os.path.join(dst_root, rel)
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)


def _write_file(root: str, rel: str, data: bytes) -> None:
    path = os.path.join(root, *rel.split("/"))
    real_root = os.path.realpath(root)
    if not os.path.realpath(os.path.dirname(path)).startswith(real_root):
        raise WriteError(f"refusing to write outside the output folder: {rel!r}")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data)


def write(plan: Plan, force: bool = False) -> None:
    """Build the new package beside the target, then swap it in."""
    target = os.path.abspath(plan.target)
    if os.path.lexists(target) and not os.path.isdir(target):
        # Not ours to replace: the exchange below would move the user's file to a
        # scratch name that the next run's recovery deletes (issue 6).
        raise WriteError(
            f"{target} exists and is not a folder; move it or choose another --package"
        )
    if (
        plan.target_exists
        and not plan.has_manifest
        and (plan.foreign or plan.old_files)
        and not force
    ):
        raise WriteError(
            f"{target} exists and was not written by mdcodegen (no {MANIFEST}); "
            f"pass --force to generate into it (its files are kept)"
        )
    clash = sorted(set(plan.foreign) & set(plan.files))
    if clash and not force:
        raise WriteError(
            f"{target} holds files mdcodegen did not write but would now write: "
            f"{', '.join(clash[:5])}; move them or pass --force"
        )
    parent, name = os.path.split(target)
    os.makedirs(parent, exist_ok=True)
    scratch = os.path.join(parent, TMP_NEW.format(name=name) + uuid.uuid4().hex[:8])
    os.makedirs(scratch)
    try:
        for rel, data in plan.files.items():
            old = plan.old_files.get(rel)
            if old is not None and old == data and rel != MANIFEST:
                _place(target, scratch, rel)  # unchanged: keep the file (and its mtime)
            else:
                _write_file(scratch, rel, data)
        for rel in plan.foreign:
            if rel not in plan.files:
                _place(target, scratch, rel)
        _swap(scratch, target, parent, name)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise


def _swap(scratch: str, target: str, parent: str, name: str) -> None:
    if not os.path.exists(target):
        os.rename(scratch, target)
        return
    if _exchange(scratch, target):
        shutil.rmtree(scratch, ignore_errors=True)  # now holds the old package
        return
    old = os.path.join(parent, TMP_OLD.format(name=name) + uuid.uuid4().hex[:8])
    os.rename(target, old)
    os.rename(scratch, target)
    shutil.rmtree(old, ignore_errors=True)
