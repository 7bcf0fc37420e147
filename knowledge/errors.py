"""Errors raised while loading the knowledge base.

    KnowledgeError            the knowledge folder cannot be used; carries every Problem found
      └── (no subclasses)     one class is enough: callers show `problems` and stop

A Problem names the file, the field and a plain fix, so a volunteer who is not a programmer
can correct the YAML without reading code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one knowledge file."""

    file: str
    field: str
    message: str
    fix: str = ""
    line: int | None = None  # 1-based line in the file, when known

    def __str__(self) -> str:
        text = f"{self.file}: {self.field}: {self.message}"
        text = f"{text} — fix: {self.fix}" if self.fix else text
        if self.line and f"line {self.line}" not in self.message:
            text += f" (line {self.line})"
        return text


class KnowledgeError(Exception):
    """The knowledge base has problems; `problems` lists each with file, field and fix."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"knowledge base has {len(self.problems)} problem(s):\n{lines}")
