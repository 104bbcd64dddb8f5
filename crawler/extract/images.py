"""Facts about an image file's bytes (size, type, completeness), read with Pillow."""

from __future__ import annotations

import io
import warnings as _warnings

from PIL import Image, UnidentifiedImageError

TRUNCATED = "Bilddatei unvollständig (abgeschnitten?)"

_MAGIC = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)


def sniff_image_mime(body: bytes) -> str | None:
    """Return the image MIME type named by the file's first bytes (None if not an image)."""
    if body[:4] == b"RIFF" and body[8:12] == b"WEBP":
        return "image/webp"
    return next((mime for magic, mime in _MAGIC if body.startswith(magic)), None)


def _is_truncation(exc: BaseException) -> bool:
    message = str(exc).lower()
    return isinstance(exc, EOFError) or "truncat" in message or "broken data stream" in message


def image_info(body: bytes) -> tuple[int | None, int | None, str | None, list[str]]:
    """Return (width, height, mime, warnings) of an image file's bytes.

    The header gives size and type; the pixels are then decoded to find truncated or damaged
    files, which keep what the header said plus a German warning. Never raises.
    """
    if not body:
        return None, None, None, ["Bilddatei ist leer"]
    sniffed = sniff_image_mime(body)
    try:
        with _warnings.catch_warnings():
            _warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(body))
            width, height = image.size
            mime = Image.MIME.get(image.format or "") or sniffed
    except UnidentifiedImageError:
        if sniffed:
            return None, None, sniffed, [TRUNCATED if len(body) < 1024 else "Bilddatei beschädigt"]
        return None, None, None, ["Bildformat nicht erkannt"]
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return None, None, sniffed, ["Bild zu groß zum Prüfen (mögliche Dekompressionsbombe)"]
    except Exception as exc:  # Pillow raises many types for damaged headers
        return None, None, sniffed, [TRUNCATED if _is_truncation(exc) else "Bilddatei beschädigt"]
    warnings: list[str] = []
    try:
        if image.format == "JPEG":
            # decoding at 1/8 scale still reads every byte, so truncation shows, at a fraction of the cost
            image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
        image.load()
    except Exception as exc:
        warnings.append(TRUNCATED if _is_truncation(exc) else f"Bilddatei beschädigt: {exc}")
    finally:
        image.close()
    return width, height, mime, warnings
