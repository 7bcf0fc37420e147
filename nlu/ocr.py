"""Read the text of a screenshot (SMS, chat) on the device, in Chinese and English.

Uses RapidOCR (PaddleOCR's PP-OCRv4 models on ONNX Runtime). The models ship inside the
`rapidocr-onnxruntime` package: nothing is downloaded at run time. The engine is built on the
first picture, never at import, and then kept for the life of the process.

    OcrError                 the picture cannot be read (not an image, too large, OCR missing)
"""

from __future__ import annotations

import io
import threading
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024  # a phone screenshot is a few MB; anything far larger is not one
MAX_PIXELS = 40_000_000
MIN_SCORE = 0.5  # recognised lines the model is less sure of than this are left out
# One thread per picture: on a small shared server OCR must not starve the chats, and ONNX
# Runtime's spinning thread pool was slower, not faster, on two busy cores. Detection runs on the
# picture scaled so its longer side is at most 1280 px (the default scales the *shorter* side up
# to 736, which blows short screenshots up and costs memory); recognition still reads crops of
# the original picture.
ENGINE_OPTIONS = {
    "intra_op_num_threads": 1,
    "inter_op_num_threads": 1,
    "det_limit_type": "max",
    "det_limit_side_len": 1280,
}


class OcrError(Exception):
    """A picture that cannot be read; the message says why in plain words."""


@dataclass(frozen=True)
class OcrLine:
    """One line of text read from the picture, with its box (left, top, right, bottom) and confidence."""

    text: str
    box: tuple[float, float, float, float]
    score: float


@dataclass(frozen=True)
class OcrResult:
    """Everything read from one picture, in reading order."""

    lines: tuple[OcrLine, ...]
    ms: float

    @property
    def text(self) -> str:
        """The lines joined in reading order, one per line."""
        return "\n".join(line.text for line in self.lines)


def reading_order(lines: list[OcrLine]) -> list[OcrLine]:
    """Top to bottom; boxes whose middles share a row are joined left to right into one line."""
    rows: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda x: (x.box[1] + x.box[3]) / 2):
        mid = (line.box[1] + line.box[3]) / 2
        if rows:
            last = rows[-1][0]
            height = max(1.0, last.box[3] - last.box[1])
            if abs(mid - (last.box[1] + last.box[3]) / 2) < height * 0.5:
                rows[-1].append(line)
                continue
        rows.append([line])
    out = []
    for row in rows:
        row.sort(key=lambda x: x.box[0])
        # A space between boxes: the analyzer drops spaces between Chinese characters anyway.
        text = " ".join(x.text for x in row)
        box = (
            min(x.box[0] for x in row),
            min(x.box[1] for x in row),
            max(x.box[2] for x in row),
            max(x.box[3] for x in row),
        )
        out.append(OcrLine(text, box, min(x.score for x in row)))
    return _paragraphs(out)


def _cjk(ch: str) -> bool:
    return bool(ch) and ("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")


def _paragraphs(rows: list[OcrLine]) -> list[OcrLine]:
    """Join the wrapped lines of one bubble or paragraph: close below, starting at the same left edge.

    A phrase broken by wrapping ("激活订" / "单") must reach the analyzer whole.
    """
    out: list[OcrLine] = []
    for row in rows:
        if out:
            prev = out[-1]
            height = max(1.0, min(prev.box[3] - prev.box[1], row.box[3] - row.box[1]))
            close = row.box[1] - prev.box[3] < 0.8 * height and abs(row.box[0] - prev.box[0]) < 1.5 * height
            if close:
                glue = "" if _cjk(prev.text[-1:]) or _cjk(row.text[:1]) else " "
                box = (
                    min(prev.box[0], row.box[0]),
                    prev.box[1],
                    max(prev.box[2], row.box[2]),
                    row.box[3],
                )
                out[-1] = OcrLine(prev.text + glue + row.text, box, min(prev.score, row.score))
                continue
        out.append(row)
    return out


class Reader:
    """On-device OCR; the engine loads on the first `read`, once per process."""

    def __init__(self):
        self._engine = None
        self._lock = threading.Lock()

    def _get_engine(self):
        with self._lock:
            if self._engine is None:
                try:
                    from rapidocr_onnxruntime import RapidOCR
                except ImportError as exc:
                    raise OcrError("text recognition is not installed (pip install rapidocr-onnxruntime)") from exc
                self._engine = RapidOCR(**ENGINE_OPTIONS)
            return self._engine

    @staticmethod
    def _image(source: str | Path | bytes):
        from PIL import Image, UnidentifiedImageError

        if isinstance(source, str | Path):
            path = Path(source).expanduser()
            if not path.is_file():
                raise OcrError(f"no such file: {path}")
            if path.stat().st_size > MAX_BYTES:
                raise OcrError("the file is too large to be a screenshot")
            data = path.read_bytes()
        else:
            data = bytes(source)
            if len(data) > MAX_BYTES:
                raise OcrError("the picture is too large to be a screenshot")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                img = Image.open(io.BytesIO(data))
                if img.width * img.height > MAX_PIXELS:
                    raise OcrError("the picture has too many pixels to be a screenshot")
                img.load()
        except (UnidentifiedImageError, Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            raise OcrError("this is not a picture I can open (PNG, JPEG, WebP…)") from exc
        except OSError as exc:
            raise OcrError(f"the picture is damaged ({exc})") from exc
        return img.convert("RGB")

    def read(self, source: str | Path | bytes) -> OcrResult:
        """Read the text of a picture given as a path or bytes; raise OcrError on anything unreadable."""
        img = self._image(source)
        engine = self._get_engine()
        t0 = time.perf_counter()
        try:
            result, _ = engine(img, use_cls=False)  # screenshots are upright: skip the rotation model
        except Exception as exc:  # the engine's own errors are not a stable API
            raise OcrError(f"text recognition failed ({type(exc).__name__})") from exc
        ms = (time.perf_counter() - t0) * 1000
        lines = []
        for box, text, score in result or []:
            if float(score) < MIN_SCORE or not str(text).strip():
                continue
            xs = [p[0] for p in box]
            ys = [p[1] for p in box]
            lines.append(OcrLine(str(text).strip(), (min(xs), min(ys), max(xs), max(ys)), float(score)))
        return OcrResult(tuple(reading_order(lines)), ms)

    def read_text(self, source: str | Path | bytes) -> str:
        """Just the text, in reading order."""
        return self.read(source).text
