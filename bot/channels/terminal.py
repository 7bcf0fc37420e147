"""The terminal chat: the same conversation as the Telegram bot, typed or piped.

Interactive: a prompt; buttons are shown numbered and can be typed as their number or label.
Piped: each input line is one message, answered in order; nothing waits for a person.
"""

from __future__ import annotations

import time
from typing import TextIO

from ..conversation.engine import Incoming, Reply
from ..conversation.orchestrator import Conversations

CHAT_ID = "terminal"
USER_ID = "terminal"


def render(reply: Reply) -> str:
    """A reply as terminal text, buttons numbered."""
    out = [reply.text]
    n = 0
    for row in reply.buttons:
        cells = []
        for b in row:
            n += 1
            cells.append(f"[{n}] {b.label}")
        out.append("   ".join(cells))
    return "\n".join(out)


def to_incoming(line: str, buttons: list, now: float) -> Incoming:
    """Translate one typed line: a button (by number or label), a /command, or text."""
    stripped = line.strip()
    if stripped.isascii() and stripped.isdigit() and len(stripped) <= 3 and 1 <= int(stripped) <= len(buttons):
        return Incoming("button", data=buttons[int(stripped) - 1].data, now=now)
    for b in buttons:
        if stripped and stripped.lower() == b.label.lower().lstrip("✓ ").strip():
            return Incoming("button", data=b.data, now=now)
    if stripped.startswith("/") and len(stripped) > 1:
        command, _, args = stripped[1:].partition(" ")
        return Incoming("command", command=command.split("@")[0], args=args, now=now)
    return Incoming("text", text=line, now=now)


def run_chat(conversations: Conversations, stdin: TextIO, stdout: TextIO, interactive: bool) -> None:
    """Run the chat until end of input."""
    conversations.reset(CHAT_ID)
    buttons: list = []

    def show(replies: list[Reply]) -> None:
        nonlocal buttons
        for reply in replies:
            stdout.write(render(reply) + "\n\n")
            if reply.buttons:
                buttons = [b for row in reply.buttons for b in row]
        stdout.flush()

    show(conversations.handle(CHAT_ID, USER_ID, Incoming("command", command="start", now=time.time()), "terminal"))
    while True:
        if interactive:
            stdout.write("> ")
            stdout.flush()
        line = stdin.readline()
        if not line:
            break
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        msg = to_incoming(line, buttons, time.time())
        show(conversations.handle(CHAT_ID, USER_ID, msg, "terminal"))
