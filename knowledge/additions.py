"""Approved additions: applied to the parsed files at load time, and exported as a patch to the YAML.

An addition is anything with `kind`, `target` and `value` (the review store's rows):

    phrase      target "<script>.<indicator>" or "red_flag.<indicator>"; value {lang, phrase}
    genuine     target "genuine";   value {text}                       -> genuine.yml
    regression  target "regression"; value {text, expect, scripts}     -> regression.yml (kb test only)
    hotline     target "<org id>";  value {number, purpose, confidence, sources, checked}
    domain      target "<org id>";  value {domain, source}
    app_path    target "<org id>";  value {name: {zh, en}, path: {zh, en}}

The files stay the one source of truth: `patch()` edits their text (keeping comments and layout),
checks that the edited text parses to exactly the data `overlay()` produces, and returns a unified
diff for `git apply`. An addition already present in the files is skipped, so once the patch is
merged the same additions export nothing and apply nothing.
"""

from __future__ import annotations

import copy
import difflib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

import yaml

REGRESSION_FILE = "regression.yml"


class PatchError(Exception):
    """An addition cannot be written into its file (its target is gone, or the file changed shape)."""


class AdditionLike(Protocol):
    id: int
    kind: str
    target: str
    value: dict


def file_of(kind: str, target: str) -> str:
    """The knowledge file an addition changes."""
    if kind == "phrase":
        owner = target.split(".", 1)[0]
        return "red_flags.yml" if owner == "red_flag" else f"scripts/{owner}.yml"
    if kind == "genuine":
        return "genuine.yml"
    if kind == "regression":
        return REGRESSION_FILE
    return "official/organisations.yml"


def apply_one(data: Any, add: AdditionLike) -> bool:
    """Apply one addition to a file's parsed data in place; False when it is already there.

    Raises PatchError when the target is missing.
    """
    v = add.value
    if add.kind == "phrase":
        owner, _, iid = add.target.partition(".")
        key = "red_flags" if owner == "red_flag" else "indicators"
        ind = next((i for i in _list(data, key) if isinstance(i, dict) and i.get("id") == iid), None)
        if ind is None:
            raise PatchError(f"indicator '{add.target}' no longer exists")
        phrases = ind.setdefault(v["lang"], [])
        if not isinstance(phrases, list):
            raise PatchError(f"'{add.target}.{v['lang']}' is not a list")
        if v["phrase"] in phrases:
            return False
        phrases.append(v["phrase"])
        return True
    if add.kind in ("genuine", "regression"):
        key = "genuine" if add.kind == "genuine" else "cases"
        items = _list(data, key)
        if add.kind == "genuine":
            if v["text"] in items:
                return False
            items.append(v["text"])
        else:
            if any(isinstance(c, dict) and c.get("text") == v["text"] for c in items):
                return False
            items.append(_case(v))
        return True
    org = next((o for o in _list(data, "organisations") if isinstance(o, dict) and o.get("id") == add.target), None)
    if org is None:
        raise PatchError(f"organisation '{add.target}' no longer exists")
    if add.kind == "hotline":
        hotlines = org.setdefault("hotlines", [])
        if any(isinstance(h, dict) and str(h.get("number")) == v["number"] for h in hotlines):
            return False
        hotlines.append(_hotline(v))
    elif add.kind == "domain":
        domains = org.setdefault("domains", [])
        if v["domain"] in domains:
            return False
        domains.append(v["domain"])
        org.setdefault("domain_source", v["source"])
    elif add.kind == "app_path":
        apps = org.setdefault("apps", [])
        if any(isinstance(a, dict) and a.get("name") == v["name"] for a in apps):
            return False
        apps.append({"name": dict(v["name"]), "path": dict(v["path"])})
    else:
        raise PatchError(f"unknown kind of addition '{add.kind}'")
    return True


def _list(data: Any, key: str) -> list:
    if not isinstance(data, dict):
        raise PatchError("the file is not a mapping of fields")
    items = data.setdefault(key, [])
    if not isinstance(items, list):
        raise PatchError(f"'{key}' is not a list")
    return items


def _case(v: dict) -> dict:
    case = {"text": v["text"], "expect": v["expect"]}
    if v.get("scripts"):
        case["scripts"] = list(v["scripts"])
    return case


def _hotline(v: dict) -> dict:
    h = {"number": v["number"]}
    if v.get("purpose"):
        h["purpose"] = v["purpose"]
    h.update({"confidence": v["confidence"], "sources": list(v["sources"]), "checked": v["checked"]})
    return h


class Overlay:
    """The `load_knowledge` overlay: applies additions file by file and remembers what it could not apply."""

    def __init__(self, additions: Iterable[AdditionLike]):
        self.additions = list(additions)
        self.applied: list[int] = []
        self.failed: dict[int, str] = {}

    def __call__(self, rel: str, data: Any) -> Any:
        mine = [a for a in self.additions if file_of(a.kind, a.target) == rel]
        if not mine:
            return data
        data = copy.deepcopy(data)
        for add in mine:
            try:
                if apply_one(data, add):
                    self.applied.append(add.id)
            except (PatchError, KeyError, TypeError) as exc:
                self.failed[add.id] = str(exc)
        return data


# -- the patch ------------------------------------------------------------------------------
def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(str(text), ensure_ascii=False)


def patch(root: Path, additions: Iterable[AdditionLike]) -> tuple[str, list[int], dict[int, str]]:
    """A unified diff adding `additions` to the files under `root`, the ids it covers and those it cannot."""
    root = Path(root)
    by_file: dict[str, list[AdditionLike]] = {}
    for a in additions:
        by_file.setdefault(file_of(a.kind, a.target), []).append(a)
    diffs: list[str] = []
    done: list[int] = []
    failed: dict[int, str] = {}
    for rel in sorted(by_file):
        path = root / rel
        before = path.read_text("utf-8") if path.exists() else ""
        if not before and rel == REGRESSION_FILE:
            before = "cases: []\n"
        text = before
        for add in by_file[rel]:
            try:
                data = yaml.safe_load(text) or {}
                expected = copy.deepcopy(data)
                if not apply_one(expected, add):
                    continue  # already in the file
                new = _edit(text, add)
                if yaml.safe_load(new) != expected:
                    raise PatchError("the edited file does not read back as intended; add it by hand")
            except (PatchError, yaml.YAMLError, KeyError, TypeError) as exc:
                failed[add.id] = f"{rel}: {exc}"
                continue
            text = new
            done.append(add.id)
        if text != before:
            name = f"{root.name}/{rel}"
            old_name = f"a/{name}" if path.exists() else "/dev/null"
            diffs.append(
                "".join(
                    difflib.unified_diff(
                        before.splitlines(keepends=True) if path.exists() else [],
                        text.splitlines(keepends=True),
                        old_name,
                        f"b/{name}",
                    )
                )
            )
    return "".join(diffs), done, failed


def _edit(text: str, add: AdditionLike) -> str:
    """Insert one addition into a YAML text, keeping everything else as written."""
    root = yaml.compose(text)
    if not isinstance(root, yaml.MappingNode):
        raise PatchError("the file is not a mapping of fields")
    v = add.value
    if add.kind == "phrase":
        owner, _, iid = add.target.partition(".")
        ind = _find_item(_get(root, "red_flags" if owner == "red_flag" else "indicators"), iid)
        seq = _get(ind, v["lang"])
        if seq is None:
            return _add_key(text, ind, v["lang"], f"[{q(v['phrase'])}]")
        return _append_scalar(text, seq, q(v["phrase"]))
    if add.kind == "genuine":
        return _append_scalar(text, _get(root, "genuine"), q(v["text"]))
    if add.kind == "regression":
        case = _case(v)
        lines = [f"text: {q(case['text'])}", f"expect: {case['expect']}"]
        if case.get("scripts"):
            lines.append(f"scripts: [{', '.join(case['scripts'])}]")
        return _append_block(text, root, "cases", lines)
    org = _find_item(_get(root, "organisations"), add.target)
    if add.kind == "hotline":
        h = _hotline(v)
        lines = [f"number: {q(h['number'])}"]
        if h.get("purpose"):
            lines.append(f"purpose: {q(h['purpose'])}")
        lines += [f"confidence: {h['confidence']}", "sources:", *[f"- {q(s)}" for s in h["sources"]]]
        lines.append(f"checked: {q(h['checked'])}")
        return _append_block(text, org, "hotlines", lines)
    if add.kind == "domain":
        seq = _get(org, "domains")
        if seq is None:
            text = _add_key(text, org, "domains", f"[{q(v['domain'])}]")
            if _get(yaml_org(text, add.target), "domain_source") is None:
                text = _add_key(text, yaml_org(text, add.target), "domain_source", q(v["source"]))
            return text
        return _append_scalar(text, seq, q(v["domain"]))
    if add.kind == "app_path":
        n, p = v["name"], v["path"]
        lines = [f"name: {{zh: {q(n['zh'])}, en: {q(n['en'])}}}", f"path: {{zh: {q(p['zh'])}, en: {q(p['en'])}}}"]
        return _append_block(text, org, "apps", lines)
    raise PatchError(f"unknown kind of addition '{add.kind}'")


def yaml_org(text: str, oid: str) -> yaml.Node:
    return _find_item(_get(yaml.compose(text), "organisations"), oid)


def _get(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((vn for kn, vn in node.value if getattr(kn, "value", None) == key), None)


def _find_item(seq: yaml.Node | None, ident: str) -> yaml.Node:
    if isinstance(seq, yaml.SequenceNode):
        for item in seq.value:
            idn = _get(item, "id")
            if idn is not None and idn.value == ident:
                return item
    raise PatchError(f"'{ident}' not found")


def _line_end(text: str, index: int) -> int:
    end = text.find("\n", index)
    return len(text) if end == -1 else end


def _last_index(node: yaml.Node) -> int:
    """Where the last character of a node's content is (block collections end after their newline)."""
    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        return _last_index(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        return _last_index(node.value[-1])
    return node.end_mark.index


def _item_prefix(text: str, item: yaml.Node) -> str:
    """The text before a block sequence item on its line, e.g. '  - '."""
    start = text.rfind("\n", 0, item.start_mark.index) + 1
    prefix = text[start : item.start_mark.index]
    if prefix.strip() != "-" and not prefix.rstrip().endswith("-"):
        raise PatchError("unusual layout: add it by hand")
    return prefix[: prefix.rindex("-")] + "- "


def _append_scalar(text: str, seq: yaml.Node | None, scalar: str) -> str:
    if not isinstance(seq, yaml.SequenceNode):
        raise PatchError("expected a list")
    if seq.flow_style:
        close = seq.end_mark.index - 1
        if text[close] != "]":
            raise PatchError("unusual layout: add it by hand")
        sep = ", " if seq.value else ""
        body = text[:close].rstrip()
        return body + sep + scalar + "]" + text[close + 1 :]
    if not seq.value:
        raise PatchError("an empty block list: add it by hand")
    prefix = _item_prefix(text, seq.value[0])
    at = _line_end(text, _last_index(seq.value[-1]))
    return text[:at] + "\n" + prefix + scalar + text[at:]


def _add_key(text: str, mapping: yaml.Node, key: str, value: str) -> str:
    """Add `key: value` as the mapping's last field (block mappings only)."""
    if not isinstance(mapping, yaml.MappingNode) or mapping.flow_style or not mapping.value:
        raise PatchError("unusual layout: add it by hand")
    indent = " " * mapping.value[0][0].start_mark.column
    at = _line_end(text, _last_index(mapping))
    return text[:at] + f"\n{indent}{key}: {value}" + text[at:]


def _append_block(text: str, mapping: yaml.Node, key: str, lines: list[str]) -> str:
    """Append a mapping (given as its lines) to the block list under `key`, creating the key if needed."""
    seq = _get(mapping, key)
    if isinstance(seq, yaml.SequenceNode) and seq.flow_style and not seq.value:
        # `cases: []`: rewrite as a block list
        indent = " " * (next(kn for kn, vn in mapping.value if vn is seq).start_mark.column + 2)
        block = "".join(f"\n{indent}{'- ' if k == 0 else '  '}{line}" for k, line in enumerate(lines))
        return text[: seq.start_mark.index].rstrip() + block + text[seq.end_mark.index :]
    if seq is None:
        key_indent = mapping.value[0][0].start_mark.column if mapping.value else 0
        dash = " " * key_indent
        block = "".join(f"\n{dash}{'- ' if k == 0 else '  '}{line}" for k, line in enumerate(lines))
        at = _line_end(text, _last_index(mapping))
        return text[:at] + f"\n{dash}{key}:" + block + text[at:]
    if not isinstance(seq, yaml.SequenceNode) or seq.flow_style or not seq.value:
        raise PatchError("unusual layout: add it by hand")
    prefix = _item_prefix(text, seq.value[0])
    pad = " " * len(prefix)
    block = "".join(f"\n{prefix if k == 0 else pad}{line}" for k, line in enumerate(lines))
    at = _line_end(text, _last_index(seq.value[-1]))
    return text[:at] + block + text[at:]
