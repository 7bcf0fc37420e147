"""Text with nothing written in it: what every front end refuses the same way as an empty one."""

from __future__ import annotations

import unicodedata

# Spaces, controls (NUL, escapes), format characters (zero-width spaces and joiners, BOM, bidi
# marks), lone surrogates and combining marks with nothing to combine with: none of them is a word.
_NOTHING = frozenset(("Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn", "Mn", "Me"))


def is_blank(text: str | None) -> bool:
    """True when `text` shows nothing a person wrote: empty, spaces, or only invisible characters."""
    return not text or all(ch.isspace() or unicodedata.category(ch) in _NOTHING for ch in text)
