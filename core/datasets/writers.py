"""Write datasets as JSONL: UTF-8, one example per line, atomically, keeping a backup."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ..util.files import atomic_write
from .model import Example


def example_line(example: Example) -> bytes:
    blob = example.blob  # UTF-8 JSON, non-ASCII as is (ensure_ascii=False); unchanged lines as read
    if blob is None:
        # Kept exactly as it was read until the user fixes or deletes it.
        return (example.raw or "").encode("utf-8", errors="surrogateescape") + b"\n"
    return blob + b"\n"


def write_jsonl(path: str | os.PathLike[str], examples: Iterable[Example], *, backup: bool = True) -> Path:
    def lines() -> Iterable[bytes]:
        buf: list[bytes] = []
        for ex in examples:
            buf.append(example_line(ex))
            if len(buf) >= 1000:
                yield b"".join(buf)
                buf.clear()
        if buf:
            yield b"".join(buf)

    return atomic_write(path, lines(), backup=backup)
