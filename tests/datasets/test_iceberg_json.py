"""read_iceberg_json(): round trips, one exact message per kind of bad row, and fuzzing.

The data are synthetic (tests/support/sar.py), never the competition's.
"""

from __future__ import annotations

import gzip
import json
import math
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fourfold.datasets import iceberg_json
from fourfold.datasets.iceberg_json import IcebergRows, read_iceberg_json
from fourfold.errors import DataError
from tests.support.sar import make_sar_dataset, write_sar_json

BAND = 5625


def _rows(count=4, *, seed=0, labelled=True, decimals=1):
    return make_sar_dataset(count, seed=seed, labelled=labelled, decimals=decimals)


def _expected_bands(rows) -> np.ndarray:
    return np.stack([np.stack([np.asarray(row["band_1"]).reshape(75, 75),
                               np.asarray(row["band_2"]).reshape(75, 75)], axis=-1)
                     for row in rows]).astype(np.float32)


def _assert_matches(result: IcebergRows, rows, *, labelled: bool) -> None:
    assert result.ids == [row["id"] for row in rows]
    assert result.bands.dtype == np.float32 and result.bands.shape == (len(rows), 75, 75, 2)
    np.testing.assert_array_equal(result.bands, _expected_bands(rows))
    assert result.inc_angle.dtype == np.float32 and result.inc_angle.shape == (len(rows),)
    for angle, row in zip(result.inc_angle, rows):
        if row["inc_angle"] == "na":
            assert math.isnan(angle)
        else:
            assert angle == np.float32(row["inc_angle"])
    if labelled:
        assert result.is_iceberg.dtype == np.int64
        assert result.is_iceberg.tolist() == [row["is_iceberg"] for row in rows]
    else:
        assert result.is_iceberg is None


# ---------------------------------------------------------------- round trips


@pytest.mark.parametrize("labelled", [True, False])
def test_round_trip_full_precision(tmp_path, labelled):
    rows = _rows(12, seed=3, labelled=labelled, decimals=None)
    rows[1]["inc_angle"] = "na"
    path = write_sar_json(tmp_path / "rows.json", rows)
    _assert_matches(read_iceberg_json(path, labelled=labelled), rows, labelled=labelled)


def test_unlabelled_read_ignores_labels(tmp_path):
    rows = _rows(3)
    result = read_iceberg_json(write_sar_json(tmp_path / "train.json", rows), labelled=False)
    assert result.is_iceberg is None
    assert result.ids == [row["id"] for row in rows]


def test_round_trip_gzip_pretty_printed_with_bom(tmp_path):
    rows = _rows(3)
    plain = write_sar_json(tmp_path / "plain.json", rows)
    pretty = json.dumps(json.loads(plain.read_text()), indent=2)
    path = tmp_path / "train.json.gz"
    path.write_bytes(gzip.compress(("\ufeff" + pretty + "\n").encode()))
    _assert_matches(read_iceberg_json(path, labelled=True), rows, labelled=True)


def test_integers_in_bands_and_angle_are_numbers(tmp_path):
    rows = _rows(2)
    rows[0]["band_1"] = [-20] * BAND
    rows[0]["inc_angle"] = 40
    result = read_iceberg_json(write_sar_json(tmp_path / "t.json", rows), labelled=True)
    assert (result.bands[0, :, :, 0] == -20).all() and result.inc_angle[0] == 40


@pytest.mark.parametrize("chunk", [997, 4096, 65_521])
def test_rows_cut_by_the_read_buffer(tmp_path, monkeypatch, chunk):
    """Rows, numbers, strings and multi-byte characters split across reads parse the same."""
    monkeypatch.setattr(iceberg_json, "_CHUNK_BYTES", chunk)
    rows = _rows(3, decimals=2)
    rows[1]["id"] = "빙산-ß-1"
    rows[2]["inc_angle"] = "na"
    path = write_sar_json(tmp_path / "t.json", rows)
    path.write_text(path.read_text().replace(", ", ",\n "))
    _assert_matches(read_iceberg_json(path, labelled=True), rows, labelled=True)


def test_bands_are_row_major_hh_then_hv(tmp_path):
    rows = _rows(1)
    rows[0]["band_1"] = np.arange(BAND, dtype=np.float64)
    rows[0]["band_2"] = -np.arange(BAND, dtype=np.float64)
    bands = read_iceberg_json(write_sar_json(tmp_path / "t.json", rows), labelled=True).bands
    assert bands[0, 0, 1, 0] == 1 and bands[0, 1, 0, 0] == 75 and bands[0, 74, 74, 1] == -(BAND - 1)


# ---------------------------------------------------------------- bad files


def _write_text(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "bad.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _message(path: Path, *, labelled=True) -> str:
    with pytest.raises(DataError) as caught:
        read_iceberg_json(path, labelled=labelled)
    return str(caught.value)


def test_missing_file(tmp_path):
    message = _message(tmp_path / "absent.json")
    assert message.startswith(f"Cannot read {tmp_path / 'absent.json'}: No such file or directory")


@pytest.mark.parametrize(("content", "fragment"), [
    ("", "expected a JSON array of rows starting with '[' (the competition's train.json or test.json), "
         "found nothing (the file is empty)"),
    ("  \n", "found nothing (the file is empty)"),
    ('{"id": "a"}', "expected a JSON array of rows starting with '['"
                    " (the competition's train.json or test.json), found '{'"),
    ("7z\xbc\xaf", "found '7'"),
    ("[]", "holds an empty array: expected at least one row."),
    (" [ \n ] ", "holds an empty array"),
])
def test_not_an_array_or_empty(tmp_path, content, fragment):
    path = _write_text(tmp_path, content)
    message = _message(path)
    assert message.startswith(str(path)) and fragment in message


def test_not_utf8(tmp_path):
    path = _write_text(tmp_path, b'[{"id": "\xff"}]')
    assert _message(path) == (f"{path}: byte 9 is not UTF-8 text (invalid start byte); expected the "
                              "competition's JSON file. The file is corrupt or not the right file: "
                              "extract it again from the competition's .7z archive.")


def test_broken_gzip(tmp_path):
    compressed = gzip.compress(_file_text(_rows(3)).encode())
    path = _write_text(tmp_path, compressed[:len(compressed) // 2])
    assert _message(path).startswith(f"{path} starts like a gzip file but cannot be decompressed "
                                     "(Compressed file ended before the end-of-stream marker was reached)")


def _file_text(rows) -> str:
    return "[" + ", ".join(json.dumps(row, default=lambda array: array.tolist()) for row in rows) + "]"


def test_malformed_json_gives_row_line_column_and_character(tmp_path):
    rows = _rows(3)
    text = _file_text(rows)
    position = text.index('"band_2"', text.index(rows[1]["id"]))
    path = _write_text(tmp_path, text[:position] + "@" + text[position + 1:])
    assert _message(path) == (
        f"{path}: malformed JSON in row 1 (0-based) at line 1, column {position + 1} (character "
        f"{position}): Expecting property name enclosed in double quotes. The file is probably "
        "truncated or corrupt; extract it again from the competition's .7z archive.")


def test_malformed_json_counts_lines_across_reads(tmp_path, monkeypatch):
    monkeypatch.setattr(iceberg_json, "_CHUNK_BYTES", 4099)
    rows = _rows(3)
    text = json.dumps(json.loads(_file_text(rows)), indent=1)
    position = text.index("]", text.index(rows[2]["id"]))  # the end of row 2's band_1
    broken = text[:position] + "}" + text[position + 1:]
    line = broken.count("\n", 0, position) + 1
    column = position - broken.rfind("\n", 0, position)
    message = _message(_write_text(tmp_path, broken))
    assert (f"malformed JSON in row 2 (0-based) at line {line}, column {column} "
            f"(character {position})") in message


@pytest.mark.parametrize(("cut", "fragment"), [
    (lambda text: text[:-1], "malformed JSON in row 2 (0-based)"),
    (lambda text: text[:len(text) // 2], "malformed JSON in row 1 (0-based)"),
    (lambda text: text[:-1] + ",]", "malformed JSON in row 3 (0-based)"),
    (lambda text: text[:-1] + " 5]", "malformed JSON in row 2 (0-based)"),
    (lambda text: text + "\n[]", "unexpected text after the closing ']' of the array at line 2, column 1"),
])
def test_truncated_or_extra_text(tmp_path, cut, fragment):
    path = _write_text(tmp_path, cut(_file_text(_rows(3))))
    message = _message(path)
    assert message.startswith(str(path)) and fragment in message


def _mutated(tmp_path, change, *, count=4, labelled=True) -> tuple[Path, list[dict]]:
    rows = _rows(count)
    change(rows)
    return write_sar_json(tmp_path / "bad.json", rows), rows


ROW_PREFIX = "{path}, row {row} (0-based), id \"{id}\": "

BAD_ROWS = [
    # (name, change to the rows, bad row, message after the prefix)
    ("missing band", lambda rows: rows[2].pop("band_2"), 2,
     "missing field 'band_2'. Every row needs the fields id, band_1, band_2, inc_angle, is_iceberg."),
    ("missing angle", lambda rows: rows[1].pop("inc_angle"), 1, "missing field 'inc_angle'."),
    ("missing label", lambda rows: rows[3].pop("is_iceberg"), 3, "missing field 'is_iceberg'."),
    ("short band", lambda rows: rows.__setitem__(1, {**rows[1], "band_1": rows[1]["band_1"][:-1]}), 1,
     "field 'band_1' must be a list of exactly 5625 numbers (75x75 dB values, row by row), "
     "found a list of 5624 values."),
    ("long band", lambda rows: rows[2].update(band_2=[-20.0] * 5626), 2,
     "field 'band_2' must be a list of exactly 5625 numbers (75x75 dB values, row by row), "
     "found a list of 5626 values."),
    ("empty band", lambda rows: rows[0].update(band_1=[]), 0, "found a list of 0 values."),
    ("band as text", lambda rows: rows[1].update(band_1="-20.1,-20.3"), 1,
     "must be a list of exactly 5625 numbers (75x75 dB values, row by row), found \"-20.1,-20.3\"."),
    ("band as object", lambda rows: rows[1].update(band_2={"0": 1.0}), 1, "found a JSON object."),
    ("band of rows", lambda rows: rows[1].update(band_1=[[-20.0] * 75] * 75), 1, "found a list of 75 values."),
    ("text in band", lambda rows: rows[2].update(band_1=[-20.0] * 17 + ["-20.5"] + [-20.0] * 5607), 2,
     "field 'band_1' must hold only numbers, found \"-20.5\" at index 17."),
    ("null in band", lambda rows: rows[2].update(band_2=[-20.0] * 5624 + [None]), 2,
     "field 'band_2' must hold only numbers, found null at index 5624."),
    ("bool in band", lambda rows: rows[1].update(band_1=[True] + [-20.0] * 5624), 1,
     "must hold only numbers, found true at index 0."),
    ("NaN in band", lambda rows: rows[3].update(band_2=[-20.0] * 5 + [float("nan")] + [-20.0] * 5619), 3,
     "field 'band_2' holds NaN at index 5; expected finite dB values within float32's range."),
    ("Infinity in band",
     lambda rows: rows[1].update(band_1=[-20.0] * 9 + [float("-inf")] + [-20.0] * 5615), 1,
     "field 'band_1' holds -Infinity at index 9;"),
    ("float32 overflow", lambda rows: rows[1].update(band_1=[-20.0] * 2 + [1e39] + [-20.0] * 5622), 1,
     "field 'band_1' holds 1e+39 at index 2;"),
    ("huge integer", lambda rows: rows[1].update(band_1=[-20.0] * 3 + [10 ** 400] + [-20.0] * 5621), 1,
     "field 'band_1' holds 1000000000000000000000000000000000000... at index 3;"),
    ("angle as text", lambda rows: rows[2].update(inc_angle="43.1"), 2,
     "field 'inc_angle' must be the incidence angle in degrees (a number from 0 to 90) or the string "
     "\"na\", found \"43.1\"."),
    ("angle NA", lambda rows: rows[2].update(inc_angle="NA"), 2, "found \"NA\"."),
    ("angle null", lambda rows: rows[0].update(inc_angle=None), 0, "found null."),
    ("angle bool", lambda rows: rows[0].update(inc_angle=True), 0, "found true."),
    ("angle negative", lambda rows: rows[0].update(inc_angle=-1.5), 0, "found -1.5."),
    ("angle over 90", lambda rows: rows[0].update(inc_angle=91), 0, "found 91."),
    ("angle NaN", lambda rows: rows[0].update(inc_angle=float("nan")), 0, "found NaN."),
    ("label 2", lambda rows: rows[1].update(is_iceberg=2), 1,
     "field 'is_iceberg' must be 0 (ship) or 1 (iceberg), found 2."),
    ("label text", lambda rows: rows[1].update(is_iceberg="1"), 1, "found \"1\"."),
    ("label float", lambda rows: rows[1].update(is_iceberg=1.0), 1, "found 1.0."),
    ("label bool", lambda rows: rows[1].update(is_iceberg=True), 1, "found true."),
    ("label null", lambda rows: rows[1].update(is_iceberg=None), 1, "found null."),
]


@pytest.mark.parametrize(("change", "bad_row", "expected"), [case[1:] for case in BAD_ROWS],
                         ids=[case[0] for case in BAD_ROWS])
def test_bad_row_names_file_row_and_id(tmp_path, change, bad_row, expected):
    path, rows = _mutated(tmp_path, change)
    message = _message(path)
    prefix = ROW_PREFIX.format(path=path, row=bad_row, id=rows[bad_row]["id"])
    assert message.startswith(prefix) and expected in message


@pytest.mark.parametrize(("value", "found"), [
    ([1, 2], "a JSON array"), ("row", "\"row\""), (None, "null"), (3.5, "3.5"),
])
def test_row_not_an_object(tmp_path, value, found):
    path, _ = _mutated(tmp_path, lambda rows: rows.__setitem__(2, value))
    assert _message(path) == (f"{path}, row 2 (0-based): expected a JSON object with the fields id, "
                              f"band_1, band_2, inc_angle (and is_iceberg in train.json), found {found}.")


def test_missing_id(tmp_path):
    path, _ = _mutated(tmp_path, lambda rows: rows[1].pop("id"))
    assert _message(path).startswith(f"{path}, row 1 (0-based), id (no id): missing field 'id'.")


@pytest.mark.parametrize(("value", "found"),
                         [("", '""'), (17, "17"), (None, "null"), (["a"], "a JSON array")])
def test_bad_id(tmp_path, value, found):
    path, _ = _mutated(tmp_path, lambda rows: rows[1].update(id=value))
    assert _message(path) == (f"{path}, row 1 (0-based): field 'id' must be a non-empty string, "
                              f"found {found}.")


def test_duplicate_id(tmp_path):
    path, rows = _mutated(tmp_path, lambda rows: rows[3].update(id=rows[1]["id"]))
    assert _message(path) == (f"{path}, row 3 (0-based): id \"{rows[1]['id']}\" is already used by "
                              "row 1; every row needs its own id.")


def test_first_bad_row_is_reported(tmp_path):
    def two_faults(rows):
        rows[3].update(inc_angle="?")
        rows[1].update(band_2=[0.0] * 10)

    path, rows = _mutated(tmp_path, two_faults)
    assert f"row 1 (0-based), id \"{rows[1]['id']}\": field 'band_2'" in _message(path)


def test_label_not_needed_when_unlabelled(tmp_path):
    path, rows = _mutated(tmp_path, lambda rows: [row.pop("is_iceberg") for row in rows])
    assert read_iceberg_json(path, labelled=False).ids == [row["id"] for row in rows]
    assert "missing field 'is_iceberg'" in _message(path, labelled=True)


def test_unlabelled_needs_the_other_fields(tmp_path):
    path, rows = _mutated(tmp_path, lambda rows: rows[0].pop("inc_angle"))
    assert "Every row needs the fields id, band_1, band_2, inc_angle." in _message(path, labelled=False)


# ---------------------------------------------------------------- fuzzing

_FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read_bytes(content: bytes, *, labelled: bool) -> IcebergRows | None:
    """Read ``content`` from a scratch file: rows, or None after a DataError. Nothing else may escape."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.json"
        path.write_bytes(content)
        try:
            return read_iceberg_json(path, labelled=labelled)
        except DataError as error:
            assert str(path) in str(error)
            return None


@_FUZZ
@given(st.binary(max_size=2000), st.booleans())
def test_random_bytes_only_fail_with_data_error(content, labelled):
    _read_bytes(content, labelled=labelled)


@_FUZZ
@given(st.sampled_from([b"[", b"[{", b"\x1f\x8b", b"\xef\xbb\xbf[", b"[[", b'[{"id"']),
       st.binary(max_size=500))
def test_prefixed_random_bytes_only_fail_with_data_error(prefix, content):
    _read_bytes(prefix + content, labelled=True)


_VALID_TEXT = _file_text(_rows(2, seed=5, decimals=1)).encode()


@_FUZZ
@given(st.lists(st.tuples(st.integers(0, len(_VALID_TEXT) - 1), st.integers(0, 2),
                          st.binary(max_size=4)), min_size=1, max_size=4),
       st.booleans())
def test_mutated_json_only_fails_with_data_error(edits, compress):
    content = bytearray(_VALID_TEXT)
    for position, kind, data in edits:
        position = min(position, len(content))
        if kind == 0:  # overwrite
            content[position:position + len(data)] = data
        elif kind == 1:  # insert
            content[position:position] = data
        else:  # delete
            del content[position:position + 1 + len(data)]
    result = _read_bytes(gzip.compress(bytes(content)) if compress else bytes(content), labelled=True)
    if result is not None:
        assert result.bands.shape == (len(result.ids), 75, 75, 2)
        assert np.isfinite(result.bands).all() and set(result.is_iceberg.tolist()) <= {0, 1}


json_scalars = (st.none() | st.booleans() | st.integers(-10**30, 10**30) | st.floats()
                | st.text(max_size=8))
json_values = st.recursive(json_scalars, lambda children: st.lists(children, max_size=3)
                           | st.dictionaries(st.text(max_size=6), children, max_size=3), max_leaves=8)


@_FUZZ
@given(json_values)
def test_random_json_values_fail_with_data_error(value):
    assert _read_bytes(json.dumps(value).encode(), labelled=False) is None


_GOOD_BAND = [-20.5] * BAND
_BANDS = {  # band variants and whether they are valid
    "good": (_GOOD_BAND, True), "short": (_GOOD_BAND[:-1], False),
    "nan": ([float("nan")] + _GOOD_BAND[1:], False), "text": (["x"] + _GOOD_BAND[1:], False),
    "ints": ([-20] * BAND, True),
}
angles = (st.just("na") | st.floats(-1, 100) | st.integers(-5, 95) | st.text(max_size=3)
          | st.none() | st.booleans())
labels = st.sampled_from([0, 1, 2, -1, True, False, 0.0, 1.0, "0", None])
rows_strategy = st.lists(st.fixed_dictionaries({
    "id": st.sampled_from(["a", "b", "c", "d", "e"]),
    "band_1": st.sampled_from(sorted(_BANDS)), "band_2": st.sampled_from(sorted(_BANDS)),
    "inc_angle": angles, "is_iceberg": labels,
}), min_size=1, max_size=4)


def _first_bad(rows) -> int | None:
    """An independent statement of the rules: the index of the first bad row."""
    seen = set()
    for index, row in enumerate(rows):
        angle, label = row["inc_angle"], row["is_iceberg"]
        angle_ok = angle == "na" or (type(angle) in (int, float) and 0 <= angle <= 90)
        label_ok = type(label) is int and label in (0, 1)
        bands_ok = _BANDS[row["band_1"]][1] and _BANDS[row["band_2"]][1]
        if not (angle_ok and label_ok and bands_ok) or row["id"] in seen:
            return index
        seen.add(row["id"])
    return None


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows_strategy)
def test_rows_are_accepted_exactly_when_valid(rows):
    written = [{**row, "band_1": _BANDS[row["band_1"]][0], "band_2": _BANDS[row["band_2"]][0]}
               for row in rows]
    with tempfile.TemporaryDirectory() as folder:
        path = write_sar_json(Path(folder) / "rows.json", written)
        bad = _first_bad(rows)
        if bad is None:
            result = read_iceberg_json(path, labelled=True)
            assert result.ids == [row["id"] for row in rows]
            assert result.is_iceberg.tolist() == [row["is_iceberg"] for row in rows]
            np.testing.assert_array_equal(np.isnan(result.inc_angle),
                                          [row["inc_angle"] == "na" for row in rows])
        else:
            with pytest.raises(DataError, match=rf", row {bad} \(0-based\)"):
                read_iceberg_json(path, labelled=True)
