"""scripts/make_icons.py: every platform's icon comes from the one SVG, and each image in
the .ico and .icns containers is a PNG of the size its table says."""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]


def _make_icons():
    spec = importlib.util.spec_from_file_location("make_icons", ROOT / "scripts" / "make_icons.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_icons_for_linux_windows_and_macos_are_rendered_from_the_svg(tmp_path, qapp):
    written = _make_icons().make(tmp_path)
    assert {p.name for p in written} >= {"tunedesk-16.png", "tunedesk-256.png", "tunedesk-1024.png",
                                         "tunedesk.ico", "tunedesk.icns"}
    big = QImage(str(tmp_path / "tunedesk-256.png"))
    assert big.width() == 256 and big.pixelColor(128, 128).alpha() == 255  # drawn, not empty
    assert big.pixelColor(0, 0).alpha() == 0  # rounded corner: transparent

    data = (tmp_path / "tunedesk.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, 7)
    for i in range(count):
        w, h, _, _, _, _, size, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        image = QImage.fromData(data[offset:offset + size], "PNG")
        assert image.width() == (w or 256) and image.height() == (h or 256)

    data = (tmp_path / "tunedesk.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack_from(">I", data, 4)[0] == len(data)
    pos, kinds = 8, {}
    while pos < len(data):
        kind, length = data[pos:pos + 4], struct.unpack_from(">I", data, pos + 4)[0]
        kinds[kind] = QImage.fromData(data[pos + 8:pos + length], "PNG").width()
        pos += length
    assert kinds[b"ic10"] == 1024 and kinds[b"ic07"] == 128 and kinds[b"icp4"] == 16
