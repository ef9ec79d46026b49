"""resolve(): SPEC's order of places, downloads into the cache, and a message naming every place."""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import re
from pathlib import Path

import pytest

from fourfold.datasets import catalog, describe_all, resolve
from fourfold.datasets.catalog import DataFile, DatasetSpec
from fourfold.datasets.resolve import cache_dir
from fourfold.errors import DataError
from fourfold.messages.catalog import ENGLISH

pytestmark = pytest.mark.usefixtures("isolated_data")

MNIST_NAMES = [data_file.name for data_file in catalog.MNIST.files]
PAYLOADS = {"first-file": b"first payload", "second-file": b"second payload" * 100}


def _fill(folder: Path, names, *, compress=False, skip=()) -> Path:
    """Create the files ``names`` (minus ``skip``) in ``folder``; content does not matter here."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        if name not in skip:
            (folder / (f"{name}.gz" if compress else name)).write_bytes(b"placeholder")
    return folder


@pytest.fixture
def specs(monkeypatch):
    """``specs.replace(name, **changes)`` swaps a registered spec for the test's duration."""

    class Specs:
        @staticmethod
        def replace(name: str, **changes) -> DatasetSpec:
            spec = dataclasses.replace(catalog.DATASETS[name], **changes)
            monkeypatch.setitem(catalog.DATASETS, name, spec)
            return spec

        @staticmethod
        def add(spec: DatasetSpec) -> DatasetSpec:
            monkeypatch.setitem(catalog.DATASETS, spec.name, spec)
            return spec

    return Specs


def _tiny_spec(mirrors=(), **changes) -> DatasetSpec:
    files = tuple(DataFile(name, hashlib.sha256(body).hexdigest(), len(body))
                  for name, body in PAYLOADS.items())
    values = dict(name="tiny", folder="tiny", files=files, mirrors=tuple(mirrors), embedded=False,
                  system_dirs=(), task="multiclass", description="data.description.mnist",
                  licence="test", how_to_get="data.how_to_get.download")
    return DatasetSpec(**{**values, **changes})


# cache_dir

def test_cache_dir_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("FOURFOLD_CACHE", str(tmp_path / "elsewhere"))

    assert cache_dir() == tmp_path / "elsewhere"


def test_cache_dir_defaults_to_home(isolated_data, monkeypatch):
    monkeypatch.delenv("FOURFOLD_CACHE")

    assert cache_dir() == isolated_data["home"] / ".cache" / "fourfold"


# order of precedence

@pytest.mark.parametrize(("present", "expected"), [
    ({"data_dir", "cache", "system"}, "data_dir"),
    ({"cache", "system"}, "cache"),
    ({"system"}, "system"),
    (set(), "embedded"),
])
def test_order_of_places(tmp_path, isolated_data, specs, present, expected):
    folders = {"data_dir": tmp_path / "data" / "mnist", "cache": isolated_data["cache"] / "mnist",
               "system": tmp_path / "usr-share" / "mnist"}
    for place in present:
        _fill(folders[place], MNIST_NAMES, compress=place == "cache")
    specs.replace("mnist", system_dirs=(folders["system"],))
    named = tmp_path / "data" if "data_dir" in present else None  # a named folder is the only place

    resolved = resolve("mnist", named, allow_download=False)

    assert resolved.source == expected
    assert set(resolved.files) == set(MNIST_NAMES)
    assert all(path.is_file() and path.parent == resolved.location for path in resolved.files.values())
    if expected != "embedded":
        assert resolved.location == folders[expected]


def test_data_dir_argument_wins_over_environment(tmp_path, monkeypatch):
    _fill(tmp_path / "argument" / "mnist", MNIST_NAMES)
    _fill(tmp_path / "environment" / "mnist", MNIST_NAMES)
    monkeypatch.setenv("FOURFOLD_DATA", str(tmp_path / "environment"))

    assert resolve("mnist", tmp_path / "argument").location == tmp_path / "argument" / "mnist"
    assert resolve("mnist").location == tmp_path / "environment" / "mnist"


def test_gz_and_plain_files_may_be_mixed(tmp_path):
    folder = _fill(tmp_path / "mnist", MNIST_NAMES[:2], compress=True)
    _fill(folder, MNIST_NAMES[2:])

    resolved = resolve("mnist", tmp_path)

    assert resolved.source == "data_dir"
    assert resolved.files[MNIST_NAMES[0]].name == f"{MNIST_NAMES[0]}.gz"
    assert resolved.files[MNIST_NAMES[3]].name == MNIST_NAMES[3]


def test_a_place_counts_only_with_all_files(tmp_path, isolated_data, specs):
    _fill(isolated_data["cache"] / "mnist", MNIST_NAMES, skip=MNIST_NAMES[1:2])
    _fill(tmp_path / "system", MNIST_NAMES)
    specs.replace("mnist", system_dirs=(tmp_path / "system",))

    assert resolve("mnist").source == "system"


@pytest.mark.parametrize("named_by", ["argument", "environment"])
def test_a_named_data_folder_without_the_data_set_is_an_error_not_a_fall_back(
        tmp_path, isolated_data, monkeypatch, named_by):
    # The cache and the embedded copy both hold MNIST: neither may stand in for the folder named.
    _fill(isolated_data["cache"] / "mnist", MNIST_NAMES)
    (tmp_path / "empty").mkdir()
    if named_by == "environment":
        monkeypatch.setenv("FOURFOLD_DATA", str(tmp_path / "empty"))

    with pytest.raises(DataError) as caught:
        resolve("mnist", tmp_path / "empty" if named_by == "argument" else None)

    lines = str(caught.value).splitlines()
    assert lines[:3] == [
        "Data set 'mnist' was not found. Looked in:",
        f"  - data folder {tmp_path / 'empty' / 'mnist'}: the folder does not exist",
        "  - nowhere else: a named data folder (--data-dir or FOURFOLD_DATA) is the only place "
        "fourfold looks, never the user cache, a system copy, the embedded copy or an internet mirror "
        "instead. Name the folder that holds the data set, or name none to use those copies."]
    assert lines[3].startswith("To get it:")


def test_a_named_data_folder_missing_one_file_is_an_error_naming_it(tmp_path, isolated_data,
                                                                   local_server, specs):
    _fill(tmp_path / "data" / "mnist", MNIST_NAMES, skip=MNIST_NAMES[1:2])
    _fill(isolated_data["cache"] / "mnist", MNIST_NAMES)
    specs.replace("mnist", mirrors=(local_server.base_url,))

    with pytest.raises(DataError) as caught:
        resolve("mnist", tmp_path / "data")

    assert (f"data folder {tmp_path / 'data' / 'mnist'}: missing {MNIST_NAMES[1]}[.gz]"
            in str(caught.value))
    assert local_server.requests == []  # no download either


def test_embedded_mnist_when_nothing_else_exists():
    resolved = resolve("mnist", allow_download=False)

    assert resolved.source == "embedded"
    assert resolved.location.parts[-3:] == ("datasets", "embedded", "mnist")
    assert sorted(path.name for path in resolved.files.values()) == sorted(
        f"{name}.gz" for name in MNIST_NAMES)


def test_only_embedded_specs_use_the_embedded_folder(specs):
    specs.replace("mnist", embedded=False, mirrors=())

    with pytest.raises(DataError, match="Data set 'mnist' was not found"):
        resolve("mnist")


def test_unknown_name():
    names = ", ".join(sorted(catalog.DATASETS))
    with pytest.raises(DataError, match=re.escape(f"Unknown data set 'digits'. Known data sets: {names}.")):
        resolve("digits")


# downloads

def test_download_from_the_next_mirror_into_the_cache(isolated_data, local_server, specs):
    for name, body in PAYLOADS.items():
        local_server.serve(f"good/{name}.gz", gzip.compress(body))
    specs.add(_tiny_spec(mirrors=(local_server.url("broken/"), local_server.url("good/"))))

    resolved = resolve("tiny")

    assert resolved.source == "download"
    assert resolved.location == isolated_data["cache"] / "tiny"
    assert {name: path.read_bytes() for name, path in resolved.files.items()} == PAYLOADS
    assert sorted(path.name for path in resolved.location.iterdir()) == sorted(PAYLOADS)

    requests = len(local_server.requests)
    again = resolve("tiny")

    assert again.source == "cache"
    assert again.files == resolved.files
    assert len(local_server.requests) == requests  # found in the cache: no new download


def test_files_from_a_failing_mirror_are_kept_and_not_fetched_again(local_server, specs):
    first, second = PAYLOADS
    local_server.serve(f"a/{first}.gz", gzip.compress(PAYLOADS[first]))
    local_server.serve(f"b/{second}.gz", gzip.compress(PAYLOADS[second]))
    specs.add(_tiny_spec(mirrors=(local_server.url("a/"), local_server.url("b/"))))

    assert resolve("tiny").source == "download"
    assert local_server.requests == [f"/a/{first}.gz", f"/a/{second}.gz", f"/b/{second}.gz"]


def test_download_with_wrong_checksum_leaves_the_cache_clean(isolated_data, local_server, specs):
    for name in PAYLOADS:
        local_server.serve(f"{name}.gz", gzip.compress(b"tampered"))
    specs.add(_tiny_spec(mirrors=(local_server.base_url,)))

    with pytest.raises(DataError) as caught:
        resolve("tiny")

    message = str(caught.value)
    assert f"download from {local_server.base_url}: Checksum mismatch" in message
    assert list((isolated_data["cache"] / "tiny").iterdir()) == []


def test_downloads_off(local_server, specs):
    specs.add(_tiny_spec(mirrors=(local_server.base_url,)))

    with pytest.raises(DataError, match="not tried"):
        resolve("tiny", allow_download=False)
    assert local_server.requests == []


# the message when nothing is found

def test_message_names_every_place_and_how_to_get(tmp_path, isolated_data, local_server, specs):
    system = tmp_path / "system-copy"
    specs.add(_tiny_spec(mirrors=(local_server.url("one/"), local_server.url("two/")),
                         system_dirs=(system,)))

    with pytest.raises(DataError) as caught:
        resolve("tiny")

    lines = str(caught.value).splitlines()
    assert lines[0] == "Data set 'tiny' was not found. Looked in:"
    assert lines[1] == "  - data folder: none given (--data-dir not used, FOURFOLD_DATA not set)"
    assert lines[2] == f"  - user cache {isolated_data['cache'] / 'tiny'}: the folder does not exist"
    assert lines[3] == f"  - system copy {system}: the folder does not exist"
    assert lines[4].startswith(f"  - download from {local_server.url('one/')}: Downloading "
                               f"{local_server.url('one/first-file.gz')} failed: the server answered HTTP 404")
    assert lines[5].startswith(f"  - download from {local_server.url('two/')}: ")
    assert lines[6].startswith("To get it: put the files first-file, second-file")
    assert "'tiny'" in lines[6] and "--data-dir or FOURFOLD_DATA" in lines[6]


def test_message_without_a_data_folder():
    catalog_spec = catalog.DATASETS["fashion-mnist"]

    with pytest.raises(DataError) as caught:
        resolve("fashion-mnist", allow_download=False)

    message = str(caught.value)
    assert "data folder: none given (--data-dir not used, FOURFOLD_DATA not set)" in message
    assert f"system copy {catalog_spec.system_dirs[0]}" in message
    assert "download: not tried (downloading is turned off)" in message


def test_kaggle_style_spec_says_which_files_to_put_where(monkeypatch, specs):
    monkeypatch.setitem(ENGLISH, "data.how_to_get.test-kaggle",
                        "Download it from Kaggle and put {files} in <data folder>/{folder}/.")
    specs.add(_tiny_spec(name="kaggle", folder="kaggle", how_to_get="data.how_to_get.test-kaggle",
                         files=(DataFile("train.json"), DataFile("test.json", optional=True))))

    with pytest.raises(DataError) as caught:
        resolve("kaggle")

    message = str(caught.value)
    assert message.endswith("Download it from Kaggle and put train.json in <data folder>/kaggle/.")
    assert not any(line.startswith("  - download") for line in message.splitlines())  # no mirrors


def test_optional_files_are_used_when_present(tmp_path, monkeypatch, specs):
    monkeypatch.setitem(ENGLISH, "data.how_to_get.test-kaggle", "{files}")
    specs.add(_tiny_spec(name="kaggle", folder="kaggle", how_to_get="data.how_to_get.test-kaggle",
                         files=(DataFile("train.json"), DataFile("test.json", optional=True))))
    _fill(tmp_path / "kaggle", ["train.json"])

    assert set(resolve("kaggle", tmp_path).files) == {"train.json"}
    _fill(tmp_path / "kaggle", ["test.json"])
    assert set(resolve("kaggle", tmp_path).files) == {"train.json", "test.json"}


# describe_all

def test_describe_all_never_downloads(tmp_path, local_server, specs):
    _fill(tmp_path / "fashion-mnist", MNIST_NAMES)
    specs.replace("fashion-mnist", system_dirs=())
    specs.add(_tiny_spec(mirrors=(local_server.base_url,)))

    entries = {entry["name"]: entry for entry in describe_all(tmp_path)}

    assert local_server.requests == []
    assert entries["fashion-mnist"]["source"] == "data_dir"
    assert entries["fashion-mnist"]["where"] == f"data folder {tmp_path / 'fashion-mnist'}"
    assert entries["fashion-mnist"]["size"] == 4 * len(b"placeholder")
    assert entries["fashion-mnist"]["how_to_get"] is None
    assert entries["mnist"]["source"] == "missing"  # a named folder is the only place
    assert entries["mnist"]["task"] == "multiclass"
    assert entries["tiny"]["source"] == "missing"
    assert entries["tiny"]["where"] == "missing"
    assert entries["tiny"]["size"] == 0
    assert entries["tiny"]["how_to_get"].startswith("To get it:")


def test_describe_all_without_a_data_folder_finds_the_other_copies():
    entries = {entry["name"]: entry for entry in describe_all()}

    assert entries["mnist"]["source"] == "embedded"
    assert entries["mnist"]["size"] > 10_000_000
