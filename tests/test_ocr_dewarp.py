"""Bent pages straightened by their own text lines (`ocr.dewarp`); flat pages untouched."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

import luutru.ocr.dewarp as dewarp
from luutru.ocr.clean import _lines_say_level, binarise, clean, rotate_right_angle, upright
from luutru.ocr.types import Page
from tests.test_ocr_photo import _words_missed, a4_page


def bent(page: np.ndarray, sag: float, lift: float) -> np.ndarray:
    """The page bent as a photo shows it: its middle sagging by `sag` of its height towards
    the bottom, its right side lifting (lines fanning out from the middle) by `lift`."""
    h, w = page.shape[:2]
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    u, v = x / w, y / h
    side = np.clip((u - 0.55) / 0.45, 0, 1) ** 2
    dy = sag * h * v ** 2 * np.sin(np.pi * u) + lift * h * side * (v - 0.5) * 2
    return cv2.remap(page, x, (y + dy).astype(np.float32), cv2.INTER_LINEAR,
                     borderMode=cv2.BORDER_REPLICATE)


def departure(binary: np.ndarray, dpi: int) -> float:
    """RMS, in pixels, of the text lines' centres about each line's own height."""
    samples = dewarp.line_samples(binary, dpi)
    assert samples is not None
    return dewarp.fit(*samples)[1]


def test_a_bent_page_is_straightened() -> None:
    flat = binarise(a4_page(300))
    page = binarise(bent(a4_page(300), sag=0.02, lift=0.05))
    field = dewarp.measure(page, 300)
    assert field is not None
    out = dewarp.apply(page, field, binary=True)
    assert set(np.unique(out)) <= {0, 255}
    # Bent, the lines depart from straight by many pixels; straightened, about as little
    # as the flat page's (the noise of tone marks along a line).
    assert departure(page, 300) > 2 * departure(flat, 300)
    assert departure(out, 300) < 1.2 * departure(flat, 300) + 0.3


@pytest.mark.parametrize("dpi", [150, 200, 300, 600])
def test_a_flat_page_is_left_alone(dpi: int) -> None:
    page = binarise(a4_page(dpi))
    assert dewarp.measure(page, dpi) is None
    # Nor slightly turned, as the deskew leaves a scan within a tenth of a degree.
    h, w = page.shape
    turned = cv2.warpAffine(page, cv2.getRotationMatrix2D((w / 2, h / 2), 0.05, 1.0), (w, h),
                            borderValue=255)
    assert dewarp.measure(turned, dpi) is None


def test_clean_records_and_upright_redoes_the_dewarp() -> None:
    colour = bent(a4_page(300, colour=True), sag=0.02, lift=0.05)
    cleaned = clean(Page(image=colour, dpi=300, number=1, source="bent.jpg"))
    steps = [s for s in cleaned.steps if s.startswith(dewarp.STEP)]
    assert len(steps) == 1
    field = dewarp.Field.from_step(steps[0])
    assert field is not None and field.step() == steps[0]
    # The archival image is bent back the same way: its ink lies where the cleaned page's.
    archival = cv2.cvtColor(upright(colour, 300, cleaned), cv2.COLOR_BGR2GRAY)
    assert archival.shape == cleaned.image.shape
    ink_a, ink_c = archival < 128, cleaned.image < 128
    assert (ink_a & ink_c).sum() > 0.6 * ink_c.sum()
    # Without the dewarp the archival image would not match.
    flat = clean(Page(image=a4_page(300, colour=True), dpi=300, number=1, source="flat.jpg"))
    assert not any(s.startswith(dewarp.STEP) for s in flat.steps)


def test_field_step_round_trip_with_negative_coefficients() -> None:
    field = dewarp.Field((10, 20, 2000, 3000), tuple(-1.25 + 0.5 * i for i in range(12)))
    again = dewarp.Field.from_step(field.step())
    assert again is not None
    assert again.box == field.box
    assert np.allclose(again.coefficients, field.coefficients, atol=0.01)


def test_lines_keep_a_bent_page_level() -> None:
    """The check on the layout search's sideways verdict: a level page's lines run across
    it; a page on its side has none across."""
    page = binarise(bent(a4_page(300), sag=0.015, lift=0.04))
    assert _lines_say_level(page, 300, 0.0)[0] is False
    sideways = rotate_right_angle(page, 90)
    assert _lines_say_level(sideways, 300, 0.0)[0] is True


@pytest.mark.slow
def test_dewarp_reads_a_bent_page_better(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tesseract on a strongly bent page. Without the dewarp its bowed lines mislead the
    test for a page upside down (measured: turned over, 98 % of the words missed); with it
    the page reads as a flat one (1.6 %)."""
    from luutru.ocr.recognise import TesseractEngine

    page = Page(image=bent(a4_page(300, colour=True), sag=0.03, lift=0.08), dpi=300,
                number=1, source="bent.jpg")

    def missed() -> float:
        cleaned = clean(page)
        text = " ".join(w.text for w in TesseractEngine().page(cleaned.image, 300).words)
        return _words_missed(text)

    with_dewarp = missed()
    monkeypatch.setattr(dewarp, "measure", lambda binary, dpi: None)
    without = missed()
    assert with_dewarp < 0.05
    assert with_dewarp < 0.5 * without
