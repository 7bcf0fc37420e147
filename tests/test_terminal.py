"""`callcheck chat` driven as a person would: through a pipe and a pseudo-terminal.

Buttons by number and by label, unique numbers on screen, /quit and Ctrl-C leave cleanly, and no
raw internal codes reach the screen.
"""

from __future__ import annotations

import io
import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.channels.terminal import render, run_chat, to_incoming
from bot.conversation.engine import Button, Reply

CALLCHECK = str(Path(sys.executable).with_name("callcheck"))
RAW_CODE = re.compile(r"([:：（(]\s*(unknown|unverified|confirmed|high|medium|low)\b)|CN:")


def chat(lines: str, tmp_path, locale: str = "C.UTF-8") -> subprocess.CompletedProcess:
    env = {**os.environ, "CALLCHECK_DB": str(tmp_path / "c.db"), "CALLCHECK_SALT": "test-salt-not-for-production"}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    for name in ("LC_ALL", "LC_MESSAGES"):
        env.pop(name, None)
    env["LANG"] = locale  # the greeting follows the terminal's locale
    return subprocess.run(
        [CALLCHECK, "chat"], input=lines, capture_output=True, text=True, timeout=120, env=env, check=False
    )


def numbered(screen: str) -> list[tuple[int, str]]:
    return [(int(n), label.strip()) for n, label in re.findall(r"\[(\d+)\] ([^\[\n]+)", screen)]


def test_pipe_buttons_by_number_and_label(tmp_path):
    done = chat("我的快递丢了，说要给我三倍赔偿\n5\n重新开始\n95338\n/quit\n", tmp_path)
    out = done.stdout
    assert done.returncode == 0, done.stderr
    start = out[: out.index("信息还不多")]
    assert "/quit" in start and "Ctrl-C" in start  # the start says how to leave
    first = out[out.index("⚠️") : out.index("根据你补充的情况")]
    nums = [n for n, _ in numbered(first)]
    assert nums == list(range(1, len(nums) + 1)), nums  # one run of numbers across the replies on screen
    assert "[1] 我已转账/提供了信息" in first and "[5] 淘宝/天猫/闲鱼" in first
    assert "根据你补充的情况" in out  # "5" pressed the fifth button on screen: Taobao
    assert "好的，本次核实已结束" in out  # the typed label 重新开始 pressed that button
    assert "顺丰速运" in out and "官方号码" in out  # a bare number got the number report
    assert out.rstrip().endswith("再见 / Bye.")
    assert not RAW_CODE.search(out) and "Traceback" not in out + done.stderr


def test_pipe_english_emergency_first(tmp_path):
    done = chat("I already sent £300\n/quit\n", tmp_path)
    out = done.stdout
    start = out.index("⚠️ Stop the loss first")
    assert "Action Fraud" in out[start:] and "/region" in out[start:]
    assert not RAW_CODE.search(out)


HAN = re.compile(r"[\u4e00-\u9fff]")
CHINA_ONLY = ("Taobao", "Tmall", "JD", "Pinduoduo", "Douyin", "Xiaohongshu", "Alipay", "WeChat", "QQ")


@pytest.mark.parametrize("locale", ["en_GB.UTF-8", "C.UTF-8"])
def test_pipe_english_session_pressing_every_button_stays_english(tmp_path, locale):
    # An account, then every button number on screen in turn, then a few labels: never Chinese.
    presses = "".join(f"{n}\n" for n in range(1, 10))
    done = chat(
        f"A woman phoned saying she was from my bank and wanted me to move money\n{presses}/quit\n", tmp_path, locale
    )
    out = done.stdout
    assert done.returncode == 0, done.stderr
    hint = out.index("(Terminal:")
    if locale.startswith("en"):
        # An English locale: greeted, hinted and seen off in English only ("/lang — 中文/English" names the choice).
        assert not HAN.search(out.replace("中文", "")), out[:300]
        assert out.rstrip().endswith("\nBye.")
    else:
        assert HAN.search(out[:hint]) and "Hi, I check" in out[:hint]  # no locale: greeted in both
        assert "（终端" in out[:hint] and out.rstrip().endswith("再见 / Bye.")
    after = out[hint + len("(Terminal:") : out.rindex("再见 / Bye." if "再见 / Bye." in out else "Bye.")]
    assert not HAN.search(after), HAN.search(after)
    labels = [label for _, label in numbered(after)]
    assert labels and not [x for x in labels if any(c in x for c in CHINA_ONLY)], labels
    assert "Stop the loss first" in after  # the "already paid" button was pressed, in English


def test_pipe_traditional_session_gets_traditional_replies(tmp_path):
    done = chat("對方自稱是銀行客服，說我的帳戶被盜用，要我把錢轉到安全帳戶\n1\n2\n/quit\n", tmp_path)
    out = done.stdout
    assert done.returncode == 0, done.stderr
    after = out[out.index("(Terminal:") :]
    assert "詐騙" in after and "驗證碼" in after and "165" in after  # Traditional, Taiwan's help line
    assert not any(w in after for w in ("诈骗", "验证码", "转账", "骗局", "96110")), after[:400]


def test_pipe_cantonese_on_the_call_hang_up_first_hong_kong(tmp_path):
    done = chat("個假警察仲喺電話度，叫我唔好收線，點算\n/quit\n", tmp_path)
    out = done.stdout
    answer = out[out.index("(Terminal:") :].split("\n\n", 1)[1]
    assert answer.startswith("收線") or answer.startswith("掛斷"), answer[:80]
    assert "18222" in answer and "96110" not in answer and "Action Fraud" not in answer


def test_end_of_input_leaves_cleanly(tmp_path):
    done = chat("hello\n", tmp_path)
    assert done.returncode == 0 and done.stdout.rstrip().endswith("Bye.")


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
@pytest.mark.parametrize("started", ["from a shell", "with SIGINT ignored and blocked"])
def test_ctrl_c_in_a_terminal_leaves_cleanly(tmp_path, started):
    """Ctrl-C leaves with the goodbye line however the chat was started. A script's background job
    (`make test &` in a CI runner, `nohup`) passes SIGINT on ignored, and exec keeps it so: Python
    then installs no KeyboardInterrupt handler, and the chat used to echo only ^C and stay. The
    test runner may itself run that way, so the second case makes it explicit."""
    import pty
    import signal

    env = {**os.environ, "CALLCHECK_DB": str(tmp_path / "p.db"), "CALLCHECK_SALT": "test-salt-not-for-production"}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    pid, fd = pty.fork()
    if pid == 0:  # the child: callcheck chat on the pseudo-terminal
        hostile = started != "from a shell"
        signal.signal(signal.SIGINT, signal.SIG_IGN if hostile else signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_BLOCK if hostile else signal.SIG_UNBLOCK, {signal.SIGINT})
        os.execve(CALLCHECK, [CALLCHECK, "chat"], env)

    # One transcript for the whole session, read until a condition holds: a marker split across
    # reads, or output that arrives in pieces on a loaded machine, is still seen. The deadline is
    # generous (a busy CI machine) and only ever spent when something is really wrong.
    transcript = b""

    def read_until(done, timeout: float = 180.0) -> str:
        nonlocal transcript
        end = time.monotonic() + timeout
        while not done(transcript.decode("utf-8", errors="replace")) and time.monotonic() < end:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                transcript += chunk
        return transcript.decode("utf-8", errors="replace")

    def exited(timeout: float = 60.0) -> int | None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return os.WEXITSTATUS(status)
            time.sleep(0.1)
        return None

    def prompt_after(mark: int):
        return lambda screen: screen.rstrip(" ").endswith(">") and len(screen) > mark

    try:
        screen = read_until(prompt_after(0))
        assert "Ctrl-C" in screen and "/quit" in screen, screen
        shown = len(screen)
        os.write(fd, "有人自称拼多多客服，说我的订单卡单了要激活\r".encode())
        # the verdict, then the prompt again: only then is the chat waiting for input
        screen = read_until(
            lambda out: ("这是诈骗" in out[shown:] or "可疑" in out[shown:]) and prompt_after(shown)(out)
        )
        assert "这是诈骗" in screen[shown:] or "可疑" in screen[shown:], screen[shown:]
        shown = len(screen)
        os.write(fd, b"\x03")  # Ctrl-C, as the terminal sends it
        screen = read_until(lambda out: "Bye." in out[shown:])
        assert "Bye." in screen[shown:] and "Traceback" not in screen, screen[shown:]
        assert exited() == 0
    finally:
        try:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(fd)


def test_numbers_run_on_across_replies_in_process(tmp_path):
    from bot.app import App, Settings

    app = App(Settings(db_path=tmp_path / "t.db"))
    out = io.StringIO()
    try:
        run_chat(app.conversations, io.StringIO("我的快递丢了，说要给我三倍赔偿\n"), out, interactive=False)
    finally:
        app.close()
    labels = numbered(out.getvalue())
    nums = [n for n, _ in labels]
    assert len(nums) == len(set(nums)) and len(nums) > 2


def test_render_and_typed_labels():
    reply = Reply("q", ((Button("✓ 说验证码", "1|act:give_code"), Button("选好了", "1|done")),))
    assert render(reply, 4) == "q\n[4] ✓ 说验证码   [5] 选好了"
    buttons = [b for row in reply.buttons for b in row]
    assert to_incoming("说验证码", buttons, 0).data == "1|act:give_code"
    assert to_incoming("2", buttons, 0).data == "1|done"
    assert to_incoming("7", buttons, 0).kind == "text"
