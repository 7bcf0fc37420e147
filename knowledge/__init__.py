"""The knowledge base: scam scripts, red flags, official channels and apps, as reviewed YAML."""

from .errors import KnowledgeError, Problem
from .loader import default_root, load_knowledge
from .model import KnowledgeBase

__all__ = ["KnowledgeBase", "KnowledgeError", "Problem", "default_root", "load_knowledge"]
