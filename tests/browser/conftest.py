"""Real runs for the browser tests, one per task, trained for three epochs on small data
(curves with a shape for the screenshots; the time goes to compiling, not epochs),
and a headless Chromium to open their pages in.

The runs are made once per test module: multiclass on a 1,500-row slice of the
MNIST copy embedded in the package (once as the recipe has it, once with 2 folds
and a bigger model), regression and binary on scikit-learn's diabetes and breast
cancer tables, multi-label on a SYNTHETIC photo set. Chromium is Debian's
``chromium`` with ``chromium-driver`` (scripts/browser-setup.sh installs them);
without them, or without selenium, the tests are skipped saying so.
"""

from __future__ import annotations

import gzip
import os
import struct
from pathlib import Path

import numpy as np
import pytest

#: Where Debian puts the browser and its WebDriver.
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
#: The window every page is checked in: no page may be wider.
WIDTH, HEIGHT = 1280, 1000
#: Rows of the embedded MNIST kept for training and for testing.
MNIST_ROWS = (1500, 300)


def _write_idx(path: Path, array: np.ndarray) -> None:
    """``array`` (uint8) as a gzipped IDX file."""
    header = bytes([0, 0, 0x08, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    path.write_bytes(gzip.compress(header + array.astype(np.uint8).tobytes(), mtime=0))


def _mnist_slice(data_dir: Path) -> None:
    """The first rows of the embedded MNIST as ``data_dir/mnist``, in its IDX layout."""
    import fourfold.datasets as datasets
    from fourfold.datasets.idx import read_idx

    embedded = Path(datasets.__file__).parent / "embedded" / "mnist"
    folder = data_dir / "mnist"
    folder.mkdir(parents=True)
    for part, rows in (("train", MNIST_ROWS[0]), ("t10k", MNIST_ROWS[1])):
        for kind in ("images-idx3", "labels-idx1"):
            name = f"{part}-{kind}-ubyte.gz"
            _write_idx(folder / name, read_idx(embedded / name)[:rows])


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, Path]:
    """Run folders by name: ``multiclass``, ``kfold`` (Dense 128-64, 2 folds),
    ``regression``, ``binary``, ``multilabel``; each with its report.html."""
    from fourfold import api
    from fourfold.autorecipe import own_data_recipe
    from fourfold.recipes import load_recipe
    from tests.support.photos import make_photo_set, recipe_for
    from tests.support.tables import sklearn_table

    root = tmp_path_factory.mktemp("browser-runs")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FOURFOLD_HOME", str(root / "home"))
        patch.setenv("FOURFOLD_CACHE", str(root / "home" / "cache"))
        data_dir = root / "data"
        _mnist_slice(data_dir)
        make_photo_set(data_dir, counts=(32, 12, 16), size=16)
        short = {"training.epochs": 3, "training.batch_size": 32}
        recipes = {
            "multiclass": load_recipe("mnist", updates=short),
            "kfold": load_recipe("mnist", updates={
                **short, "kfold.n_splits": 2, "model.hidden_units": [128, 64]}),
            "regression": own_data_recipe(str(sklearn_table("diabetes", root)),
                                          target=["target"], updates=short),
            "binary": own_data_recipe(str(sklearn_table("breast_cancer", root)),
                                      target=["target"], updates=short),
            "multilabel": own_data_recipe(str(recipe_for(data_dir, root, epochs=3)),
                                          updates=short),
        }
        return {name: api.run(recipe, data_dir=data_dir, out=root / "runs" / name,
                              show_progress=False).run_dir
                for name, recipe in recipes.items()}


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium at 1280 px wide that keeps the console's messages."""
    webdriver = pytest.importorskip(
        "selenium.webdriver", reason="selenium is not installed (pip install selenium)")
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not Path(path).is_file()]
    if missing:
        pytest.skip(f"{' and '.join(missing)} missing: run scripts/browser-setup.sh "
                    "(apt-get install chromium chromium-driver)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--disable-gpu", f"--window-size={WIDTH},{HEIGHT}",
                     "--hide-scrollbars", "--force-device-scale-factor=1"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    """Where screenshots go: ``FOURFOLD_SCREENSHOTS`` (docs/screenshots to refresh the
    README's), else a temporary folder."""
    configured = os.environ.get("FOURFOLD_SCREENSHOTS")
    folder = Path(configured) if configured else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder

