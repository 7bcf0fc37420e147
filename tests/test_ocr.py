"""Screenshots read with on-device OCR, on pictures the tests draw themselves (tests/screens.py).

Twenty screenshots (zh and en, light and dark) must give the verdict the typed text gives; the
picture then flows through Telegram, `callcheck check --image` and the terminal's `/image`.
"""

from __future__ import annotations

import asyncio
import io
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from screens import CASES, cjk_font, screenshot
from test_telegram import USER_ID, FakeBotAPI, Harness, _update_ids

from bot.cli import main
from nlu.ocr import OcrError, OcrLine, Reader, reading_order

FONT = cjk_font()
# What a case's verdict must be; the detection rules may move a message between scam and suspicious.
FLAGGED = {"scam": ("scam", "suspicious"), "suspicious": ("scam", "suspicious"), "no_scam_signs": ("no_scam_signs",)}
needs_font = pytest.mark.skipif(FONT is None, reason="no CJK font: apt-get install fonts-wqy-microhei (.ci/run does)")


@pytest.fixture(scope="module")
def reader():
    return Reader()


@pytest.fixture(scope="module")
def pictures(tmp_path_factory):
    """The twenty screenshots, drawn once: {(case number, theme): path}."""
    if FONT is None:
        pytest.skip("no CJK font")
    root = tmp_path_factory.mktemp("screens")
    out = {}
    for i, (_, sender, text, _) in enumerate(CASES):
        for theme in ("light", "dark"):
            path = root / f"case{i}-{theme}.png"
            path.write_bytes(screenshot([text], sender, theme, FONT))
            out[(i, theme)] = path
    return out


@needs_font
@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("case", range(len(CASES)), ids=[f"{c[0]}-{c[3]}-{i}" for i, c in enumerate(CASES)])
def test_screenshot_gives_the_verdict_of_its_text(reader, analyzer, pictures, case, theme):
    lang, _, text, expected = CASES[case]
    typed = analyzer.analyze(text).verdict
    assert typed in FLAGGED[expected]  # the case itself is right (scam and suspicious both warn)
    read = reader.read(pictures[(case, theme)])
    assert analyzer.analyze(read.text).verdict == typed, read.text
    # the message reached the analyzer whole: its longest run of words was read, not only fragments
    probe = text[8:20] if lang == "zh" else " ".join(text.split()[2:5])
    assert probe in read.text, (probe, read.text)


def test_reading_order_joins_wrapped_lines_and_rows():
    def line(text, left, top, right, bottom):
        return OcrLine(text, (left, top, right, bottom), 0.9)

    lines = [
        line("单，请下载向日葵", 50, 215, 400, 245),
        line("9:41", 30, 14, 80, 36),
        line("我是淘宝客服，你的订单卡单了需要激活订", 50, 175, 600, 205),
        line("淘宝客服", 300, 60, 420, 90),
        line("Hi", 50, 400, 90, 430),
        line("there", 100, 402, 170, 430),
    ]
    assert [x.text for x in reading_order(lines)] == [
        "9:41",
        "淘宝客服",
        "我是淘宝客服，你的订单卡单了需要激活订单，请下载向日葵",
        "Hi there",
    ]


def test_unreadable_input_is_a_plain_error(reader, tmp_path):
    with pytest.raises(OcrError, match="not a picture"):
        reader.read(b"this is not an image")
    with pytest.raises(OcrError, match="no such file"):
        reader.read(tmp_path / "missing.png")
    from PIL import Image

    buf = io.BytesIO()
    Image.new("1", (9000, 9000)).save(buf, format="PNG")
    with pytest.raises(OcrError, match="too many pixels"):
        reader.read(buf.getvalue())


def test_ocr_is_not_loaded_at_import():
    code = (
        "import sys, bot.app, bot.cli, bot.channels.telegram, bot.channels.terminal, nlu.ocr;"
        "bad = [m for m in ('rapidocr_onnxruntime', 'onnxruntime', 'cv2') if m in sys.modules];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


@needs_font
def test_cli_check_image(pictures):
    result = CliRunner().invoke(main, ["check", "--image", str(pictures[(1, "dark")])])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("我从截图里读到：") and "这是诈骗" in result.output
    result = CliRunner().invoke(main, ["check", "--image", str(pictures[(7, "light")]), "--json"])
    data = json.loads(result.output)
    assert data["verdict"] == "scam" and "safe account" in data["ocr_text"]
    result = CliRunner().invoke(main, ["check", "--image", "/no/such.png"])
    assert result.exit_code == 1 and "no such file" in result.output and "Traceback" not in result.output


@needs_font
def test_terminal_image_command(pictures, tmp_path):
    from bot.app import App, Settings
    from bot.channels.terminal import run_chat

    app = App(Settings(db_path=tmp_path / "t.db"))
    try:
        lines = f"/image {pictures[(6, 'light')]}\n/image /no/such.png\n/quit\n"
        out = io.StringIO()
        run_chat(app.conversations, io.StringIO(lines), out, interactive=False, read_image=app.ocr.read_text)
    finally:
        app.close()
    text = out.getvalue()
    assert "From the picture I read:" in text and "AnyDesk" in text and "This is a scam" in text
    assert "no such file" in text and text.rstrip().endswith("Bye.")


class PhotoBotAPI(FakeBotAPI):
    """Also answers getFile and serves the file's bytes, as Telegram's file server would."""

    def __init__(self, picture: bytes):
        super().__init__()
        self.picture = picture

    async def do_request(self, url, method, request_data=None, **kw):
        if "/file/bot" in url:
            self.calls.append(("download", {}))
            return 200, self.picture
        if url.endswith("/getFile"):
            self.calls.append(("getFile", {}))
            result = {
                "file_id": "p1",
                "file_unique_id": "u1",
                "file_size": len(self.picture),
                "file_path": "photos/p1.png",
            }
            return 200, json.dumps({"ok": True, "result": result}).encode()
        return await super().do_request(url, method, request_data, **kw)


def photo_update(caption: str | None = None, chat_type: str = "private", chat_id: int = USER_ID) -> dict:
    msg = {
        "message_id": next(_update_ids),
        "date": 1_800_000_000,
        "chat": {"id": chat_id, "type": chat_type, **({"title": "群"} if chat_type != "private" else {})},
        "from": {"id": USER_ID, "is_bot": False, "first_name": "A", "language_code": "zh-hans"},
        "photo": [
            {"file_id": "s1", "file_unique_id": "us1", "width": 90, "height": 50, "file_size": 900},
            {"file_id": "p1", "file_unique_id": "u1", "width": 720, "height": 400, "file_size": 30000},
        ],
    }
    if caption:
        msg["caption"] = caption
    return {"update_id": next(_update_ids), "message": msg}


@needs_font
def test_telegram_photo_is_read_and_checked(pictures, tmp_path):
    picture = pictures[(0, "light")].read_bytes()

    async def scenario():
        async with Harness(tmp_path, PhotoBotAPI(picture)) as h:
            await h.send(photo_update())
            text = h.api.texts()
            assert "我从截图里读到" in text and "三倍赔偿" in text and "这是诈骗" in text
            assert ("download", {}) in h.api.calls
            calls = len(h.api.calls)
            await h.send(photo_update(chat_type="group", chat_id=-100123))  # not addressed: not even downloaded
            assert all(name != "download" for name, _ in h.api.calls[calls:])

    asyncio.run(scenario())


def test_telegram_picture_that_is_not_an_image(tmp_path):
    async def scenario():
        async with Harness(tmp_path, PhotoBotAPI(b"GIF89a-broken")) as h:
            await h.send(photo_update())
            assert "这张图片我读不了" in h.api.texts()

    asyncio.run(scenario())
