"""Documents into training examples: a folder of `.txt`/`.md` files, or pairs of them
(``article.txt`` → ``article.md``, by name in one folder or across two), cut into parts
that fit the model, at paragraph and heading boundaries.

For a pair, the input (plain text) and the output (Markdown, say) are cut at matching
places: their paragraphs are aligned by content (Markdown marks stripped), and every cut
falls where the two agree, so part k of the input is what part k of the output says.
Nothing copies a whole document into each part. A single document becomes "part k of n"
examples whose answer is that part, as in the tutorials that turn `.md` files into chunks.

Each example keeps where it came from in ``metadata`` (``source``, ``part``, ``parts``).
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..i18n import tr
from .model import Example

SUFFIXES = (".txt", ".md", ".markdown")
INPUT_SUFFIXES = (".txt",)
DEFAULT_PROMPT = "Write part {part} of {parts} of “{title}”."


class DocumentsError(Exception):
    pass


@dataclass
class Source:
    """One document, or an input/output pair of documents."""

    name: str
    input_path: Path
    output_path: Path | None = None
    input_blocks: list[str] = field(default_factory=list)
    output_blocks: list[str] = field(default_factory=list)

    @property
    def paired(self) -> bool:
        return self.output_path is not None


@dataclass
class Part:
    source: str
    part: int  # 1-based
    parts: int
    input: str
    output: str | None  # None for a single document
    tokens: int = 0

    def example(self, system: str | None, prompt: str) -> dict[str, Any]:
        meta = {"source": self.source, "part": self.part, "parts": self.parts}
        messages: list[dict[str, Any]] = [{"role": "system", "content": system}] if system else []
        if self.output is None:  # a single document: asked for by its place, answered with the text
            title = Path(self.source).stem.replace("_", " ").replace("-", " ")
            messages += [{"role": "user", "content": prompt.format(part=self.part, parts=self.parts, title=title)},
                         {"role": "assistant", "content": self.input}]
        else:
            messages += [{"role": "user", "content": self.input}, {"role": "assistant", "content": self.output}]
        return {"messages": messages, "metadata": meta}


# -- finding documents -----------------------------------------------------------------
def _read(path: Path) -> str:
    raw = path.read_bytes()
    for codec in ("utf-8-sig", "utf-16", "cp1252"):
        try:
            return raw.decode(codec).replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError:
            continue
    raise DocumentsError(tr("{path}: not readable as text", path=path))


def find_sources(folder: str | os.PathLike[str], outputs: str | os.PathLike[str] | None = None) -> list[Source]:
    """The documents of ``folder``: a ``.txt`` and a ``.md`` with the same name are a pair
    (input, output); with ``outputs``, each file of ``folder`` pairs with the file of the
    same stem there. Sorted by name."""
    root = Path(folder)
    if not root.is_dir():
        raise DocumentsError(tr("{path}: not a folder", path=root))
    files = sorted(p for p in root.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not files:
        raise DocumentsError(tr("{path}: no .txt or .md files", path=root))
    sources: list[Source] = []
    if outputs is not None:
        other = {p.stem: p for p in Path(outputs).iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES}
        for p in files:
            if p.stem not in other:
                raise DocumentsError(tr("{name} has no partner in {folder} (a file named {stem}.*)", name=p.name,
                                        folder=outputs, stem=p.stem))
            sources.append(Source(p.name, p, other[p.stem]))
        return sources
    by_stem: dict[str, list[Path]] = {}
    for p in files:
        by_stem.setdefault(p.stem, []).append(p)
    for _stem, group in sorted(by_stem.items()):
        inputs = [p for p in group if p.suffix.lower() in INPUT_SUFFIXES]
        others = [p for p in group if p.suffix.lower() not in INPUT_SUFFIXES]
        if inputs and others:
            sources.append(Source(inputs[0].name, inputs[0], others[0]))
        else:
            sources += [Source(p.name, p) for p in group]
    return sources


# -- blocks and alignment --------------------------------------------------------------
def blocks(text: str) -> list[str]:
    """Paragraphs (separated by blank lines); a heading always starts a new block."""
    out: list[str] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = chunk.split("\n")
        current: list[str] = []
        for line in lines:
            if re.match(r"^\s{0,3}#{1,6}\s", line) and current:
                out.append("\n".join(current).strip())
                current = []
            current.append(line)
        if current and "\n".join(current).strip():
            out.append("\n".join(current).strip())
    return out


def plain(markdown: str) -> str:
    """Markdown with its marks taken out, for comparing with the plain version."""
    text = re.sub(r"```.*?\n|```", "", markdown)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links and images: their text
    text = re.sub(r"^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+", "", text, flags=re.M)  # headings, quotes, lists
    text = re.sub(r"^\s*([=-]{3,}|\*{3,}|_{3,})\s*$", "", text, flags=re.M)  # rules, setext underlines
    text = re.sub(r"(\*\*|__|\*|_|`|~~)", "", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def anchors(inputs: Sequence[str], outputs: Sequence[str]) -> list[tuple[int, int]]:
    """Block indices (i, o) where input block i and output block o start the same text:
    the places both documents may be cut together. Always holds (0, 0) and the ends."""
    a = [plain(b) for b in inputs]
    b = [plain(x) for x in outputs]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    points = {(0, 0), (len(inputs), len(outputs))}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            points.add((block.a + k, block.b + k))
    if len(points) <= 2:  # nothing equal: the texts differ in words too, match block by block loosely
        for i, text in enumerate(a):
            best = max(range(len(b)), key=lambda j: difflib.SequenceMatcher(None, text, b[j]).quick_ratio(),
                       default=None)
            if best is not None and difflib.SequenceMatcher(None, text, b[best]).ratio() > 0.6:
                points.add((i, best))
    ordered, last = [], (-1, -1)
    for p in sorted(points):  # monotonic in both
        if p[0] > last[0] and p[1] > last[1]:
            ordered.append(p)
            last = p
    if ordered[-1] != (len(inputs), len(outputs)):
        ordered.append((len(inputs), len(outputs)))
    return ordered


def _cut(weights: Sequence[int], candidates: Sequence[int], parts: int) -> list[int]:
    """``parts`` - 1 cut positions among ``candidates`` (block indices) that make the parts'
    weights as even as they can be; fewer when there are not enough candidates."""
    total = sum(weights)
    prefix = [0]
    for w in weights:
        prefix.append(prefix[-1] + w)
    inner = [c for c in candidates if 0 < c < len(weights)]
    cuts: list[int] = []
    for k in range(1, parts):
        goal = total * k / parts
        options = [c for c in inner if not cuts or c > cuts[-1]]
        if not options:
            break
        cuts.append(min(options, key=lambda c: abs(prefix[c] - goal)))
    return cuts


def _heading(block: str) -> bool:
    return bool(re.match(r"^\s{0,3}#{1,6}\s", block))


def split_source(source: Source, parts: int) -> list[Part]:
    """``source`` in (at most) ``parts`` parts, cut at matching block boundaries."""
    ins = source.input_blocks or blocks(_read(source.input_path))
    source.input_blocks = ins
    if not ins:
        return []  # an empty document teaches nothing: no example with an empty answer
    if not source.paired:
        # never right after a heading: a heading stays with the text it heads
        cuts = _cut([len(b) for b in ins], [c for c in range(len(ins) + 1) if not (c and _heading(ins[c - 1]))], parts)
        bounds = [0, *cuts, len(ins)]
        n = len(bounds) - 1
        return [Part(source.name, k + 1, n, "\n\n".join(ins[bounds[k]:bounds[k + 1]]), None) for k in range(n)]
    outs = source.output_blocks or blocks(_read(source.output_path))  # type: ignore[arg-type]
    source.output_blocks = outs
    pts = anchors(ins, outs)
    weight_of = {i: len(ins[i]) for i in range(len(ins))}
    chosen = _cut([weight_of[i] for i in range(len(ins))], [i for i, o in pts if not (o and _heading(outs[o - 1]))],
                  parts)
    pairs = [(0, 0), *[next(p for p in pts if p[0] == c) for c in chosen], (len(ins), len(outs))]
    n = len(pairs) - 1
    return [Part(source.name, k + 1, n, "\n\n".join(ins[pairs[k][0]:pairs[k + 1][0]]),
                 "\n\n".join(outs[pairs[k][1]:pairs[k + 1][1]])) for k in range(n)]


def split_documents(sources: Sequence[Source], *, parts: int | None = None, max_tokens: int | None = None,
                    count: Callable[[str], int] | None = None,
                    progress: Callable[[int, int], None] | None = None) -> list[Part]:
    """Every source cut into ``parts`` parts, or into as few parts as keep each part's
    input and output within ``max_tokens`` (counted with ``count``)."""
    if (parts is None) == (max_tokens is None):
        raise DocumentsError("choose either a number of parts or a token budget")
    if max_tokens is not None and count is None:
        raise DocumentsError("a token budget needs the target model's tokenizer")
    out: list[Part] = []
    for done, source in enumerate(sources):
        if parts is not None:
            got = split_source(source, parts)
        else:
            n, got = 1, []
            while True:
                got = split_source(source, n)
                sizes = [count(p.input) + (count(p.output) if p.output else 0) for p in got]  # type: ignore[misc]
                if max(sizes) <= max_tokens or len(got) < n:  # fits, or cannot be cut finer
                    break
                n = max(n + 1, int(n * max(sizes) / max_tokens) + 1)
        if count is not None:
            for p in got:
                p.tokens = count(p.input) + (count(p.output) if p.output else 0)
        out += got
        if progress is not None:
            progress(done + 1, len(sources))
    return out


def to_examples(parts: Sequence[Part], system: str | None = None, prompt: str = DEFAULT_PROMPT) -> list[Example]:
    return [Example(p.example(system, prompt), 0) for p in parts]
