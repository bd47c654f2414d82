"""Write damaged sample scans and their ground truth (truth.json, the devset's format).

    python -m samples.generate OUT_DIR [--seed N] [--dpi N] [--bulk-pages N]

`generate` makes one scan per sample document following PLAN (every damage profile and every
file format at least once); `generate_bulk` makes many pages quickly for benchmarks by
damaging the same rendered documents in different ways. Output is deterministic for a seed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from luutru.samples.damage import PROFILE_NAMES, apply_profile
from luutru.samples.render import RenderedPage, render
from luutru.samples.texts import DOCUMENTS, Document, by_id

FORMATS = ("pdf", "tiff-g4", "tiff-lzw", "jpeg", "png")
EXTENSIONS = {"pdf": ".pdf", "tiff-g4": ".tiff", "tiff-lzw": ".tiff", "jpeg": ".jpg",
              "png": ".png"}
SINGLE_PAGE_FORMATS = ("jpeg", "png")  # one image per file: only the first page is written
TRUTH_NAME = "truth.json"
JPEG_QUALITY = 65


@dataclass(frozen=True)
class PlanEntry:
    doc_id: str
    profile: str
    format: str
    max_dpi: int = 300  # colour pages at 200 dpi keep the committed set small


# The committed sample set: every profile and every format, Party and State mixed.
PLAN: tuple[PlanEntry, ...] = (
    PlanEntry("s01", "clean", "tiff-lzw", 200),
    PlanEntry("s02", "office", "pdf", 200),
    PlanEntry("s03", "typewritten", "tiff-g4"),
    PlanEntry("s04", "aged", "pdf", 200),
    PlanEntry("s05", "photocopy", "tiff-g4"),
    PlanEntry("s06", "bleed", "pdf", 200),
    PlanEntry("s07", "faded", "jpeg"),
    PlanEntry("s08", "shadow", "pdf"),
    PlanEntry("s09", "upside", "png", 200),
    PlanEntry("s10", "lowres", "tiff-lzw"),
    PlanEntry("s11", "aged", "pdf", 200),
    PlanEntry("s12", "sideways", "jpeg"),
)


# ---------------------------------------------------------------- writing files


def _is_grey(page: np.ndarray) -> bool:
    return bool((page[..., 0] == page[..., 1]).all() and (page[..., 1] == page[..., 2]).all())


def _pil_pages(pages: Sequence[np.ndarray]) -> list[Image.Image]:
    # A document with no colour at all (a photocopy) is stored with one channel, as a
    # scanner's grey mode does; otherwise every page is colour, even one without a seal.
    grey = all(_is_grey(p) for p in pages)
    return [Image.fromarray(p[..., 0] if grey else p) for p in pages]


def _bilevel(page: np.ndarray) -> Image.Image:
    """Black and white by Otsu's threshold, what a scanner's G4 mode keeps."""
    grey = cv2.cvtColor(page, cv2.COLOR_RGB2GRAY)
    _, bw = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return Image.fromarray(bw).convert("1", dither=Image.Dither.NONE)


def _scan_date(doc: Document) -> time.struct_time:
    # A fixed date in the PDF info keeps files byte-identical between runs.
    return time.strptime(doc.date, "%Y-%m-%d")


def write_scan(path: Path, pages: Sequence[np.ndarray], fmt: str, dpi: int,
               doc: Document) -> None:
    """Saves page images in one of FORMATS; single-image formats keep the first page."""
    if fmt == "pdf":
        images = _pil_pages(pages)
        images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=dpi,
                       quality=JPEG_QUALITY, title=doc.id, creationDate=_scan_date(doc),
                       modDate=_scan_date(doc))
    elif fmt == "tiff-g4":
        images = [_bilevel(p) for p in pages]
        images[0].save(path, "TIFF", save_all=True, append_images=images[1:],
                       compression="group4", dpi=(dpi, dpi))
    elif fmt == "tiff-lzw":
        images = _pil_pages(pages)
        images[0].save(path, "TIFF", save_all=True, append_images=images[1:],
                       compression="tiff_lzw", dpi=(dpi, dpi))
    elif fmt == "jpeg":
        _pil_pages(pages[:1])[0].save(path, "JPEG", quality=JPEG_QUALITY + 8, dpi=(dpi, dpi),
                            optimize=True)
    elif fmt == "png":
        _pil_pages(pages[:1])[0].save(path, "PNG", dpi=(dpi, dpi))
    else:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")


def _file_name(prefix: str, doc: Document, fmt: str) -> str:
    # "s08_2345_QD_UBND.pdf": the symbol folded to ASCII, like the devset's names.
    folded = unicodedata.normalize("NFD", doc.symbol.replace("Đ", "D").replace("đ", "d"))
    ascii_symbol = "".join(c for c in folded if c.isascii())
    slug = "_".join(p for p in ascii_symbol.replace("-", "/").split("/") if p)
    return f"{prefix}_{slug}{EXTENSIONS[fmt]}"


def _record(doc_id: str, file: str, profile: str, fmt: str, dpi: int, doc: Document,
            rendered: Sequence[RenderedPage]) -> dict:
    return {
        "id": doc_id,
        "file": file,
        "profile": profile,
        "format": fmt,
        "dpi": dpi,
        "meta": doc.meta(),
        "pages": [{"lines": [dict(line) for line in page.lines]} for page in rendered],
    }


def _rng(seed: int, *parts: str | int) -> np.random.Generator:
    # A stable hash (not Python's salted hash()) so every run draws the same damage.
    keys = [zlib.crc32(str(p).encode()) for p in parts]
    return np.random.default_rng([seed, *keys])


def _make_one(out_dir: Path, doc_id: str, doc: Document, profile: str, fmt: str, dpi: int,
              rng: np.random.Generator, rendered: Sequence[RenderedPage]) -> dict:
    if fmt in SINGLE_PAGE_FORMATS:
        rendered = rendered[:1]
    pages, out_dpi = apply_profile(profile, [p.image for p in rendered], rng, dpi)
    name = _file_name(doc_id, doc, fmt)
    write_scan(out_dir / name, pages, fmt, out_dpi, doc)
    return _record(doc_id, name, profile, fmt, out_dpi, doc, rendered)


def write_truth(out_dir: Path, records: list[dict]) -> Path:
    path = out_dir / TRUTH_NAME
    path.write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------- public API


def _resolve(documents: Iterable[str | Document] | None) -> list[Document]:
    if documents is None:
        return list(DOCUMENTS)
    return [d if isinstance(d, Document) else by_id(d) for d in documents]


def _check(names: Sequence[str] | None, known: Sequence[str], what: str) -> None:
    unknown = [n for n in names or () if n not in known]
    if unknown:
        raise ValueError(f"unknown {what} {unknown}; known: {', '.join(known)}")


def generate(out_dir: str | Path, *, seed: int = 0,
             documents: Iterable[str | Document] | None = None,
             formats: Sequence[str] | None = None, profiles: Sequence[str] | None = None,
             dpi: int = 300) -> list[dict]:
    """Writes one damaged scan per document and truth.json; returns the truth records.

    A document's profile and format come from PLAN unless `profiles` / `formats` are given,
    which are then used in turn (document i gets profiles[i % len(profiles)]). Documents
    not in PLAN default to the clean profile and PDF. Pages are rendered at `dpi`, or at
    the plan entry's max_dpi when that is lower. JPEG and PNG keep only page 1.
    """
    _check(formats, FORMATS, "formats")
    _check(profiles, PROFILE_NAMES, "profiles")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    plan = {entry.doc_id: entry for entry in PLAN}
    records = []
    for i, doc in enumerate(_resolve(documents)):
        entry = plan.get(doc.id, PlanEntry(doc.id, "clean", "pdf"))
        profile = profiles[i % len(profiles)] if profiles else entry.profile
        fmt = formats[i % len(formats)] if formats else entry.format
        doc_dpi = min(dpi, entry.max_dpi)
        typewriter = doc.typewriter or profile == "typewritten"
        rendered = render(doc, doc_dpi, seed=seed, typewriter=typewriter)
        rng = _rng(seed, doc.id, profile, fmt)
        records.append(_make_one(out, doc.id, doc, profile, fmt, doc_dpi, rng, rendered))
    write_truth(out, records)
    return records


def generate_bulk(out_dir: str | Path, pages: int, seed: int = 0, dpi: int = 300) -> list[dict]:
    """Writes scans totalling exactly `pages` pages, for benchmarks, and truth.json.

    Each document is rendered once and reused with a different damage profile and format
    every time it comes round; the last file is cut short to hit the page count.
    """
    if pages < 1:
        raise ValueError("pages must be at least 1")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    chooser = _rng(seed, "bulk")
    cache: dict[tuple[str, bool], list[RenderedPage]] = {}
    records: list[dict] = []
    written = 0
    while written < pages:
        doc = DOCUMENTS[len(records) % len(DOCUMENTS)]
        profile = str(chooser.choice(PROFILE_NAMES))
        typewriter = doc.typewriter or profile == "typewritten"
        key = (doc.id, typewriter)
        if key not in cache:
            cache[key] = render(doc, dpi, seed=seed, typewriter=typewriter)
        rendered = cache[key][: pages - written]
        # Mostly PDF and G4 as in real batches; colour LZW is rare because it is huge.
        if len(rendered) > 1:
            fmt = str(chooser.choice(["pdf", "tiff-g4", "tiff-lzw"], p=[0.55, 0.3, 0.15]))
        else:
            fmt = str(chooser.choice(FORMATS))
        doc_id = f"b{len(records) + 1:05d}"
        rng = _rng(seed, doc_id, profile, fmt)
        record = _make_one(out, doc_id, doc, profile, fmt, dpi, rng, rendered)
        records.append(record)
        written += len(record["pages"])
    write_truth(out, records)
    return records


def generate_joined(path: str | Path, documents: Sequence[str | Document], *, seed: int = 0,
                    profile: str = "clean", fmt: str = "pdf", dpi: int = 200) -> list[dict]:
    """Writes several documents into one scan file, as a sheet feeder does with a hồ sơ,
    and returns their truth records, each with the pages it holds (`page_start`,
    `page_end`, counted from 1 in the file). `fmt` must hold many pages (PDF or TIFF)."""
    if fmt in SINGLE_PAGE_FORMATS:
        raise ValueError(f"{fmt} holds one page; a joined scan needs pdf or tiff")
    _check([fmt], FORMATS, "formats")
    _check([profile], PROFILE_NAMES, "profiles")
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    docs = _resolve(documents)
    rng = _rng(seed, out.name, profile, fmt)
    images: list[np.ndarray] = []
    records = []
    for doc in docs:
        rendered = render(doc, dpi, seed=seed, typewriter=doc.typewriter)
        record = _record(doc.id, out.name, profile, fmt, dpi, doc, rendered)
        records.append(record | {"page_start": len(images) + 1,
                                 "page_end": len(images) + len(rendered)})
        images += [p.image for p in rendered]
    pages, out_dpi = apply_profile(profile, images, rng, dpi)
    write_scan(out, pages, fmt, out_dpi, docs[0])
    return [r | {"dpi": out_dpi} for r in records]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m luutru.samples.generate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--bulk-pages", type=int, default=0,
                        help="write this many pages for a benchmark instead of the sample set")
    args = parser.parse_args(argv)
    started = time.monotonic()
    if args.bulk_pages:
        records = generate_bulk(args.out_dir, args.bulk_pages, seed=args.seed, dpi=args.dpi)
    else:
        records = generate(args.out_dir, seed=args.seed, dpi=args.dpi)
    n_pages = sum(len(r["pages"]) for r in records)
    size = sum(p.stat().st_size for p in Path(args.out_dir).iterdir() if p.is_file())
    print(f"{len(records)} documents, {n_pages} pages, {size / 1e6:.1f} MB in "
          f"{args.out_dir} ({time.monotonic() - started:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
