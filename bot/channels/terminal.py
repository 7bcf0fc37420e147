"""The terminal chat: the same conversation as the Telegram bot, typed or piped.

Interactive: a prompt; buttons are shown numbered and can be typed as their number or label.
Numbers run on across the replies of one answer, so every button on screen has its own.
Piped: each input line is one message, answered in order; nothing waits for a person.
`/image PATH` reads a screenshot with on-device OCR; `/quit`, Ctrl-C or Ctrl-D leave.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import threading
import time
from collections.abc import Callable
from typing import TextIO

from ..conversation.engine import Button, Incoming, Reply
from ..conversation.orchestrator import Conversations

CHAT_ID = "terminal"
USER_ID = "terminal"
QUIT = ("/quit", "/exit", "/q", "退出")
# The terminal's own lines, per language: one language when the locale names one, both without.
LINES = {
    "hint": (
        "（终端：按钮输入编号或文字；/image 图片路径 读截图；输入 /quit 或按 Ctrl-C 退出）",
        "(Terminal: type a button's number or label; /image PATH reads a screenshot; /quit or Ctrl-C to leave)",
    ),
    "bye": ("再见。", "Bye."),
    "image_usage": ("用法：/image 图片路径", "usage: /image PATH"),
    "no_ocr": ("这里没有文字识别功能。", "Reading pictures is not available here."),
    "bad_image": ("读不了这张图片：{error}", "Cannot read that picture: {error}"),
}


def say(key: str, lang_hint: str | None = None, **values: str) -> str:
    """A terminal line in the locale's language (Chinese for zh-*, English for any other), or in
    both when the locale says nothing (C, POSIX, unset)."""
    zh, en = (x.format(**values) for x in LINES[key])
    if not lang_hint:
        return f"{zh}\n{en}" if key == "hint" else f"{zh.rstrip('。')} / {en}"
    return zh if lang_hint.startswith("zh") else en


HINT = say("hint")
BYE = say("bye")


def locale_hint(env: dict | None = None) -> str | None:
    """The terminal's language as a client language code ("en_GB.UTF-8" -> "en-gb"), None for C/POSIX."""
    env = os.environ if env is None else env
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = (env.get(name) or "").split(".", 1)[0].split("@", 1)[0].strip()
        if value:
            if value in ("C", "POSIX"):
                return None
            return value.replace("_", "-").lower()
    return None


def ctrl_c_leaves() -> bool:
    """Make Ctrl-C leave the chat, as its hint says, whatever this process inherited.

    A process started in the background by a non-interactive shell (`cmd &` in a script, a CI
    runner, `nohup`) inherits SIGINT ignored, and exec keeps it ignored: Python then installs no
    KeyboardInterrupt handler, so Ctrl-C in the chat would only echo ^C and leave nothing. A
    blocked SIGINT is inherited the same way. Called for an interactive chat only (a terminal on
    stdin); returns False where no handler can be set (not the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        return False
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    return True


def render(reply: Reply, first: int = 1) -> str:
    """A reply as terminal text, its buttons numbered from `first`."""
    out = [reply.text]
    n = first - 1
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


def image_incoming(
    path: str, read_image: Callable[[str], str] | None, now: float, lang_hint: str | None = None
) -> Incoming | str:
    """`/image PATH`: the text read from the picture, or a plain message saying why not."""
    if not path:
        return say("image_usage", lang_hint)
    if read_image is None:
        return say("no_ocr", lang_hint)
    from nlu.ocr import OcrError

    try:
        text = read_image(path)
    except OcrError as exc:
        return say("bad_image", lang_hint, error=str(exc))
    return Incoming("image", text=text, now=now)


def run_chat(
    conversations: Conversations,
    stdin: TextIO,
    stdout: TextIO,
    interactive: bool,
    read_image: Callable[[str], str] | None = None,
    lang_hint: str | None = None,
) -> None:
    """Run the chat until end of input, /quit or Ctrl-C.

    `lang_hint`: the terminal's locale (`locale_hint()`): the greeting is in its language, and it
    stands for the person's language until they write; without one, the greeting is in both.
    """
    conversations.reset(CHAT_ID)
    buttons: list[Button] = []

    def handle(msg: Incoming) -> list[Reply]:
        msg = dataclasses.replace(msg, lang_hint=lang_hint) if lang_hint else msg
        return conversations.handle(CHAT_ID, USER_ID, msg, "terminal")

    def show(replies: list[Reply]) -> None:
        nonlocal buttons
        shown: list[Button] = []
        for reply in replies:
            stdout.write(render(reply, len(shown) + 1) + "\n\n")
            shown += [b for row in reply.buttons for b in row]
        if shown:
            buttons = shown
        stdout.flush()

    try:
        show(handle(Incoming("command", command="start", now=time.time())))
        if not lang_hint:  # nothing says which language: greet in English too
            from ..conversation.strings import texts

            stdout.write(texts("en")["chat"]["welcome"] + "\n\n")
        stdout.write(say("hint", lang_hint) + "\n\n")
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
            word, _, rest = line.strip().partition(" ")
            if word.lower() in QUIT:
                break
            if word.lower() == "/image":
                msg = image_incoming(rest.strip(), read_image, time.time(), lang_hint)
                if isinstance(msg, str):
                    stdout.write(msg + "\n\n")
                    stdout.flush()
                    continue
            else:
                msg = to_incoming(line, buttons, time.time())
            show(handle(msg))
    except KeyboardInterrupt:
        stdout.write("\n")
    lang, script = _session_lang(conversations, lang_hint)
    bye = say("bye", lang or lang_hint)
    if script and not (lang or lang_hint or "").startswith("en"):
        from ..conversation.strings import in_script

        bye = in_script(bye, script)  # 再見 to someone who wrote Traditional characters
    stdout.write(bye + "\n")
    stdout.flush()


def _session_lang(conversations: Conversations, lang_hint: str | None = None) -> tuple[str | None, str | None]:
    """The session's language for the goodbye: the one chosen with /lang, else (under a locale) the
    one the person wrote in (else None: the locale's, or both without one); and the Chinese script
    they wrote ("tw", "hk")."""
    from ..conversation.engine import ChatState

    try:
        raw = conversations.store.load_chat(CHAT_ID)
    except Exception:  # the goodbye never fails on the database: the locale's language then
        return None, None
    state = ChatState.from_dict(raw) if raw else None
    if state is None:
        return None, None
    lang = state.lang or (state.seen_lang if lang_hint and state.seen_lang in ("zh", "en") else None)
    return lang, state.script if lang != "en" else None
