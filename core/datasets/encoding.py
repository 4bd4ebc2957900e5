"""Work out which text encoding a file uses, from its bytes.

Order: a byte-order mark wins; then strict UTF-8; then GB18030 (Chinese files saved by
older Windows tools); then Windows-1252 (Excel's CSV export on Western systems).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

SAMPLE_BYTES = 1 << 20

_BOMS = (
    # UTF-32 first: its little-endian mark begins with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 LE (BOM)"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 BE (BOM)"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8 (BOM)"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE (BOM)"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE (BOM)"),
)


@dataclass(frozen=True, slots=True)
class Detected:
    codec: str  # name for bytes.decode / open()
    label: str  # what the report shows
    bom: int  # bytes to skip at the start of the file

    @property
    def ascii_compatible(self) -> bool:
        """True when b"\\n" always means a newline, so the file can be split in bytes."""
        return not self.codec.startswith(("utf-16", "utf-32"))


class UndetectableEncoding(ValueError):
    pass


def _decodes(sample: bytes, codec: str, final: bool) -> bool:
    decoder = codecs.getincrementaldecoder(codec)("strict")
    try:
        decoder.decode(sample, final)
    except UnicodeDecodeError:
        return False
    return True


def detect(sample: bytes, *, whole_file: bool) -> Detected:
    """Detect from a sample; ``whole_file`` says the sample is the entire file.

    A sample cut in the middle of a multi-byte character must not count against UTF-8,
    hence the incremental decoder with ``final=whole_file``.
    """
    for bom, codec, label in _BOMS:
        if sample.startswith(bom):
            return Detected(codec, label, len(bom))
    if _decodes(sample, "utf-8", whole_file):
        return Detected("utf-8", "UTF-8", 0)
    # Mostly UTF-8 with a damaged or cut-off character: read it as UTF-8 and flag the
    # damaged lines. Guessing a legacy code page here would garble every other
    # non-ASCII character without a word ("中文" read as Windows-1252 is "ä¸­æ–‡").
    if _mostly_utf8(sample if whole_file else _cut_partial(sample)):
        return Detected("utf-8", "UTF-8", 0)
    for codec, label in (("gb18030", "GB18030"), ("cp1252", "Windows-1252")):
        if _decodes(sample, codec, whole_file):
            return Detected(codec, label, 0)
    damaged = sample.decode("utf-8", errors="replace").count("\ufffd")
    if damaged <= max(8, len(sample) // 200):
        return Detected("utf-8", "UTF-8", 0)
    raise UndetectableEncoding(
        "the text is not UTF-8, UTF-16, GB18030 or Windows-1252; save it as UTF-8 and open it again"
    )


def _cut_partial(sample: bytes) -> bytes:
    """The sample without a multi-byte character cut off at its end."""
    for back in range(1, 4):
        if len(sample) >= back and sample[-back] & 0xC0 == 0xC0:  # a lead byte
            return sample[:-back]
        if len(sample) < back or sample[-back] & 0xC0 != 0x80:
            break
    return sample


def _mostly_utf8(sample: bytes) -> bool:
    """Valid multi-byte UTF-8 characters outnumber damaged bytes at least twice over.

    Text in a legacy code page almost never forms valid UTF-8 sequences (Western text:
    none; GB18030: a few by chance among many errors), so a file with plenty of valid
    ones and a handful of bad bytes is UTF-8 that was damaged, not another encoding.
    """
    text = sample.decode("utf-8", errors="replace")
    damaged = text.count("\ufffd") - sample.count("\ufffd".encode())
    wide = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    return damaged > 0 and wide >= 2 * damaged
