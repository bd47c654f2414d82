"""Phone photos of the realset's pages, read by two luutru trees, scored in one command.

    .venv/bin/python bench/photo_realset.py [--realset ../shared/realset] [--work /tmp/photoset]
        [--before /work/main] [--after .] [--only DOC,DOC] [--seed 7] [--generate-only]
        [--mode desk|handheld]

`--mode desk` (the default, the seventh session's set, unchanged so that figures compare):
each page of each realset document (rendered at 300 dpi as printed, widgets included) is
turned into what a phone makes of it: the sheet scaled to 70-120 dpi-equivalent, curled a
little, laid at an angle and in perspective on a desk (wood, cloth, keyboard or a light
laminate), now and then with a corner outside the frame, filling the frame, or with a finger
over its edge; lit unevenly with a vignette and a colour cast, slightly out of focus or
moved, with sensor noise, saved as JPEG at quality 60-85 without a resolution. A one-page
document becomes DOC.jpg, a longer one DOC.pdf holding its pages' JPEGs as a phone's
share-as-PDF does (the JPEG bytes embedded unchanged).

`--mode handheld` adds what the desk set lacks and phone photos have (`handheld`): every
page bent (a side lifting like a book's page, the bottom sagging: up to 3-6 % of the page's
height), one photo in two filling the frame with its edges cut off and turned up to 5
degrees in-plane with no desk in sight, one in two with a hand's or the phone's shadow.

Everything is written under --work
(never into the repository): the photos, a copy of truth.json and of the text truth with the
file names mapped, and each tree's data directory and export.

Both trees' `luutru ingest` and `luutru export` run on the same photos, and
`../shared/eval/score_real.py` scores each; the two outputs are printed one after the other,
with the wall time of each ingest.
"""
from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SHARED = next((p / "shared" for p in (ROOT.parent, ROOT.parent.parent)
               if (p / "shared").is_dir()), ROOT.parent / "shared")
sys.path.insert(0, str(ROOT.parent))

from luutru.ocr.load import load_page, page_count  # noqa: E402


@dataclass(frozen=True)
class Shot:
    """How one photo was taken, for the log."""

    dpi: float
    desk: str
    framing: str
    finger: bool
    blur: str
    quality: int


def noise_field(shape: tuple[int, int], cells: int, rng: np.random.Generator) -> np.ndarray:
    """Smooth random field in 0..1: random values on a coarse grid, enlarged."""
    h, w = shape
    coarse = rng.random((max(2, cells * h // max(h, w)), max(2, cells * w // max(h, w))))
    return cv2.resize(coarse.astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)


def desk(shape: tuple[int, int], kind: str, rng: np.random.Generator) -> np.ndarray:
    """A BGR background of the given kind."""
    h, w = shape
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    if kind == "wood":
        base = np.array(rng.choice([[40, 80, 140], [60, 110, 170], [30, 55, 95], [90, 140, 190]]),
                        np.float32)
        warp = noise_field(shape, 6, rng) * rng.uniform(20, 60)
        grain = 0.5 + 0.5 * np.sin((y + warp) * rng.uniform(0.15, 0.4))
        shade = 0.75 + 0.35 * grain + 0.15 * noise_field(shape, 30, rng)
        out = base[None, None, :] * shade[..., None]
    elif kind == "cloth":
        base = rng.uniform(40, 200, 3).astype(np.float32)
        weave = (np.sin(x * rng.uniform(1.2, 2.0)) * np.sin(y * rng.uniform(1.2, 2.0))) * 12
        out = base[None, None, :] + (weave + 25 * noise_field(shape, 12, rng))[..., None]
    elif kind == "keyboard":
        out = np.full((h, w, 3), rng.uniform(25, 55), np.float32)
        key = int(rng.uniform(0.04, 0.07) * max(h, w))
        gap = max(2, key // 6)
        light = rng.uniform(50, 90)
        for ky in range(gap, h, key + gap):
            for kx in range(gap + (ky // 3) % key, w, key + gap):
                out[ky:ky + key, kx:kx + key] = light
        out += rng.normal(0, 4, out.shape).astype(np.float32)
    else:  # a light laminate desk: the hard case, little darker than paper
        level = rng.uniform(150, 195)
        tint = np.array([rng.uniform(0.92, 1.0), rng.uniform(0.95, 1.0), 1.0], np.float32)
        out = (level + 20 * noise_field(shape, 8, rng))[..., None] * tint[None, None, :]
    return np.clip(out, 0, 255).astype(np.float32)


def curl(page: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The sheet bent a little: its lower part lifts off the desk, so lines sag or rise
    towards the bottom, more in the middle of the line than at its ends."""
    h, w = page.shape[:2]
    amount = rng.uniform(0.0, 0.012) * h * rng.choice([-1, 1])
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    dy = amount * (y / h) ** 2 * np.sin(np.pi * x / w)
    return cv2.remap(page, x, (y + dy).astype(np.float32), cv2.INTER_LINEAR,
                     borderMode=cv2.BORDER_REPLICATE)


def at_camera_resolution(page: np.ndarray, rng: np.random.Generator
                         ) -> tuple[np.ndarray, float]:
    """A 300-dpi page in colour at the 70-120 dpi a phone gives the paper, and that dpi."""
    if page.ndim == 2:
        page = cv2.cvtColor(page, cv2.COLOR_GRAY2BGR)
    dpi = float(rng.uniform(70, 120))
    return cv2.resize(page, None, fx=dpi / 300, fy=dpi / 300,
                      interpolation=cv2.INTER_AREA), dpi


def on_desk(small: np.ndarray, matrix: np.ndarray, size: tuple[int, int],
            rng: np.random.Generator) -> tuple[str, np.ndarray, np.ndarray, np.ndarray]:
    """The sheet warped by `matrix` into a frame of `size` (width, height) over a desk of a
    kind drawn at random: the desk's kind, the desk, the sheet, and where the sheet lies."""
    cw, ch = size
    h, w = small.shape[:2]
    kind = str(rng.choice(["wood", "cloth", "keyboard", "laminate"]))
    background = desk((ch, cw), kind, rng)
    sheet = cv2.warpPerspective(small.astype(np.float32), matrix, (cw, ch), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.ones((h, w), np.float32), matrix, (cw, ch),
                               flags=cv2.INTER_LINEAR)[..., None]
    return kind, background, sheet, mask


def photograph(page: np.ndarray, rng: np.random.Generator) -> tuple[bytes, Shot]:
    """A phone photo (JPEG bytes) of a BGR page scanned at 300 dpi."""
    small, dpi = at_camera_resolution(page, rng)
    small = curl(small, rng)
    h, w = small.shape[:2]
    framing = str(rng.choice(["framed", "framed", "framed", "corner-out", "fills"]))
    if framing == "fills":
        cw, ch = int(w * rng.uniform(0.97, 1.03)), int(h * rng.uniform(0.97, 1.02))
    else:
        cw, ch = int(w * rng.uniform(1.15, 1.5)), int(h * rng.uniform(1.08, 1.3))
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    angle = np.deg2rad(rng.uniform(-8, 8) if framing != "fills" else rng.uniform(-1.5, 1.5))
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    centre = np.array([cw / 2, ch / 2]) + rng.uniform(-0.04, 0.04, 2) * [cw, ch]
    dst = (src - [w / 2, h / 2]) @ rot.T + centre
    jitter = 0.06 if framing != "fills" else 0.015
    dst += rng.uniform(-jitter, jitter, (4, 2)) * [w, h]
    if framing == "corner-out":
        corner = rng.integers(4)
        push = dst[corner] - centre
        dst += push / np.linalg.norm(push) * rng.uniform(0.12, 0.2) * min(w, h)
    matrix = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
    kind, background, sheet, mask = on_desk(small, matrix, (cw, ch), rng)
    # The sheet's soft shadow on the desk.
    shadow = cv2.GaussianBlur(mask[..., 0], (0, 0), 4)[..., None]
    background = background * (1 - 0.35 * np.roll(shadow, (3, 3), axis=(0, 1)))
    photo = background * (1 - mask) + sheet * mask
    finger = bool(rng.random() < 0.25)
    if finger:
        # Held by a side or the bottom, over the margin: dst runs top, right, bottom, left.
        edge = rng.integers(1, 4)
        t = rng.uniform(0.3, 0.8)
        a, b = dst[edge], dst[(edge + 1) % 4]
        size = rng.uniform(0.05, 0.08) * cw
        point = a + t * (b - a)
        point += (point - centre) / np.linalg.norm(point - centre) * 0.9 * size
        mask_f = np.zeros((ch, cw), np.uint8)
        direction = np.degrees(np.arctan2(*(point - centre)[::-1]))
        cv2.ellipse(mask_f, (int(point[0]), int(point[1])), (int(size * 1.8), int(size * 0.6)),
                    direction, 0, 360, 1, -1)
        skin = np.array([rng.uniform(110, 160), rng.uniform(140, 180), rng.uniform(190, 230)],
                        np.float32)
        soft = cv2.GaussianBlur(mask_f.astype(np.float32), (0, 0), 2)[..., None]
        photo = photo * (1 - soft) + skin[None, None, :] * (0.85 + 0.15 * soft) * soft
    y, x = np.mgrid[0:ch, 0:cw].astype(np.float32)
    theta = rng.uniform(0, 2 * np.pi)
    ramp = ((x - cw / 2) * np.cos(theta) + (y - ch / 2) * np.sin(theta)) / max(cw, ch) + 0.5
    low = rng.uniform(0.55, 0.85)
    gain = low + (1 - low) * ramp
    r2 = ((x - cw / 2) / cw) ** 2 + ((y - ch / 2) / ch) ** 2
    gain *= 1 - rng.uniform(0.15, 0.4) * r2 / 0.5
    cast = np.array([rng.uniform(0.85, 1.0), rng.uniform(0.93, 1.0), 1.0], np.float32)
    photo = photo * gain[..., None] * cast[None, None, :] * rng.uniform(0.95, 1.1)
    if rng.random() < 0.3:
        length = int(rng.integers(2, 5))
        kernel = np.zeros((length * 2 + 1, length * 2 + 1), np.float32)
        a = rng.uniform(0, np.pi)
        cv2.line(kernel, (int(length - length * np.cos(a)), int(length - length * np.sin(a))),
                 (int(length + length * np.cos(a)), int(length + length * np.sin(a))), 1.0)
        photo = cv2.filter2D(photo, -1, kernel / kernel.sum())
        blur = f"motion-{length}"
    else:
        sigma = rng.uniform(0.4, 1.0)
        photo = cv2.GaussianBlur(photo, (0, 0), sigma)
        blur = f"focus-{sigma:.1f}"
    photo += rng.normal(0, rng.uniform(2, 5), photo.shape).astype(np.float32)
    quality = int(rng.integers(60, 86))
    jpeg = cv2.imencode(".jpg", np.clip(photo, 0, 255).astype(np.uint8),
                        [cv2.IMWRITE_JPEG_QUALITY, quality])[1].tobytes()
    return jpeg, Shot(round(dpi), kind, framing, finger, blur, quality)


def bend(page: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The sheet bent as a handheld shot shows it: a side lifting off like a book's page
    (the lines near it fan out from the page's middle, a cylinder seen from above) and its
    lower part sagging or lifting, up to 3-6 % of the page's height at the worst point."""
    h, w = page.shape[:2]
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    u, v = x / w, y / h
    side = u if rng.random() < 0.5 else 1 - u
    start = rng.uniform(0.35, 0.7)
    lift = np.clip((side - start) / (1 - start), 0, 1) ** 2
    amount = rng.uniform(0.02, 0.06)
    dy = amount * lift * (v - 0.5) * 2 * h
    # The lifted part is seen foreshortened: it moves towards the page's middle.
    dx = amount * 0.3 * lift * w * np.where(u > 0.5, 1, -1)
    sag = rng.uniform(0.005, 0.03) * h * rng.choice([-1, 1])
    dy += sag * v ** 2 * np.sin(np.pi * u)
    return cv2.remap(page, (x + dx).astype(np.float32), (y + dy).astype(np.float32),
                     cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def hand_shadow(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """The gain of a phone's or a hand's shadow: a soft dark shape reaching in from a side
    of the frame (where the photographer stands), 25-50 % darker in its core."""
    h, w = shape
    mask = np.zeros((h, w), np.float32)
    edge = int(rng.integers(4))
    t = rng.uniform(0.2, 0.8)
    anchor = [(t * w, h), (t * w, 0), (0, t * h), (w, t * h)][edge]
    axes = (int(rng.uniform(0.15, 0.35) * w), int(rng.uniform(0.15, 0.35) * h))
    cv2.ellipse(mask, (int(anchor[0]), int(anchor[1])), axes, rng.uniform(0, 180), 0, 360,
                1.0, -1)
    soft = cv2.GaussianBlur(mask, (0, 0), rng.uniform(0.02, 0.06) * max(h, w))
    return 1 - rng.uniform(0.25, 0.5) * soft


def handheld(page: np.ndarray, rng: np.random.Generator) -> tuple[bytes, Shot]:
    """A phone photo (JPEG bytes) of a BGR page at 300 dpi taken by hand, as the held-out
    photos are and `photograph` leaves out: the page bent (`bend`) and, one photo in two,
    filling the frame with its edges cut off and turned up to 5 degrees in the frame's
    plane, in mild perspective, with no desk in sight; otherwise on a desk as in
    `photograph`. One photo in two has a hand's or the phone's shadow over it. Light,
    blur, noise, resolution and JPEG as in `photograph`."""
    small, dpi = at_camera_resolution(page, rng)
    small = bend(small, rng)
    h, w = small.shape[:2]
    framing = str(rng.choice(["cropped", "desk"]))
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    if framing == "cropped":
        # The frame shows 88-100 % of the sheet's width: its edges and margins cut.
        cw, ch = int(w * rng.uniform(0.88, 1.0)), int(h * rng.uniform(0.9, 1.0))
        angle = np.deg2rad(rng.uniform(-5, 5))
        jitter = 0.03
    else:
        cw, ch = int(w * rng.uniform(1.15, 1.5)), int(h * rng.uniform(1.08, 1.3))
        angle = np.deg2rad(rng.uniform(-8, 8))
        jitter = 0.06
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    centre = np.array([cw / 2, ch / 2]) + rng.uniform(-0.03, 0.03, 2) * [cw, ch]
    dst = (src - [w / 2, h / 2]) @ rot.T + centre + rng.uniform(-jitter, jitter, (4, 2)) * [w, h]
    matrix = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
    kind, background, sheet, mask = on_desk(small, matrix, (cw, ch), rng)
    photo = background * (1 - mask) + sheet * mask
    y, x = np.mgrid[0:ch, 0:cw].astype(np.float32)
    theta = rng.uniform(0, 2 * np.pi)
    ramp = ((x - cw / 2) * np.cos(theta) + (y - ch / 2) * np.sin(theta)) / max(cw, ch) + 0.5
    low = rng.uniform(0.55, 0.85)
    r2 = ((x - cw / 2) / cw) ** 2 + ((y - ch / 2) / ch) ** 2
    gain = (low + (1 - low) * ramp) * (1 - rng.uniform(0.15, 0.4) * r2 / 0.5)
    shadow = bool(rng.random() < 0.5)
    if shadow:
        gain *= hand_shadow((ch, cw), rng)
    cast = np.array([rng.uniform(0.85, 1.0), rng.uniform(0.93, 1.0), 1.0], np.float32)
    photo = photo * gain[..., None] * cast[None, None, :] * rng.uniform(0.95, 1.1)
    sigma = rng.uniform(0.4, 1.0)
    photo = cv2.GaussianBlur(photo, (0, 0), sigma)
    photo += rng.normal(0, rng.uniform(2, 5), photo.shape).astype(np.float32)
    quality = int(rng.integers(60, 86))
    jpeg = cv2.imencode(".jpg", np.clip(photo, 0, 255).astype(np.uint8),
                        [cv2.IMWRITE_JPEG_QUALITY, quality])[1].tobytes()
    label = f"{framing}{'+shadow' if shadow else ''}"
    return jpeg, Shot(round(dpi), kind, label, False, f"focus-{sigma:.1f}", quality)


MODES = {"desk": photograph, "handheld": handheld}


def pdf_of_jpegs(jpegs: list[bytes], path: Path, dpi: float = 150) -> None:
    """A PDF whose pages are the JPEGs, embedded as they are, each page sized at `dpi`."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for jpeg in jpegs:
        decoded = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
        assert decoded is not None, "a JPEG we encoded ourselves"
        h, w = decoded.shape[:2]
        pw, ph = w * 72 / dpi, h * 72 / dpi
        page = pdf.new_page(pw, ph)
        obj = pdfium.PdfImage.new(pdf)
        obj.load_jpeg(io.BytesIO(jpeg), inline=True)
        obj.set_matrix(pdfium.PdfMatrix().scale(pw, ph))
        page.insert_obj(obj)
        page.gen_content()
    pdf.save(str(path))


def generate(realset: Path, work: Path, seed: int, only: set[str], mode: str = "desk") -> Path:
    """Photos of every page under work/docs, with truth.json and ocr_truth mapped to them."""
    docs = work / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    docs.mkdir(parents=True)
    truth = json.loads((realset / "truth.json").read_text(encoding="utf-8"))
    text_truth = work / "ocr_truth"
    shutil.rmtree(text_truth, ignore_errors=True)
    text_truth.mkdir()
    rng = np.random.default_rng(seed)
    kept = []
    log = []
    for doc in truth:
        name = doc["file"]
        stem = Path(name).stem
        if only and stem not in only and name not in only:
            continue
        source = realset / "docs" / name
        shots = []
        for number in range(1, page_count(source) + 1):
            page = load_page(source, number)
            jpeg, shot = MODES[mode](page.image, rng)
            shots.append(jpeg)
            log.append({"file": name, "page": number, **shot.__dict__})
        target = f"{stem}.jpg" if len(shots) == 1 else f"{stem}.pdf"
        if len(shots) == 1:
            (docs / target).write_bytes(shots[0])
        else:
            pdf_of_jpegs(shots, docs / target)
        for text in (realset / "ocr_truth").glob(f"{stem}_p*.txt"):
            mapped = f"{stem}.txt" if len(shots) == 1 else text.name
            shutil.copy(text, text_truth / mapped)
        kept.append({**doc, "file": target})
    (work / "truth.json").write_text(json.dumps(kept, ensure_ascii=False, indent=1),
                                     encoding="utf-8")
    (work / "shots.json").write_text(json.dumps(log, indent=1), encoding="utf-8")
    return docs


def ingest_and_score(tree: Path, label: str, work: Path) -> tuple[float, str]:
    luutru = tree / ".venv" / "bin" / "luutru"
    data = work / f"data-{label}"
    shutil.rmtree(data, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([str(luutru), "ingest", str(work / "docs"), "--data", str(data)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tree)
    seconds = time.perf_counter() - start
    export = work / f"{label}.jsonl"
    with open(export, "w", encoding="utf-8") as fh:
        subprocess.run([str(luutru), "export", "--data", str(data)], check=True, stdout=fh,
                       cwd=tree)
    scored = subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score_real.py"), str(work / "truth.json"),
         str(export), "--ocr-truth", str(work / "ocr_truth")],
        check=True, capture_output=True, text=True)
    return seconds, scored.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--realset", type=Path, default=SHARED / "realset")
    parser.add_argument("--work", type=Path, default=Path("/tmp/photoset"))
    parser.add_argument("--before", type=Path, default=Path("/work/main"))
    parser.add_argument("--after", type=Path, default=ROOT)
    parser.add_argument("--only", default="", help="comma-separated document names")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument("--mode", choices=sorted(MODES), default="desk",
                        help="desk: the sheet on a desk (the seventh session's set); handheld: "
                             "bent pages, cropped frames, turned in-plane, hand shadows")
    args = parser.parse_args()
    only = {s for s in args.only.split(",") if s}
    docs = generate(args.realset, args.work, args.seed, only, args.mode)
    print(f"photos: {len(list(docs.iterdir()))} files in {docs}")
    if args.generate_only:
        return
    for label, tree in (("before", args.before), ("after", args.after)):
        seconds, scored = ingest_and_score(tree.resolve(), label, args.work)
        print(f"== {label} ({tree}): ingest {seconds:.1f} s")
        print(scored)


if __name__ == "__main__":
    main()
