"""Fault injection for tests/test_faults.py, loaded by `site` at interpreter start
when this folder is on PYTHONPATH.  Inert unless MDCODEGEN_FAULT is set:

    MDCODEGEN_FAULT=<kind>:<folder>[:<bytes>]

kind    enospc: writes of file data under <folder> fail with ENOSPC once
                <bytes> (default 0) have been written there -- a full disk;
        erofs:  every change under <folder> (open for writing, mkdir, rename,
                link, remove) fails with EROFS -- a read-only file system.
"""

from __future__ import annotations

import builtins
import errno
import os

_SPEC = os.environ.get("MDCODEGEN_FAULT")

if _SPEC:
    _kind, _folder, *_rest = _SPEC.split(":")
    _folder = os.path.realpath(_folder)
    _budget = [int(_rest[0]) if _rest else 0]

    def _under(path: object) -> bool:
        try:
            p = os.path.realpath(os.fsdecode(path))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False
        return p == _folder or p.startswith(_folder + os.sep)

    def _fail(path: object) -> OSError:
        code = errno.ENOSPC if _kind == "enospc" else errno.EROFS
        return OSError(code, os.strerror(code), os.fsdecode(path))  # type: ignore[arg-type]

    class _Full:
        """A file whose writes stop when the disk is full."""

        def __init__(self, fh: object, path: object) -> None:
            self._fh = fh
            self._path = path

        def write(self, data: bytes | str) -> int:
            if len(data) > _budget[0]:
                _budget[0] = 0
                raise _fail(self._path)
            _budget[0] -= len(data)
            return self._fh.write(data)  # type: ignore[attr-defined,no-any-return]

        def __enter__(self) -> "_Full":
            return self

        def __exit__(self, *exc: object) -> None:
            self._fh.close()  # type: ignore[attr-defined]

        def __getattr__(self, name: str) -> object:
            return getattr(self._fh, name)

    _open = builtins.open
    _os_open = os.open
    _fdopen = os.fdopen
    _fd_paths: dict[int, object] = {}
    _WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

    def open(file, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        writes = any(c in mode for c in "wax+")
        if writes and not isinstance(file, int) and _under(file):
            if _kind == "erofs":
                raise _fail(file)
            return _Full(_open(file, mode, *args, **kwargs), file)
        return _open(file, mode, *args, **kwargs)

    def os_open(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if flags & _WRITE and _under(path):
            if _kind == "erofs":
                raise _fail(path)
            fd = _os_open(path, flags, *args, **kwargs)
            _fd_paths[fd] = path
            return fd
        return _os_open(path, flags, *args, **kwargs)

    def fdopen(fd, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        fh = _fdopen(fd, mode, *args, **kwargs)
        if fd in _fd_paths and any(c in mode for c in "wax+"):
            return _Full(fh, _fd_paths.pop(fd))
        return fh

    def _guard(fn):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            for a in args[:2]:
                if isinstance(a, (str, bytes, os.PathLike)) and _under(a) and _kind == "erofs":
                    raise _fail(a)
            return fn(*args, **kwargs)

        wrapper.__name__ = fn.__name__
        return wrapper

    builtins.open = open
    os.open = os_open
    os.fdopen = fdopen
    if _kind == "erofs":
        for _name in ("mkdir", "makedirs", "rename", "replace", "link", "symlink", "remove", "unlink", "rmdir"):
            setattr(os, _name, _guard(getattr(os, _name)))
