"""QR codes as SVG (segno, pure Python): the check-in code a scanner reads."""

from __future__ import annotations

import io

import segno


def qr_svg(text: str, *, title: str) -> bytes:
    """An SVG QR code of `text` (error correction M, 4-module quiet zone), with a <title>."""
    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(
        buffer, kind="svg", scale=8, border=4, dark="#000", light="#fff", title=title,
        xmldecl=True, svgclass=None, lineclass=None)
    return buffer.getvalue()
