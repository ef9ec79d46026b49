"""Reports and the compare page as a reader's browser shows them: headless Chromium
opens one report per task, a K-fold report and a compare page, and finds no console
error, no image that failed to decode and nothing wider than a 1280 px window.

Each page's first screen is kept as a small PNG (docs/screenshots/ for the README when
``FOURFOLD_SCREENSHOTS=docs/screenshots``).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.browser.conftest import WIDTH

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("browser")]

#: Screenshots are scaled to this width: small enough to commit.
SCREENSHOT_WIDTH = 900

_BROKEN_IMAGES = """
return Array.from(document.images)
  .filter(image => !(image.complete && image.naturalWidth > 0))
  .map(image => image.alt || image.src.slice(0, 80));
"""
_TOO_WIDE = """
const width = arguments[0];
return Array.from(document.querySelectorAll('body *'))
  .filter(element => element.getBoundingClientRect().right > width + 0.5)
  .slice(0, 5)
  .map(element => element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
       + (element.className ? '.' + element.className : '')
       + ' right=' + Math.round(element.getBoundingClientRect().right));
"""


@pytest.fixture(scope="module")
def compare_page(runs, tmp_path_factory) -> Path:
    """The compare page of the MNIST runs: Dense 64-32 on one split against 128-64 over
    2 folds."""
    from fourfold.reporting import build_comparison

    out = tmp_path_factory.mktemp("compare") / "compare.html"
    return build_comparison([runs["multiclass"], runs["kfold"]], out)


def _look_at(browser, page: Path, screenshots: Path, name: str) -> dict:
    """Open ``page`` and gather what a reader would run into."""
    browser.get_log("browser")  # forget the previous page's messages
    browser.get(page.as_uri())
    browser.execute_script("return document.readyState")
    seen = {
        "console errors": [entry["message"] for entry in browser.get_log("browser")
                           if entry["level"] == "SEVERE"],
        "images": browser.execute_script("return document.images.length"),
        "broken images": browser.execute_script(_BROKEN_IMAGES),
        "page width": browser.execute_script("return document.documentElement.scrollWidth"),
        "too wide": browser.execute_script(_TOO_WIDE, WIDTH),
    }
    _keep(screenshots / f"{name}.png", browser.get_screenshot_as_png())
    return seen


def _keep(path: Path, png: bytes) -> None:
    """``png`` scaled to :data:`SCREENSHOT_WIDTH` and reduced to 128 colours."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    height = round(image.height * SCREENSHOT_WIDTH / image.width)
    image = image.resize((SCREENSHOT_WIDTH, height), Image.LANCZOS)
    image.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def _assert_clean(seen: dict, page: Path) -> None:
    assert seen["console errors"] == [], f"{page}: console errors"
    assert seen["images"] > 0, f"{page}: no plot at all"
    assert seen["broken images"] == [], f"{page}: images that did not decode"
    assert seen["page width"] <= WIDTH, f"{page}: wider than {WIDTH} px: {seen['too wide']}"


@pytest.mark.parametrize("name", ["multiclass", "regression", "binary", "multilabel", "kfold"])
def test_report_opens_clean(browser, runs, screenshots, name):
    page = runs[name] / "report.html"
    seen = _look_at(browser, page, screenshots, f"report-{name}")
    _assert_clean(seen, page)
    assert (screenshots / f"report-{name}.png").stat().st_size > 1000


def test_compare_page_opens_clean(browser, compare_page, screenshots):
    seen = _look_at(browser, compare_page, screenshots, "compare")
    _assert_clean(seen, compare_page)
    text = browser.find_element("tag name", "body").text
    assert "mnist · hidden_units=[64,32]" in text and "mnist · hidden_units=[128,64]" in text
    assert "generalises" in browser.find_element("id", "verdict").text
    headers = [cell.text for cell in browser.find_elements("css selector", "#metrics th.column")]
    assert len(headers) == 2 and len(set(headers)) == 2
