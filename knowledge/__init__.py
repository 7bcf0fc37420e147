"""The knowledge base: scam scripts, red flags, official channels and apps, as reviewed YAML."""

from __future__ import annotations

from .errors import KnowledgeError, Problem
from .loader import default_root
from .loader import load_knowledge as load_files
from .model import KnowledgeBase


def load_knowledge(root=None, overlay=None) -> KnowledgeBase:
    """Load and validate the knowledge folder (see loader.load_knowledge); raise KnowledgeError
    listing every problem. A folder loaded before with the same files and code is read back from
    its compiled form (knowledge/kbcache.py) instead of being parsed and validated again."""
    from .kbcache import cached_load

    return cached_load(load_files, root, overlay)


__all__ = ["KnowledgeBase", "KnowledgeError", "Problem", "default_root", "load_knowledge"]
