"""Draw phone screenshots of SMS and chat messages with Pillow, for the OCR tests and benchmark.

Needs a font with Chinese glyphs: Debian's fonts-wqy-microhei or fonts-noto-cjk (.ci/run installs
the first). `cjk_font()` returns None when none is installed.
"""

from __future__ import annotations

import io
from pathlib import Path

FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)
THEMES = {
    "light": {
        "bg": (255, 255, 255),
        "bar": (246, 246, 248),
        "bubble": (233, 233, 235),
        "text": (17, 17, 17),
        "dim": (120, 120, 128),
    },
    "dark": {
        "bg": (0, 0, 0),
        "bar": (28, 28, 30),
        "bubble": (44, 44, 46),
        "text": (242, 242, 247),
        "dim": (152, 152, 160),
    },
}
WIDTH = 720


def cjk_font() -> str | None:
    """The first installed font that can draw Chinese, or None."""
    return next((f for f in FONTS if Path(f).exists()), None)


def _wrap(draw, text: str, font, width: int) -> list[str]:
    """Break text into lines that fit: at spaces for English words, anywhere for Chinese."""
    lines: list[str] = []
    current = ""
    for token in _tokens(text):
        candidate = current + token
        if current and draw.textlength(candidate, font=font) > width:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current = candidate
    if current.strip():
        lines.append(current.rstrip())
    return lines


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    word = ""
    for ch in text:
        if ch.isascii() and not ch.isspace():
            word += ch
            continue
        if word:
            out.append(word)
            word = ""
        out.append(ch)
    if word:
        out.append(word)
    return out


def screenshot(messages: list[str], sender: str, theme: str = "light", font_path: str | None = None) -> bytes:
    """A PNG of an SMS thread: status bar, the sender, one grey bubble per message."""
    from PIL import Image, ImageDraw, ImageFont

    colours = THEMES[theme]
    font_path = font_path or cjk_font()
    if font_path is None:
        raise RuntimeError("no CJK font installed (apt-get install fonts-wqy-microhei)")
    body = ImageFont.truetype(font_path, 28)
    small = ImageFont.truetype(font_path, 22)
    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    wrapped = [_wrap(probe, m, body, WIDTH - 180) for m in messages]
    height = 170 + sum(len(w) * 40 + 60 for w in wrapped) + 40
    img = Image.new("RGB", (WIDTH, height), colours["bg"])
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, WIDTH, 120), fill=colours["bar"])
    d.text((30, 14), "9:41", font=small, fill=colours["text"])
    d.text((WIDTH // 2, 70), sender, font=body, fill=colours["text"], anchor="mm")
    y = 160
    for lines in wrapped:
        h = len(lines) * 40 + 30
        w = max(d.textlength(line, font=body) for line in lines) + 40
        d.rounded_rectangle((30, y, 30 + w, y + h), radius=22, fill=colours["bubble"])
        for i, line in enumerate(lines):
            d.text((50, y + 15 + i * 40), line, font=body, fill=colours["text"])
        y += h + 30
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


# Messages people forward, with the verdict the analyzer gives on the typed text.
CASES = [
    ("zh", "95338", "【顺丰速运】您的快递在运输中丢失，我们将三倍赔偿，请添加客服微信办理理赔。", "scam"),
    ("zh", "淘宝客服", "我是淘宝客服，你的订单卡单了需要激活订单，请下载向日葵共享屏幕。", "scam"),
    ("zh", "京东金融", "您好，我是京东金融客服，您的白条学生账户未注销会影响征信，需要配合注销。", "suspicious"),
    ("zh", "+86 170 1234 5678", "您开通的百万保障每月扣费500元，取消需要把钱转到指定账户验证。", "scam"),
    ("zh", "95338", "【顺丰速运】您的快件已签收，感谢使用顺丰，如有疑问请致电95338。", "no_scam_signs"),
    (
        "en",
        "Royal Mail",
        "Royal Mail: your parcel is held. Pay the £1.99 redelivery fee at royalmail-redeliver.com",
        "scam",
    ),
    (
        "en",
        "+1 202 555 0143",
        "Amazon: your Prime renews today. To cancel, install AnyDesk so our agent can refund you.",
        "scam",
    ),
    ("en", "Bank", "Your bank account is compromised. Move your money to a safe account now.", "scam"),
    (
        "en",
        "USPS",
        "USPS: your package cannot be delivered due to an incomplete address. Update it here: usps-track.info",
        "suspicious",
    ),
    ("en", "DPD", "Your DPD parcel was delivered today at 14:02. Thanks for shopping with us.", "no_scam_signs"),
]
