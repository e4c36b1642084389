"""Turning names and links into references between models.

Link rule (the same for every dialect):

1. the link target, relative to the linking page, when it is a page of the spec;
2. otherwise the pages whose path ends with the target's path (longest suffix
   first): docs get copied out of their tree, and Speakeasy itself writes
   `../../models/shared/x.md` in pages that live in `models/components/`;
   among several, the namespace in the link text picks the folder
   (`Models::Components::Permissions` -> `components/permissions.md`);
   each such resolution is a warning;
3. otherwise a dangling link, an error.

Nothing outside the spec folder is ever opened: links are matched against the
list of pages already read.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections import defaultdict

from .diagnostics import Reporter
from .dialects.base import Dialect
from .dialects.wirenames import recover_wire_names
from .ir import (
    EnumModel,
    External,
    Field,
    Location,
    Model,
    Named,
    ObjectModel,
    Ref,
    TypeExpr,
    UnionModel,
    UnionOf,
    evolve,
)
from .types import refs, spell, transform


class Resolver:
    def __init__(
        self, models: list[Model], dialect: Dialect, reporter: Reporter
    ) -> None:
        self.dialect = dialect
        self.reporter = reporter
        self.pages: dict[str, Model] = {m.page: m for m in models}
        self.by_heading: dict[str, list[str]] = defaultdict(list)
        for m in models:
            self.by_heading[m.name].append(m.page)
        self.paths = sorted(self.pages)
        # Members that links give to union pages: page -> [(members, where)].
        self.union_refs: dict[str, list[tuple[tuple[TypeExpr, ...], Location]]] = (
            defaultdict(list)
        )

    def report(self, code: str, message: str, loc: Location) -> None:
        self.reporter.report(code, message, loc.path, loc.line, loc.col)

    # --- one name ---------------------------------------------------------------

    def _pick_by_namespace(self, candidates: list[str], name: str) -> list[str]:
        ns = self.dialect.namespace(name)
        if not ns or len(candidates) < 2:
            return candidates
        narrowed = [
            c
            for c in candidates
            if posixpath.basename(posixpath.dirname(c)).lower() == ns
        ]
        return narrowed or candidates

    def by_link(
        self, target: str, name: str, loc: Location, near: str = ""
    ) -> str | None:
        path = re.split(r"[#?]", target, maxsplit=1)[0]
        if not path:
            return None
        base = posixpath.dirname(loc.path)
        joined = posixpath.normpath(posixpath.join(base, path))
        if not joined.startswith("../") and joined != ".." and joined in self.pages:
            return joined
        parts = [p for p in path.split("/") if p not in ("", ".", "..")]
        for start in range(len(parts)):
            suffix = "/".join(parts[start:])
            candidates = [
                p for p in self.paths if p == suffix or p.endswith("/" + suffix)
            ]
            if not candidates:
                continue
            picked = self._pick_by_namespace(candidates, name)
            if len(picked) > 1 and near:
                # No name to go by (a union's link): the folder of its members.
                picked = [c for c in picked if posixpath.dirname(c) == near] or picked
            if len(picked) == 1:
                self.report(
                    "W105",
                    f"link target {target!r} is not a page of the spec; resolved by its "
                    f"path suffix to {picked[0]!r}",
                    loc,
                )
                return picked[0]
            self.report(
                "E032",
                f"link target {target!r} matches {len(picked)} pages "
                f"({', '.join(picked[:4])}) and the name {name!r} does not pick one",
                loc,
            )
            return None
        # Docs written on a case-insensitive file system link `MetaData.md` as
        # `Metadata.md` (FastPix's C# docs); one page that differs only in case is it.
        folded = [p for p in self.paths if p.lower() == joined.lower()]
        if len(folded) == 1:
            self.report(
                "W105",
                f"link target {target!r} is not a page of the spec; resolved, ignoring case, "
                f"to {folded[0]!r}",
                loc,
            )
            return folded[0]
        self.report(
            "E030", f"dangling link {target!r} ({name}): no such page in the spec", loc
        )
        return None

    def by_name(self, name: str, loc: Location) -> str | None:
        heading = re.split(r"::|\.|\\", name)[-1]
        candidates = self._pick_by_namespace(
            list(self.by_heading.get(heading, ())), name
        )
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            self.report(
                "E030", f"no page has the heading {heading!r} (named as {name!r})", loc
            )
        else:
            self.report(
                "E032",
                f"{len(candidates)} pages have the heading {heading!r}: "
                f"{', '.join(candidates[:4])}",
                loc,
            )
        return None

    # --- types ------------------------------------------------------------------

    def resolve_type(self, t: TypeExpr, loc: Location) -> TypeExpr:
        def step(node: TypeExpr) -> TypeExpr:
            if isinstance(node, Named):
                page = (
                    self.by_link(node.target, node.name, loc) if node.target else None
                )
                if page is None and not node.target:
                    page = self.by_name(node.name, loc)
                return Ref(page) if page else External(node.name)
            if isinstance(node, UnionOf) and node.page:
                member_pages = [n.page for n in node.members if isinstance(n, Ref)]
                near = posixpath.dirname(member_pages[0]) if member_pages else ""
                page = self.by_link(node.page, "", loc, near)
                target = self.pages.get(page) if page else None
                if isinstance(target, UnionModel):
                    self.union_refs[target.page].append((node.members, loc))
                    return Ref(target.page)
                return UnionOf(node.members)
            if isinstance(node, External):
                self.report(
                    "W103",
                    f"{node.name!r} is not a model of the spec; typed as Any",
                    loc,
                )
            return node

        return transform(t, step)

    def resolve_field(self, f: Field) -> Field:
        t = self.resolve_type(f.type, f.loc)
        for page in refs(t):
            target = self.pages.get(page)
            if target is not None and target.deprecated:
                self.report(
                    "W108",
                    f"field {f.name!r} references deprecated model {target.name!r}",
                    f.loc,
                )
        return f if t is f.type else evolve(f, type=t)

    # --- models -----------------------------------------------------------------

    def check_duplicates(self) -> None:
        by_folder: dict[tuple[str, str], list[str]] = defaultdict(list)
        for m in self.pages.values():
            by_folder[(posixpath.dirname(m.page), m.name)].append(m.page)
        for (_folder, name), pages in sorted(by_folder.items()):
            if len(pages) > 1:
                for page in sorted(pages):
                    m = self.pages[page]
                    others = ", ".join(p for p in sorted(pages) if p != page)
                    self.report(
                        "E031", f"duplicate model name {name!r} (also {others})", m.loc
                    )

    def run(self) -> list[Model]:
        self.check_duplicates()
        out: dict[str, Model] = {}
        for page in self.paths:
            m = self.pages[page]
            if isinstance(m, ObjectModel):
                fields = tuple(self.resolve_field(f) for f in m.fields)
                additional = (
                    self.resolve_type(m.additional, m.loc)
                    if m.additional is not None
                    else None
                )
                out[page] = evolve(m, fields=fields, additional=additional)
            elif isinstance(m, UnionModel) and m.members_known:
                case = functools.partial(self.case_name, m)
                members = tuple(
                    self.resolve_type(transform(t, case), m.loc) for t in m.members
                )
                out[page] = evolve(m, members=members)
            else:
                out[page] = m
        for page, m in out.items():
            if isinstance(m, UnionModel) and not m.members_known:
                out[page] = self.union_from_references(m)
        # JSON names the doc's field names lost: needs the references resolved.
        return recover_wire_names(
            [out[p] for p in self.paths], self.dialect, self.reporter
        )

    def case_name(self, union: UnionModel, node: TypeExpr) -> TypeExpr:
        """A bare member name on a union page that no page has as its heading.

        C# names members by case: `### Manual` on `CreatePlaylistRequest` is the
        page `CreatePlaylistRequestManual`; a case with no page at all is Any
        (W103), as the doc names no type for it.
        """
        if (
            not isinstance(node, Named)
            or node.target
            or re.search(r"::|\.|\\", node.name)
        ):
            return node
        if node.name in self.by_heading:
            return node
        if union.name + node.name in self.by_heading:
            return Named(union.name + node.name)
        return External(node.name)

    def union_from_references(self, m: UnionModel) -> UnionModel:
        seen = sorted(self.union_refs.get(m.page, ()), key=lambda r: r[1])
        if not seen:
            self.report(
                "W101",
                f"union page {m.name!r} lists no members and no page names them; typed as Any",
                m.loc,
            )
            return m
        members, first = seen[0]
        for other, where in seen[1:]:
            if [spell(t) for t in other] != [spell(t) for t in members]:
                self.report(
                    "W112",
                    f"union {m.name!r} is given other members here than at "
                    f"{first.path}:{first.line}; using those",
                    where,
                )
        self.report(
            "W101",
            f"union page {m.name!r} lists no members; using the {len(members)} named at "
            f"{first.path}:{first.line}",
            m.loc,
        )
        return evolve(m, members=members, members_known=True)


def resolve(models: list[Model], dialect: Dialect, reporter: Reporter) -> list[Model]:
    return Resolver(models, dialect, reporter).run()


__all__ = ["EnumModel", "Resolver", "resolve"]
