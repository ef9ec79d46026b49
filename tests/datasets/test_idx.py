"""read_idx and read_idx_pair: round trips, and a clear DataError for every way a file can be bad."""

from __future__ import annotations

import gzip

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fourfold.datasets.idx import read_idx, read_idx_pair
from fourfold.errors import DataError

IMAGES = np.arange(2 * 28 * 28, dtype=np.uint8).reshape(2, 28, 28)


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize("dtype", ["uint8", "int8", "int16", "int32", "float32", "float64"])
def test_round_trip(tmp_path, write_idx, compress, dtype):
    array = (np.arange(3 * 4 * 5) - 30).reshape(3, 4, 5).astype(dtype)
    path = write_idx(tmp_path / "values-idx3", array, compress=compress)

    result = read_idx(path)

    np.testing.assert_array_equal(result, array)
    assert result.dtype == np.dtype(dtype)
    assert result.dtype.isnative
    assert result.flags.writeable  # in-place shuffles must work


def test_round_trip_labels_and_images(tmp_path, write_idx):
    labels = np.array([5, 0, 4], dtype=np.uint8)
    path = write_idx(tmp_path / "labels-idx1-ubyte.gz", labels, compress=True)

    np.testing.assert_array_equal(read_idx(path), labels)
    assert read_idx(write_idx(tmp_path / "images", IMAGES)).shape == (2, 28, 28)


def test_compression_is_told_by_content_not_name(tmp_path, write_idx):
    plain_named_gz = write_idx(tmp_path / "plain.gz", IMAGES, compress=False)
    gzip_named_plain = write_idx(tmp_path / "compressed-idx3-ubyte", IMAGES, compress=True)

    np.testing.assert_array_equal(read_idx(plain_named_gz), IMAGES)
    np.testing.assert_array_equal(read_idx(gzip_named_plain), IMAGES)


def test_empty_dimension_is_an_empty_array(tmp_path, write_idx):
    path = write_idx(tmp_path / "none", np.zeros((0, 28, 28), dtype=np.uint8))

    assert read_idx(path).shape == (0, 28, 28)


def _error(path) -> str:
    with pytest.raises(DataError) as caught:
        read_idx(path)
    message = str(caught.value)
    assert str(path) in message
    return message


VALID_HEADER = bytes([0, 0, 0x08, 3]) + (2).to_bytes(4, "big") + (28).to_bytes(4, "big") * 2


@pytest.mark.parametrize(("content", "fragment"), [
    (b"", "is empty (0 bytes); expected an IDX file"),
    (b"\x00\x00\x08", "too short for an IDX header: expected at least 4 bytes, found 3"),
    (VALID_HEADER[:10], "too short for an IDX header: expected at least 16 bytes, found 10"),
    (b"\x01\x00\x08\x03" + VALID_HEADER[4:], "expected a magic number starting with two zero bytes, "
                                             "found bytes 01 00 08 03"),
    (b"%PDF-1.4 not idx", "found bytes 25 50 44 46"),
    (b"\x00\x00\x07\x01" + b"\x00" * 8, "unknown IDX data type code 0x07; expected one of 0x08, 0x09, "
                                        "0x0B, 0x0C, 0x0D, 0x0E"),
    (b"\x00\x00\x08\x00", "the IDX header gives 0 dimensions; expected 1 to 32"),
    (b"\x00\x00\x08\x21" + b"\x00" * 200, "the IDX header gives 33 dimensions; expected 1 to 32"),
    (VALID_HEADER + b"\x00" * 1000, "the header's shape (2, 28, 28) of uint8 needs a payload of "
                                    "1568 bytes, found 1000 bytes"),
    (VALID_HEADER + b"\x00" * 1569, "needs a payload of 1568 bytes, found 1569 bytes"),
    (b"\x00\x00\x0b\x01" + (3).to_bytes(4, "big") + b"\x00" * 5, "the header's shape (3,) of int16 "
                                                                  "needs a payload of 6 bytes, found 5"),
])
@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzip"])
def test_bad_content_is_named(tmp_path, content, fragment, compress):
    path = tmp_path / "bad-idx3-ubyte"
    path.write_bytes(gzip.compress(content) if compress and content else content)

    assert fragment in _error(path)


def test_huge_claimed_shape_is_refused_without_allocating(tmp_path):
    path = tmp_path / "huge"
    path.write_bytes(b"\x00\x00\x0e\x04" + b"\xff\xff\xff\xff" * 4 + b"\x00" * 8)

    assert "found 8 bytes" in _error(path)


def test_truncated_gzip(tmp_path, write_idx):
    whole = write_idx(tmp_path / "whole.gz", IMAGES, compress=True).read_bytes()
    path = tmp_path / "cut.gz"
    path.write_bytes(whole[: len(whole) // 2])

    message = _error(path)

    assert "starts like a gzip file but cannot be decompressed" in message
    assert "truncated or corrupt" in message


def test_gzip_with_a_wrong_checksum(tmp_path, write_idx):
    data = bytearray(write_idx(tmp_path / "whole.gz", IMAGES, compress=True).read_bytes())
    data[-8] ^= 0xFF  # the CRC-32 in the gzip trailer
    path = tmp_path / "crc.gz"
    path.write_bytes(bytes(data))

    assert "cannot be decompressed" in _error(path)


def test_gzip_of_nothing(tmp_path):
    path = tmp_path / "nothing.gz"
    path.write_bytes(gzip.compress(b""))

    assert "is empty (0 bytes)" in _error(path)


def test_missing_file(tmp_path):
    message = _error(tmp_path / "absent-idx1-ubyte")

    assert "Cannot read" in message
    assert "No such file or directory" in message


def test_folder_instead_of_file(tmp_path):
    assert "Cannot read" in _error(tmp_path)


# read_idx_pair

def test_pair_round_trip(tmp_path, write_idx):
    labels = np.array([3, 7], dtype=np.uint8)
    images_path = write_idx(tmp_path / "images.gz", IMAGES, compress=True)
    labels_path = write_idx(tmp_path / "labels", labels)

    images, read_labels = read_idx_pair(images_path, labels_path)

    np.testing.assert_array_equal(images, IMAGES)
    np.testing.assert_array_equal(read_labels, labels)


def test_pair_counts_must_match(tmp_path, write_idx):
    images_path = write_idx(tmp_path / "train-images", IMAGES)
    labels_path = write_idx(tmp_path / "train-labels", np.zeros(3, dtype=np.uint8))

    with pytest.raises(DataError) as caught:
        read_idx_pair(images_path, labels_path)

    assert str(caught.value).startswith(
        f"{images_path} holds 2 images but {labels_path} holds 3 labels; the counts must match.")


def test_pair_images_must_be_3d(tmp_path, write_idx):
    images_path = write_idx(tmp_path / "flat", np.zeros((2, 784), dtype=np.uint8))
    labels_path = write_idx(tmp_path / "labels", np.zeros(2, dtype=np.uint8))

    with pytest.raises(DataError, match="expected images with 3 dimensions .* found 2 dimension"):
        read_idx_pair(images_path, labels_path)


def test_pair_swapped_files(tmp_path, write_idx):
    images_path = write_idx(tmp_path / "images", IMAGES)
    labels_path = write_idx(tmp_path / "labels", np.zeros(2, dtype=np.uint8))

    with pytest.raises(DataError) as caught:
        read_idx_pair(labels_path, images_path)

    assert str(labels_path) in str(caught.value)
    assert "not swapped" in str(caught.value)


def test_pair_labels_must_be_1d(tmp_path, write_idx):
    images_path = write_idx(tmp_path / "images", IMAGES)
    labels_path = write_idx(tmp_path / "labels", np.zeros((2, 1), dtype=np.uint8))

    with pytest.raises(DataError) as caught:
        read_idx_pair(images_path, labels_path)

    assert f"{labels_path}: expected labels with 1 dimension (count), found 2 dimension(s), " \
           "shape (2, 1)" in str(caught.value)


# Any bytes at all: a result or a DataError, never another exception.

def _mutations(base: bytes):
    return st.tuples(
        st.lists(st.tuples(st.integers(0, len(base) - 1), st.integers(0, 255)), max_size=4),
        st.integers(0, len(base)),
    ).map(lambda plan: _apply(base, *plan))


def _apply(base: bytes, edits, length) -> bytes:
    data = bytearray(base)
    for position, value in edits:
        data[position] = value
    return bytes(data[:length])


_SMALL = gzip.compress(bytes([0, 0, 8, 2, 0, 0, 0, 3, 0, 0, 0, 2]) + bytes(range(6)), mtime=0)
_SMALL_PLAIN = bytes([0, 0, 8, 2, 0, 0, 0, 3, 0, 0, 0, 2]) + bytes(range(6))


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(st.binary(max_size=64), _mutations(_SMALL), _mutations(_SMALL_PLAIN),
                         st.binary(max_size=40).map(lambda tail: b"\x00\x00" + tail)))
def test_any_bytes_give_an_array_or_a_data_error(tmp_path, content):
    path = tmp_path / "fuzz"
    path.write_bytes(content)

    try:
        array = read_idx(path)
    except DataError as error:
        assert str(path) in str(error)
    else:
        assert isinstance(array, np.ndarray)
        assert 1 <= array.ndim <= 32
