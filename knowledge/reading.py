"""Reading knowledge files: the field checker, the strict YAML loader, syntax problems with their line
and field, and the optional one-field sections. Shared by loader.py, callguide.py and
situations_loader.py (which used to import each other for these)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Problem
from .model import L10n

if TYPE_CHECKING:
    import yaml

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class _Checker:
    """Collects problems for one file while reading its fields."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = problems

    def add(self, field: str, message: str, fix: str = "") -> None:
        self.problems.append(Problem(self.file, field, message, fix))

    def mapping(self, value: Any, field: str, allowed: set[str], required: set[str]) -> dict:
        if not isinstance(value, dict):
            self.add(
                field,
                f"expected a mapping of fields, found {type(value).__name__}",
                "write 'name: value' lines indented under this field",
            )
            return {}
        for key in value:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"allowed fields are: {', '.join(sorted(allowed))}"
                self.add(f"{field}.{key}" if field else str(key), "unknown field", hint)
        for key in sorted(required - set(value)):
            self.add(f"{field}.{key}" if field else key, "missing", f"add a '{key}:' field")
        return value

    def text(self, value: Any, field: str, required: bool = True) -> str:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(field, "is empty", "write a short text")
            return ""
        if not isinstance(value, str | int | float):
            self.add(field, f"expected text, found {type(value).__name__}", "write plain text")
            return ""
        return str(value).strip()

    def l10n(self, value: Any, field: str, required: bool = True) -> L10n | None:
        if value is None:
            if required:
                self.add(field, "missing", "add zh: and en: texts under this field")
            return None
        data = self.mapping(value, field, {"zh", "en"}, {"zh", "en"})
        return L10n(self.text(data.get("zh"), f"{field}.zh"), self.text(data.get("en"), f"{field}.en"))

    def items(self, value: Any, field: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(
                field, f"expected a list, found {type(value).__name__}", "start each entry on its own line with '- '"
            )
            return []
        return value

    def ident(self, value: Any, field: str) -> str:
        if not isinstance(value, str) or not _ID.match(value):
            self.add(
                field, f"'{value}' is not a valid id", "use lower-case letters, digits and '_', starting with a letter"
            )
            return str(value)
        return value

    def choice(self, value: Any, field: str, options: tuple[str, ...]) -> str:
        if value not in options:
            self.add(field, f"'{value}' is not one of the allowed values", f"write one of: {', '.join(options)}")
        return str(value)


@lru_cache(maxsize=1)
def _safe_loader() -> type:
    """The safe loader, refusing a field written twice in one item (YAML would keep the last); libyaml's
    when PyYAML was built with it (5x faster), the same documents either way. Made on first use:
    PyYAML is imported only by a process that reads YAML (one with its knowledge cached reads none)."""
    import yaml

    class _SafeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        def construct_mapping(self, node, deep=False):
            seen = set()
            for key_node, _ in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                if key is None or key == "<<":
                    continue
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        "while reading an item", node.start_mark, f"found duplicate key '{key}'", key_node.start_mark
                    )
                seen.add(key)
            return super().construct_mapping(node, deep)

    return _SafeLoader


class _Reading:
    """One load: the texts read (to give problems a line number) and the overlay of additions."""

    def __init__(self, overlay: Overlay | None = None):
        self.overlay = overlay
        self.texts: dict[str, str] = {}


def _read_yaml(path: Path, root: Path, problems: list[Problem], reading: _Reading | None = None) -> Any:
    rel = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(rel, "(file)", f"is not valid UTF-8 (byte {exc.start})", "save the file as UTF-8"))
        return None
    except OSError as exc:
        problems.append(Problem(rel, "(file)", f"cannot be read: {exc.strerror}"))
        return None
    import yaml

    try:
        data = yaml.load(text, Loader=_safe_loader())
    except yaml.YAMLError as exc:
        problems.append(syntax_problem(rel, text, exc))
        return None
    if reading is None:
        return data
    reading.texts[rel] = text
    return reading.overlay(rel, data) if reading.overlay is not None else data


# (relative file name, parsed YAML) -> the data to validate: approved additions are applied here.
Overlay = Callable[[str, Any], Any]

_YAML_FIXES = (
    ("\t", "replace the tab with spaces: YAML indents with spaces only"),
    ("'\\t'", "replace the tab with spaces: YAML indents with spaces only"),
    ("mapping values are not allowed", "the text contains ': ' — put the whole value in double quotes"),
    ("could not find expected ':'", "add ':' after the field name, or put the whole text in double quotes"),
    ("unexpected end of stream", "close the quote or bracket that starts here"),
    ("found unexpected end of stream", "close the quote or bracket that starts here"),
    ("did not find expected ',' or ']'", "separate list items with ',' and close the list with ']'"),
    (
        "did not find expected ',' or '}'",
        "inside { } put any value that contains ': ' or ',' in double quotes, and close the '{' with '}'",
    ),
    ("did not find expected key", "line this field up with the fields above it (same number of spaces)"),
    ("did not find expected '-' indicator", "line this '- ' item up with the items above it"),
    ("expected <block end>", "line this up with the lines above it (same number of spaces)"),
    ("found undefined alias", "text that starts with '*' or '&' must be in double quotes"),
    ("cannot start any token", "put the whole text in double quotes"),
    ("found duplicate anchor", "text that starts with '&' must be in double quotes"),
    (
        "found duplicate key",
        "a field may appear once per item: remove one of the two, or add the '- id:' line of the item that "
        "should start above it",
    ),
    ("expected alphabetic or numeric character", "text that starts with '*' or '&' must be in double quotes"),
    ("found unknown escape character", "inside double quotes write \\\\ for a backslash, or use single quotes"),
)


def syntax_problem(rel: str, text: str, exc: yaml.YAMLError) -> Problem:
    """One clear problem for a YAML syntax error: the line, the field being read, and the fix."""
    problem = str(getattr(exc, "problem", None) or str(exc).splitlines()[0])
    mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    if context_mark is not None and ("end of stream" in problem or "expected ','" in problem):
        mark = context_mark  # an unclosed quote or bracket: point at where it opens
    line = mark.line + 1 if mark is not None else None
    fix = next((f for key, f in _YAML_FIXES if key in problem), None) or (
        "check indentation (spaces, not tabs) and that ':' follows each field name; "
        "quote text that starts with a special character"
    )
    shown = ""
    lines = text.splitlines()
    if line is not None and 0 < line <= len(lines):
        shown = f" (line {line} reads: {lines[line - 1].strip()[:60]!r})"
        if lines[line - 1].replace('\\"', "").count('"') % 2:
            fix = 'close the double quote (") opened on this line'
        elif "\t" in lines[line - 1]:
            fix = "replace the tab with spaces: YAML indents with spaces only"
    problem = problem.replace("\t", "\\t")
    return Problem(rel, _field_at_error(text) or "(file)", f"is not valid YAML: {problem}{shown}", fix, line)


def _field_at_error(text: str) -> str:
    """The field YAML was reading when it failed, e.g. indicators[2].zh[1]."""
    import yaml

    frames: list[list] = []  # ["map", key, awaiting_key] or ["seq", index]

    def value_starts() -> None:
        if frames and frames[-1][0] == "seq":
            frames[-1][1] += 1

    def value_ends() -> None:
        if frames and frames[-1][0] == "map":
            frames[-1][2] = True

    try:
        for ev in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(ev, yaml.ScalarEvent | yaml.AliasEvent):
                if frames and frames[-1][0] == "map" and frames[-1][2]:
                    frames[-1][1], frames[-1][2] = str(getattr(ev, "value", "")), False
                else:
                    value_starts()
                    value_ends()
            elif isinstance(ev, yaml.MappingStartEvent):
                value_starts()
                frames.append(["map", None, True])
            elif isinstance(ev, yaml.SequenceStartEvent):
                value_starts()
                frames.append(["seq", -1])
            elif isinstance(ev, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                frames.pop()
                value_ends()
    except yaml.YAMLError:
        pass
    out = ""
    for f in frames:
        if f[0] == "map" and f[1] is not None and not f[2]:
            out += f".{f[1]}" if out else f[1]
        elif f[0] == "seq" and f[1] >= 0:
            out += f"[{f[1]}]"
    return out


def _with_line(p: Problem, texts: dict[str, str]) -> Problem:
    if p.line is not None or p.file not in texts or p.field.startswith("("):
        return p
    line = line_of(texts[p.file], p.field)
    return Problem(p.file, p.field, p.message, p.fix, line) if line else p


def line_of(text: str, field: str) -> int | None:
    """The line of a field path (`indicators[0].weight`) in a YAML text, when it can be found."""
    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    line = node.start_mark.line + 1 if node is not None else None
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", field):
        if node is None:
            break
        if part.startswith("["):
            k = int(part[1:-1])
            if isinstance(node, yaml.SequenceNode) and k < len(node.value):
                node = node.value[k]
                line = node.start_mark.line + 1
            else:
                break
        elif isinstance(node, yaml.MappingNode):
            hit = next(((kn, vn) for kn, vn in node.value if getattr(kn, "value", None) == part), None)
            if hit is None:
                break
            line = hit[0].start_mark.line + 1
            node = hit[1]
        else:
            break
    return line


def _section(
    root: Path, rel: str, key: str, problems: list[Problem], reading: _Reading | None = None
) -> tuple[_Checker, dict] | None:
    """Read an optional knowledge file whose top level is the one field `key`."""
    path = root / rel
    raw = _read_yaml(path, root, problems, reading) if path.exists() else None
    if raw is None:
        return None
    c = _Checker(rel, problems)
    return c, c.mapping(raw, "", {key}, {key})
