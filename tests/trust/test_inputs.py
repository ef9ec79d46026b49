"""Trust: a run's inputs cannot change underneath it (issue 12, point 2).

``inputs.json`` fingerprints the data a run trains on (files, sizes, SHA-256; a sample of
the hashes for large photo sets) and its ``config.yaml``; ``--resume`` refuses, exit 3,
naming what changed, and accepts the same data in another folder."""

from __future__ import annotations

import gzip
import hashlib
import shutil
import struct
import time
from pathlib import Path

import numpy as np
import pytest

from fourfold.cli import main
from fourfold.datasets.config import DatasetConfig, FolderConfig, TableConfig
from fourfold.errors import DataError
from fourfold.runs import layout
from fourfold.runs import status as run_status
from fourfold.runs.fingerprint import (INPUTS_FILE, SHOWN_CHANGES, capture, differences,
                                       verify)

pytestmark = pytest.mark.xdist_group("trust")

MNIST = DatasetConfig(name="mnist")
NAMES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
         "t10k-labels-idx1-ubyte")


def _idx(array: np.ndarray) -> bytes:
    header = bytes([0, 0, 8, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(">u1").tobytes()


def tiny_mnist(root: Path, *, rows: int = 700, seed: int = 0) -> Path:
    """A data folder whose ``mnist/`` holds ``rows`` random 28x28 training digits (100 test)."""
    rng = np.random.default_rng(seed)
    folder = root / "mnist"
    folder.mkdir(parents=True)
    for prefix, count in (("train", rows), ("t10k", 100)):
        images = rng.integers(0, 256, (count, 28, 28), dtype=np.uint8)
        labels = (np.arange(count) % 10).astype(np.uint8)
        (folder / f"{prefix}-images-idx3-ubyte.gz").write_bytes(gzip.compress(_idx(images), mtime=0))
        (folder / f"{prefix}-labels-idx1-ubyte.gz").write_bytes(gzip.compress(_idx(labels), mtime=0))
    return root


@pytest.fixture(autouse=True)
def no_data_env(request, monkeypatch):
    """Only the data folders a test names (the real-data test reads ``FOURFOLD_DATA``)."""
    if request.node.get_closest_marker("realdata") is None:
        monkeypatch.delenv("FOURFOLD_DATA", raising=False)


def _run_folder(tmp_path: Path, dataset, data_dir, config_text: str = "name: test\n") -> Path:
    """A run folder holding ``config.yaml`` and its fingerprint, as ``fourfold run`` starts one."""
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    INPUTS_FILE.write(run_dir, capture(dataset, data_dir, recipe_text=config_text))
    (run_dir / layout.CONFIG).write_text(config_text, encoding="utf-8")
    return run_dir


# capture

def test_a_built_in_data_set_is_fingerprinted_file_by_file(tmp_path):
    data = tiny_mnist(tmp_path / "data")

    record = capture(MNIST, data, recipe_text="name: mnist\n")

    assert record.dataset == "mnist" and record.source == "data_dir" and not record.sampled
    assert record.location == str(data / "mnist")
    assert [file.path for file in record.files] == sorted(f"{name}.gz" for name in NAMES)
    for file in record.files:
        content = (data / "mnist" / file.path).read_bytes()
        assert file.size == len(content) and file.sha256 == hashlib.sha256(content).hexdigest()
    assert record.recipe_sha256 == hashlib.sha256(b"name: mnist\n").hexdigest()
    assert INPUTS_FILE.record.model_validate(record.to_dict()) == record  # round trip


def test_without_a_data_folder_the_embedded_copy_is_what_is_recorded():
    record = capture(MNIST, None, recipe_text="")

    assert record.source == "embedded" and Path(record.location).parts[-2:] == ("embedded", "mnist")
    assert len(record.files) == 4 and all(file.sha256 for file in record.files)


def test_a_table_is_recorded_by_its_files(tmp_path):
    (tmp_path / "train.csv").write_text("x,y\n1,0\n2,1\n")
    (tmp_path / "test.csv").write_text("x,y\n3,0\n")
    table = DatasetConfig(name="train", table=TableConfig(
        train=str(tmp_path / "train.csv"), test=str(tmp_path / "test.csv"), target=["y"]))

    record = capture(table, None, recipe_text="")

    assert record.source == "table" and record.location == str(tmp_path)
    assert [(file.path, file.size) for file in record.files] == [("test.csv", len("x,y\n3,0\n")),
                                                               ("train.csv", len("x,y\n1,0\n2,1\n"))]


def test_a_large_photo_folder_lists_every_file_and_hashes_a_stable_sample(tmp_path):
    for index in range(600):
        photo = tmp_path / "photos" / ("cat" if index % 2 else "dog") / f"{index:04d}.jpg"
        photo.parent.mkdir(parents=True, exist_ok=True)
        photo.write_bytes(bytes([index % 256]) * (10 + index))
    (tmp_path / "photos" / ".DS_Store").write_bytes(b"hidden")
    folder = DatasetConfig(name="pets", folder=FolderConfig(path=str(tmp_path / "photos")))

    first = capture(folder, None, recipe_text="")
    second = capture(folder, None, recipe_text="")

    assert first.source == "folder" and first.sampled
    assert len(first.files) == 600 and not any(".DS_Store" in file.path for file in first.files)
    hashed = [file.path for file in first.files if file.sha256]
    assert 100 < len(hashed) < 600
    assert hashed == [file.path for file in second.files if file.sha256]
    assert differences(first, second) == []


@pytest.mark.realdata
def test_the_apparel_photos_are_fingerprinted_in_well_under_two_seconds(real_data):
    data = real_data("apparel")
    started = time.perf_counter()
    record = capture(DatasetConfig(name="apparel"), data, recipe_text="")
    seconds = time.perf_counter() - started

    assert seconds < 2.0
    assert record.sampled and len(record.files) >= 11_385 + 3
    assert all(file.sha256 for file in record.files if file.path.startswith("csv_data/colorinfo/"))


# differences

def test_the_same_files_in_another_folder_are_the_same_data(tmp_path):
    data = tiny_mnist(tmp_path / "data")
    before = capture(MNIST, data, recipe_text="")
    shutil.copytree(data, tmp_path / "copy")

    after = capture(MNIST, tmp_path / "copy", recipe_text="")

    assert after.location != before.location
    assert differences(before, after) == []


def test_each_changed_file_is_named_with_its_old_and_new_size_or_hash(tmp_path):
    data = tiny_mnist(tmp_path / "data")
    before = capture(MNIST, data, recipe_text="")
    folder = data / "mnist"
    labels = folder / "train-labels-idx1-ubyte.gz"
    labels_size = labels.stat().st_size
    labels.write_bytes(labels.read_bytes() + b"\x00")
    images = folder / "t10k-images-idx3-ubyte.gz"
    content = bytearray(images.read_bytes())
    content[-1] ^= 0xFF
    images.write_bytes(bytes(content))
    old_hash = hashlib.sha256(bytes(content[:-1]) + bytes([content[-1] ^ 0xFF])).hexdigest()
    new_hash = hashlib.sha256(bytes(content)).hexdigest()

    lines = differences(before, capture(MNIST, data, recipe_text=""))

    assert lines == [
        f"  - t10k-images-idx3-ubyte.gz: same size, other content (SHA-256 {old_hash[:12]}... "
        f"then, {new_hash[:12]}... now)",
        f"  - train-labels-idx1-ubyte.gz: {labels_size} bytes then, {labels_size + 1} bytes now"]


def test_gone_and_new_files_are_named_and_a_long_list_is_cut(tmp_path):
    for index in range(SHOWN_CHANGES + 3):
        (tmp_path / "photos" / "cat").mkdir(parents=True, exist_ok=True)
        (tmp_path / "photos" / "cat" / f"{index}.png").write_bytes(b"x" * 5)
    folder = DatasetConfig(name="pets", folder=FolderConfig(path=str(tmp_path / "photos")))
    before = capture(folder, None, recipe_text="")
    (tmp_path / "photos" / "cat" / "0.png").unlink()
    (tmp_path / "photos" / "cat" / "new.png").write_bytes(b"yy")

    lines = differences(before, capture(folder, None, recipe_text=""))
    assert lines == ["  - cat/0.png: gone (it had 5 bytes)", "  - cat/new.png: a new file (2 bytes)"]

    for index in range(1, SHOWN_CHANGES + 3):
        (tmp_path / "photos" / "cat" / f"{index}.png").unlink()
    lines = differences(before, capture(folder, None, recipe_text=""))
    assert len(lines) == SHOWN_CHANGES + 1 and lines[-1] == "  - and 4 more"  # 11 gone, 1 new


# verify

def test_verify_accepts_the_same_data_elsewhere(tmp_path):
    data = tiny_mnist(tmp_path / "data")
    run_dir = _run_folder(tmp_path, MNIST, data)
    data.rename(tmp_path / "moved")

    verify(run_dir, MNIST, tmp_path / "moved")


def test_verify_refuses_an_edited_config(tmp_path):
    data = tiny_mnist(tmp_path / "data")
    run_dir = _run_folder(tmp_path, MNIST, data)
    (run_dir / layout.CONFIG).write_text("name: test\nseed: 2\n")

    with pytest.raises(DataError) as caught:
        verify(run_dir, MNIST, data)

    assert str(caught.value).startswith(
        f"{run_dir / layout.CONFIG} was edited after the run started: resuming would train the "
        "rest of the run with other settings than its first epochs.")
    assert caught.value.exit_code == 3


def test_verify_refuses_other_data_naming_the_file(tmp_path):
    data = tiny_mnist(tmp_path / "data")
    run_dir = _run_folder(tmp_path, MNIST, data)
    other = tiny_mnist(tmp_path / "other", rows=60000 // 100, seed=1)

    with pytest.raises(DataError) as caught:
        verify(run_dir, MNIST, other)

    message = str(caught.value)
    assert message.startswith(f"The data of run {run_dir} changed since it started (it was read "
                              f"from {data / 'mnist'}; now from {other / 'mnist'}):\n")
    assert "  - train-images-idx3-ubyte.gz: " in message and " bytes then, " in message
    assert "Point --data-dir at the original data" in message
    assert f"fourfold run {run_dir / layout.CONFIG}" in message


def test_verify_refuses_data_that_is_gone_and_falls_back_to_nothing(tmp_path, isolated_home):
    data = tiny_mnist(tmp_path / "data")
    run_dir = _run_folder(tmp_path, MNIST, data)
    shutil.rmtree(data)

    with pytest.raises(DataError) as caught:
        verify(run_dir, MNIST, data)  # the embedded MNIST must not stand in for it

    message = str(caught.value)
    assert message.startswith(f"The data run {run_dir} trained on ({data / 'mnist'}) cannot be "
                              "found now:\nData set 'mnist' was not found.")
    assert f"data folder {data / 'mnist'}: the folder does not exist" in message


def test_verify_refuses_a_run_on_arrays_given_in_memory(tmp_path):
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    INPUTS_FILE.write(run_dir, capture(MNIST, None, recipe_text="x", in_memory=True))
    (run_dir / layout.CONFIG).write_text("x")

    with pytest.raises(DataError, match="trained on data given in memory"):
        verify(run_dir, MNIST, None)


def test_a_run_folder_without_a_fingerprint_is_not_checked(tmp_path):
    (tmp_path / layout.CONFIG).write_text("name: old\n")

    verify(tmp_path, MNIST, tmp_path / "nowhere")


# end to end: fourfold run, then --resume on moved, other or identical data

@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    """A 1-epoch MNIST run on a 700-row data folder (then marked interrupted by each test)."""
    from fourfold import api
    from fourfold.recipes import load_recipe

    root = tmp_path_factory.mktemp("tiny-run")
    data = tiny_mnist(root / "data")
    result = api.run(load_recipe("mnist", updates={"training.epochs": 1}), data_dir=data,
                     out=root / "runs", show_progress=False, build_report=False)
    return data, result.run_dir


@pytest.fixture
def interrupted(tiny_run, tmp_path):
    """A copy of the tiny run, marked interrupted, and a copy of its data folder."""
    data, run_dir = tiny_run
    copy = shutil.copytree(run_dir, tmp_path / "runs" / run_dir.name)
    run_status.write_status(copy, run_status.INTERRUPTED, data_dir=str(tmp_path / "data"))
    shutil.copytree(data, tmp_path / "data")
    return tmp_path / "data", copy


@pytest.mark.slow
def test_resume_after_the_data_folder_moved_is_exit_3_and_trains_nothing(interrupted, tmp_path,
                                                                          capsys):
    data, run_dir = interrupted
    data.rename(tmp_path / "moved")
    status_before = (run_dir / layout.STATUS).read_text()

    assert main(["run", "--resume", str(run_dir), "--quiet"]) == 3
    err = capsys.readouterr().err
    recorded = INPUTS_FILE.read(run_dir).location  # where the run first read it
    assert f"The data run {run_dir} trained on ({recorded}) cannot be found now" in err
    assert f"data folder {data / 'mnist'}: the folder does not exist" in err  # no fall-back
    assert "Traceback" not in err
    assert (run_dir / layout.STATUS).read_text() == status_before  # not even marked running


@pytest.mark.slow
def test_resume_on_other_data_from_fourfold_data_is_exit_3_naming_the_file(interrupted, tmp_path,
                                                                           monkeypatch, capsys):
    _, run_dir = interrupted
    other = tiny_mnist(tmp_path / "full", rows=900, seed=5)

    assert main(["run", "--resume", str(run_dir), "--data-dir", str(other), "--quiet"]) == 3
    err = capsys.readouterr().err
    assert f"The data of run {run_dir} changed since it started" in err
    assert "  - train-images-idx3-ubyte.gz: " in err


@pytest.mark.slow
def test_resume_with_an_edited_config_is_exit_3(interrupted, capsys):
    _, run_dir = interrupted
    config = run_dir / layout.CONFIG
    config.write_text(config.read_text().replace("epochs: 1", "epochs: 2"))

    assert main(["run", "--resume", str(run_dir), "--quiet"]) == 3
    assert "was edited after the run started" in capsys.readouterr().err


@pytest.mark.slow
def test_resume_on_the_same_data_in_another_folder_completes(interrupted, tmp_path, capsys):
    data, run_dir = interrupted
    data.rename(tmp_path / "elsewhere")

    code = main(["run", "--resume", str(run_dir), "--data-dir", str(tmp_path / "elsewhere"),
                 "--quiet"])

    assert code == 0, capsys.readouterr().err
    assert run_status.read_status(run_dir) == run_status.COMPLETE


def test_hashing_never_opens_a_fifo_blocking(tmp_path):
    """A photo swapped for a FIFO between listing and hashing is refused, not waited on."""
    import os
    import threading

    from fourfold.errors import DataError
    from fourfold.runs import fingerprint

    pipe = tmp_path / "photo.png"
    os.mkfifo(pipe)
    outcome = {}

    def attempt():
        try:
            fingerprint._sha256_of(pipe)
        except DataError as error:
            outcome["error"] = str(error)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "hashing a FIFO blocked"
    assert outcome["error"].startswith(f"{pipe} is a named pipe (FIFO)")
