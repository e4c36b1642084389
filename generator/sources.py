"""Finding and reading the pages of a spec folder, and nothing outside it.

The walk never follows a symlink: a linked file or folder could point anywhere on
the machine, and a spec is text from the internet.  Each page is read as bytes and
decoded strictly, so that a non-UTF-8 page is a diagnostic rather than mojibake.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import stat
from dataclasses import dataclass

from .diagnostics import Reporter

DEFAULT_INCLUDE = ("**/*.md",)
MAX_PAGE_BYTES = 8 * 1024 * 1024  # a model page is a few KB; refuse to parse a dump


@dataclass(frozen=True)
class SourcePage:
    path: str  # posix, relative to the spec root
    text: str
    digest: str


def _matches(rel: str, patterns: tuple[str, ...]) -> bool:
    # "**/" also matches zero folders, as in gitignore and black's --extend-exclude.
    for pat in patterns:
        if fnmatch.fnmatchcase(rel, pat):
            return True
        if pat.startswith("**/") and fnmatch.fnmatchcase(rel, pat[3:]):
            return True
    return False


def discover(
    root: str,
    reporter: Reporter,
    include: tuple[str, ...] = DEFAULT_INCLUDE,
    exclude: tuple[str, ...] = (),
) -> list[str]:
    """Relative posix paths of every page under ``root``, sorted."""
    found: list[str] = []

    def unreadable(exc: OSError) -> None:
        # A folder that cannot be listed (permissions, a path too long) would
        # otherwise drop its pages from the package without a word (issue 6).
        where = (
            os.path.relpath(exc.filename, root).replace(os.sep, "/")
            if exc.filename
            else ""
        )
        reporter.report(
            "E001",
            f"cannot read folder: {exc.strerror or exc}",
            "" if where == "." else where,
        )

    for dirpath, dirnames, filenames in os.walk(
        root, followlinks=False, onerror=unreadable
    ):
        rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        keep = []
        for d in sorted(dirnames):
            rel = rel_dir + d
            if d.startswith("."):
                continue
            if os.path.islink(os.path.join(dirpath, d)):
                reporter.report(
                    "E003", f"symlinked folder {rel!r} is not followed", rel
                )
                continue
            if _matches(rel, exclude) or _matches(rel + "/", exclude):
                continue
            keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            rel = rel_dir + name
            if not _matches(rel, include) or _matches(rel, exclude):
                continue
            if os.path.islink(os.path.join(dirpath, name)):
                reporter.report("E003", f"symlinked page {rel!r} is not read", rel)
                continue
            try:
                rel.encode("utf-8")
            except UnicodeEncodeError:
                # os.walk hands undecodable bytes over as lone surrogates, which no
                # manifest, report or terminal can take (issue 6: a traceback).
                shown = rel.encode("utf-8", "surrogateescape").decode(
                    "utf-8", "backslashreplace"
                )
                reporter.report("E002", "page name is not valid UTF-8", shown)
                continue
            found.append(rel)
    return sorted(found)


def decode_page(data: bytes) -> str:
    """UTF-8 with an optional BOM; CRLF and CR become LF so that line numbers agree."""
    text = data.decode("utf-8")
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def read_page(root: str, rel: str, reporter: Reporter) -> SourcePage | None:
    full = os.path.join(root, *rel.split("/"))
    try:
        # O_NOFOLLOW: a page swapped for a symlink after the walk is still refused.
        # O_NONBLOCK: opening a named pipe waits for a writer forever (issue 6);
        # it is refused below, as is anything else that is not a regular file.
        flags = (
            os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
        fd = os.open(full, flags)
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                reporter.report(
                    "E001", "not a regular file (a pipe, socket or device)", rel
                )
                return None
            data = fh.read(MAX_PAGE_BYTES + 1)
    except OSError as exc:
        reporter.report("E001", f"cannot read page: {exc.strerror or exc}", rel)
        return None
    if len(data) > MAX_PAGE_BYTES:
        reporter.report("E001", f"page is larger than {MAX_PAGE_BYTES} bytes", rel)
        return None
    try:
        text = decode_page(data)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        reporter.report(
            "E002", f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", rel, line
        )
        return None
    return SourcePage(rel, text, hashlib.sha256(data).hexdigest())


def read_spec(
    root: str,
    reporter: Reporter,
    include: tuple[str, ...] = DEFAULT_INCLUDE,
    exclude: tuple[str, ...] = (),
) -> list[SourcePage]:
    pages = []
    for rel in discover(root, reporter, include, exclude):
        page = read_page(root, rel, reporter)
        if page is not None:
            pages.append(page)
    return pages
