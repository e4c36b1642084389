"""Write a synthetic spec folder in the Ruby/Sorbet notation of specs/.

    python bench/synth_corpus.py N OUTDIR [--seed S]

Writes N pages under OUTDIR/models/shared/, laid out and spelled as the Kombo Ruby
SDK docs in specs/ are:

* about 72% object pages, 3 to 12 fields each (``## Fields`` table: Field, Type,
  Required, Description); a field is a scalar (``*::String*``,
  ``*T.nilable(::Float)*``, ``*T::Boolean*``, ...), a date or date-time (the
  ``[Date](...)`` link, told apart by the format in the description), a list or
  map (``T::Array<...>``, ``T::Hash[Symbol, ...]``), or a link to another page
  of the corpus: an object (cycles included), an enum, or a union;
* about 20% enum pages (``## Values`` table, 2 to 8 values; one in four open);
* about 8% union pages, empty as Ruby writes them: their members are named only in
  the link text of the fields that use them, ``[T.any(Models::Shared::A,
  Models::Shared::B)](../../models/shared/u.md)``.

The same N and seed always give the same bytes.  Every enum and union is used by
at least one field (a union page with no user would have no members).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

WORDS = ["Account", "Address", "Applicant", "Application", "Approval", "Asset", "Attachment", "Balance", "Benefit", "Budget", "Candidate", "Category", "Channel", "Company", "Compensation", "Contract", "Cost", "Country", "Department", "Device", "Document", "Employee", "Employment", "Entity", "Event", "Expense", "Feedback", "File", "Goal", "Group", "Holiday", "Interview", "Invoice", "Job", "Leave", "Location", "Manager", "Meeting", "Note", "Offer", "Order", "Payment", "Payroll", "Period", "Policy", "Position", "Project", "Rating", "Record", "Region", "Report", "Request", "Review", "Role", "Schedule", "Score", "Shift", "Skill", "Stage", "Status", "Tag", "Task", "Team", "Ticket", "Timesheet", "Training", "Transaction", "User", "Vendor", "Webhook", "Workflow"]
FIELD_WORDS = ["name", "label", "title", "code", "kind", "source", "owner", "amount", "total", "count", "rate", "level", "status", "description", "summary", "comment", "reason", "url", "email", "phone", "city", "country", "region", "currency", "reference", "external", "internal", "primary", "secondary", "start", "end", "created", "updated", "deleted", "remote", "local", "display", "legal", "first", "last", "middle"]
ENUM_WORDS = ["ACTIVE", "INACTIVE", "PENDING", "ARCHIVED", "DRAFT", "OPEN", "CLOSED", "FAILED", "SUCCEEDED", "UNKNOWN", "ENABLED", "DISABLED", "OPTIONAL", "DAILY", "WEEKLY", "MONTHLY", "YEARLY", "LOW", "MEDIUM", "HIGH"]

DATE_LINK = "[Date](https://ruby-doc.org/stdlib-2.6.1/libdoc/date/rdoc/Date.html)"
SCALARS = (
    ("*::String*", False),
    ("*T.nilable(::String)*", True),
    ("*::Integer*", False),
    ("*T.nilable(::Integer)*", True),
    ("*::Float*", False),
    ("*T.nilable(::Float)*", True),
    ("*T::Boolean*", False),
    ("*T.nilable(T::Boolean)*", True),
    ("*T.nilable(::Object)*", True),
    ("T::Array<*::String*>", False),
    ("T::Hash[Symbol, *::Object*]", False),
    ("T::Hash[Symbol, *::String*]", False),
)
CHECK, MINUS = ":heavy_check_mark:", ":heavy_minus_sign:"


@dataclass
class Page:
    name: str
    kind: str  # object | enum | union
    fields: list[tuple[str, str, bool, str]] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    open_enum: bool = False
    members: list[str] = field(default_factory=list)

    @property
    def file(self) -> str:
        return self.name.lower() + ".md"


def link(page: Page) -> str:
    return f"../../models/shared/{page.file}"


def plan(n: int, seed: int) -> list[Page]:
    """The pages of the corpus and the fields of its objects (no text yet)."""
    if n < 3:
        raise ValueError("a corpus needs at least 3 pages")
    rng = random.Random(seed)
    n_enum = max(1, n * 20 // 100)
    n_union = max(1, n * 8 // 100) if n >= 10 else 0
    n_obj = n - n_enum - n_union
    names: set[str] = set()

    def new_name(suffix: str = "") -> str:
        while True:
            base = rng.choice(WORDS) + rng.choice(WORDS) + suffix
            name = f"{base}{len(names)}"
            if name not in names:
                names.add(name)
                return name

    objects = [Page(new_name(), "object") for _ in range(n_obj)]
    enums = [Page(new_name("Kind"), "enum") for _ in range(n_enum)]
    unions = [Page(new_name("Union"), "union") for _ in range(n_union)]
    for e in enums:
        e.values = rng.sample(ENUM_WORDS, rng.randint(2, 8))
        e.open_enum = rng.random() < 0.25
    for u in unions:
        u.members = [o.name for o in rng.sample(objects, min(len(objects), rng.randint(2, 3)))]

    # Every enum and union is used at least once; the rest of the links are random.
    must_use = [p for p in enums + unions]
    rng.shuffle(must_use)

    for obj in objects:
        count = rng.randint(3, 12)
        used: set[str] = set()
        while must_use and len(obj.fields) < count and rng.random() < 0.5:
            obj.fields.append(_link_field(rng, used, must_use.pop()))
        while len(obj.fields) < count:
            r = rng.random()
            if r < 0.55:
                obj.fields.append(_scalar_field(rng, used))
            elif r < 0.65:
                obj.fields.append(_date_field(rng, used))
            elif r < 0.85:
                obj.fields.append(_link_field(rng, used, rng.choice(objects)))
            elif enums:
                obj.fields.append(_link_field(rng, used, rng.choice(enums)))
    # Leftovers (few objects, many enums): add them to the first objects.
    for j, page in enumerate(must_use):
        owner = objects[j % len(objects)]
        owner.fields.append(_link_field(rng, {f[0] for f in owner.fields}, page))
    return objects + enums + unions


def _field_name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = rng.choice(FIELD_WORDS)
        if rng.random() < 0.5:
            name += "_" + rng.choice(FIELD_WORDS)
        if name not in used:
            used.add(name)
            return name


def _scalar_field(rng: random.Random, used: set[str]) -> tuple[str, str, bool, str]:
    cell, nilable = rng.choice(SCALARS)
    required = not nilable or rng.random() < 0.4
    return (_field_name(rng, used), cell, required, "N/A")


def _date_field(rng: random.Random, used: set[str]) -> tuple[str, str, bool, str]:
    suffix = rng.choice(("_at", "_date"))
    name = _field_name(rng, used) + suffix
    while name in used:
        name = _field_name(rng, used) + suffix
    used.add(name)
    if name.endswith("_at"):
        desc = "When it happened.<br/>YYYY-MM-DDTHH:mm:ss.sssZ"
    else:
        desc = "A plain date (i.e., `yyyy-MM-dd`), all time information is discarded."
    return (name, DATE_LINK, rng.random() < 0.7, desc)


def _link_field(rng: random.Random, used: set[str],
                target: Page) -> tuple[str, str, bool, str]:
    name = _field_name(rng, used)
    ref = f"Models::Shared::{target.name}"
    if target.kind == "union":
        inner = "T.any(" + ", ".join(f"Models::Shared::{m}" for m in target.members) + ")"
    else:
        inner = ref
    shape = rng.random()
    if target.kind == "object" and shape < 0.3:
        return (name, f"T::Array<[{inner}]({link(target)})>", True, "N/A")
    if shape < 0.65:
        return (name, f"[T.nilable({inner})]({link(target)})", rng.random() < 0.5,
                f"The {target.name} it belongs to.")
    return (name, f"[{inner}]({link(target)})", True, "N/A")


# --- rendering, as Speakeasy's Ruby docs lay pages out --------------------------------


def _table(headers: list[str], rows: list[list[str]]) -> str:
    width = max([len(h) for h in headers] + [len(c) for r in rows for c in r])
    width = min(width, 120)
    lines = ["| " + " | ".join(h.ljust(width) for h in headers) + " |",
             "| " + " | ".join("-" * width for _ in headers) + " |"]
    lines += ["| " + " | ".join(c.ljust(width) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def render(page: Page) -> str:
    if page.kind == "union":
        return f"# {page.name}\n\n"
    if page.kind == "enum":
        example = (f'```ruby\nrequire "kombo"\n\nvalue = {page.name}::{page.values[0]}\n')
        if page.open_enum:
            example += ("\n# Open enum: use .deserialize() to create instances from custom "
                        f'string values\ncustom = {page.name}.deserialize("custom_value")\n')
        example += "```"
        rows = [[f"`{v}`", v] for v in page.values]
        return (f"# {page.name}\n\n## Example Usage\n\n{example}\n\n\n## Values\n\n"
                + _table(["Name", "Value"], rows) + "\n")
    rows = [[f"`{name}`", cell, CHECK if req else MINUS, desc]
            for name, cell, req, desc in page.fields]
    return (f"# {page.name}\n\nA synthetic model.\n\n\n## Fields\n\n"
            + _table(["Field", "Type", "Required", "Description"], rows) + "\n")


def write(n: int, out: Path, seed: int = 0) -> list[Page]:
    pages = plan(n, seed)
    folder = out / "models" / "shared"
    if out.exists():
        shutil.rmtree(out)
    folder.mkdir(parents=True)
    for page in pages:
        (folder / page.file).write_text(render(page), encoding="utf-8")
    return pages


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write a synthetic Ruby/Sorbet spec folder.")
    ap.add_argument("n", type=int, help="number of pages")
    ap.add_argument("outdir", type=Path, help="folder to write (replaced if it exists)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    try:
        pages = write(args.n, args.outdir, args.seed)
    except ValueError as e:
        print(f"synth_corpus: {e}", file=sys.stderr)
        return 2
    kinds = {k: sum(p.kind == k for p in pages) for k in ("object", "enum", "union")}
    fields = sum(len(p.fields) for p in pages)
    print(f"{len(pages)} pages in {args.outdir}: {kinds['object']} objects ({fields} fields), "
          f"{kinds['enum']} enums, {kinds['union']} unions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
