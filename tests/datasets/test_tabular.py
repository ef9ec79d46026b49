"""read_numeric_csv: every way a CSV can be wrong gets one exact, actionable message."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fourfold.datasets.tabular import read_numeric_csv, read_text
from fourfold.errors import EXIT_DATA, DataError
from fourfold.messages import set_language


def write(folder: Path, content: str | bytes, name: str = "data.csv") -> Path:
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def error_of(path: Path, **options) -> str:
    with pytest.raises(DataError) as caught:
        read_numeric_csv(path, **options)
    assert caught.value.exit_code == EXIT_DATA
    return str(caught.value)


# --- reading what is right ---------------------------------------------------------------


def test_reads_numbers_as_float64_in_file_order(tmp_path):
    path = write(tmp_path, "a,b,c\n1,2.5,-3e2\n4, 5 ,6\n")

    frame = read_numeric_csv(path)

    assert list(frame.columns) == ["a", "b", "c"]
    assert (frame.dtypes == np.float64).all()
    assert frame.to_numpy().tolist() == [[1.0, 2.5, -300.0], [4.0, 5.0, 6.0]]
    assert frame.index.tolist() == [0, 1]


def test_accepts_the_real_boston_format(tmp_path):
    """Quoted header, CRLF line ends, a UTF-8 byte-order mark, trailing blank lines."""
    path = write(tmp_path, b'\xef\xbb\xbf"CRIM","ZN","MEDV"\r\n0.00632,18,24\r\n0.02731,0,21.6\r\n\r\n')

    frame = read_numeric_csv(path, required_columns=["CRIM", "ZN", "MEDV"])

    assert frame.to_numpy().tolist() == [[0.00632, 18.0, 24.0], [0.02731, 0.0, 21.6]]


def test_required_columns_come_in_the_order_asked(tmp_path):
    path = write(tmp_path, "b,a\n1,2\n")

    frame = read_numeric_csv(path, required_columns=["a", "b"])

    assert list(frame.columns) == ["a", "b"] and frame.iloc[0].tolist() == [2.0, 1.0]


def test_allowed_extra_columns_follow_the_required_ones(tmp_path):
    path = write(tmp_path, "x,a,y\n1,2,3\n")

    frame = read_numeric_csv(path, required_columns=["a"], allowed_extra=True)

    assert list(frame.columns) == ["a", "x", "y"]


def test_ignored_columns_are_dropped_unread(tmp_path):
    path = write(tmp_path, "a,id\n1,house-1\n")

    frame = read_numeric_csv(path, required_columns=["a"], ignored_columns=["id"])

    assert list(frame.columns) == ["a"] and frame.to_numpy().tolist() == [[1.0]]


def test_gzipped_file_is_read(tmp_path):
    path = write(tmp_path, gzip.compress(b"a,b\n1,2\n", mtime=0), "data.csv.gz")

    assert read_numeric_csv(path).to_numpy().tolist() == [[1.0, 2.0]]


def test_skip_lines_skips_a_preamble_and_keeps_line_numbers(tmp_path):
    path = write(tmp_path, "506,13\na,b\n1,x\n")

    message = error_of(path, skip_lines=1)

    assert message == (f"{path}, line 3, column 'b': expected a finite number, found 'x'. Correct the "
                       "value (a dot as the decimal mark, no thousands separators) or remove the row.")


# --- what is wrong, with the exact message -----------------------------------------------


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"], ids=["zero-bytes", "blank-lines"])
def test_empty_file(tmp_path, content):
    path = write(tmp_path, content)

    assert error_of(path) == (f"{path} is empty: expected a CSV file with a header line naming the "
                              "columns, then one line of numbers per row.")


def test_header_only(tmp_path):
    path = write(tmp_path, "a,b\n")

    assert error_of(path) == (f"{path} has a header line (line 1) but no data rows: add one line of "
                              "numbers per row below it.")


def test_missing_columns_are_listed(tmp_path):
    path = write(tmp_path, "a,c\n1,2\n")

    assert error_of(path, required_columns=["a", "b", "c", "d"]) == (
        f"{path}: missing column(s) b, d. The header line (line 1) must name the columns a, b, c, d; "
        "found a, c.")


def test_extra_columns_are_listed_when_not_allowed(tmp_path):
    path = write(tmp_path, "a,x,b,y\n1,2,3,4\n")

    assert error_of(path, required_columns=["a", "b"]) == (
        f"{path}: unexpected column(s) x, y. Expected only the columns a, b; found a, x, b, y. "
        "Remove the extra columns and try again.")


def test_missing_and_extra_columns_in_one_message(tmp_path):
    path = write(tmp_path, "a,x\n1,2\n")

    assert error_of(path, required_columns=["a", "b"]) == (
        f"{path}: the columns do not match: missing b; unexpected x. The header line (line 1) must "
        "name the columns a, b; found a, x.")


def test_first_non_numeric_cell_in_file_order(tmp_path):
    """Line 3 comes before line 4 even though line 4's bad cell is in an earlier column;
    the blank line 2 still counts."""
    path = write(tmp_path, "a,b,c\n\n1,2,oops\nx,2,3\n")

    assert error_of(path) == (f"{path}, line 3, column 'c': expected a finite number, found 'oops'. "
                              "Correct the value (a dot as the decimal mark, no thousands separators) "
                              "or remove the row.")


@pytest.mark.parametrize("cell", ["inf", "1e400", "1,5", "1_000", "0x1F", "True"])
def test_not_a_finite_number(tmp_path, cell):
    path = write(tmp_path, f'a\n1\n"{cell}"\n')

    assert error_of(path).startswith(f"{path}, line 3, column 'a': expected a finite number, "
                                     f"found {cell!r}.")


@pytest.mark.parametrize(("row", "shown"), [("1,", "''"), ("1,NA", "'NA'"), ("1, nan ", "' nan '")])
def test_missing_value(tmp_path, row, shown):
    path = write(tmp_path, f"a,b\n1,2\n{row}\n")

    assert error_of(path) == (f"{path}, line 3, column 'b': missing value ({shown}). Every cell must "
                              "hold a number: fill it in or remove the row.")


def test_long_cells_are_cut_in_the_message(tmp_path):
    path = write(tmp_path, "a\n" + "z" * 100 + "\n")

    assert f"found '{'z' * 40}\u2026'. Correct" in error_of(path)


@pytest.mark.parametrize(("row", "found"), [("1,2,3", 3), ("1", 1)], ids=["too-many", "too-few"])
def test_ragged_rows(tmp_path, row, found):
    path = write(tmp_path, f"a,b\n1,2\n{row}\n")

    assert error_of(path) == (f"{path}, line 3: expected 2 values (one per column of the header on "
                              f"line 1), found {found}. Check that line for a missing or extra comma; "
                              "a value containing a comma must be quoted.")


def test_missing_file(tmp_path):
    path = tmp_path / "absent.csv"

    assert error_of(path) == (f"Cannot read {path}: No such file or directory. Check that the file "
                              "exists and can be read.")


def test_a_folder_is_unreadable(tmp_path):
    assert error_of(tmp_path).startswith(f"Cannot read {tmp_path}: Is a directory.")


def test_not_utf8_names_the_line(tmp_path):
    path = write(tmp_path, "a\n1\ncaf\xe9\n".encode("latin-1"))

    assert error_of(path) == (f"{path}, line 3: byte 0xe9 is not UTF-8 text. Save the file as UTF-8 "
                              "(in Excel: 'CSV UTF-8 (comma delimited)') and try again.")


def test_broken_gzip(tmp_path):
    path = write(tmp_path, gzip.compress(b"a,b\n1,2\n" * 50)[:30], "data.csv.gz")

    assert error_of(path).startswith(f"{path} starts like a gzip file but cannot be decompressed (")


def test_csv_syntax_error_names_the_line(tmp_path):
    path = write(tmp_path, "a\n1\n" + "9" * 200_000 + "\n")

    assert error_of(path) == (f"{path}, line 3: not readable as CSV (field larger than field limit "
                              "(131072)). Check the quotes on that line: a value containing a comma "
                              "or a line break must be enclosed in double quotes.")


def test_unnamed_column(tmp_path):
    path = write(tmp_path, "a,b,\n1,2,\n")

    assert error_of(path) == (f"{path}, line 1: column 3 of the header has no name. Give every column "
                              "a name (a trailing comma adds an unnamed column: remove it).")


def test_duplicate_column(tmp_path):
    path = write(tmp_path, "a,b,a\n1,2,3\n")

    assert error_of(path) == (f"{path}, line 1: the column name 'a' appears twice (columns 1 and 3). "
                              "Give each column a different name.")


def test_semicolons_instead_of_commas(tmp_path):
    path = write(tmp_path, "a;b\n1;2\n")

    assert error_of(path) == (f"{path}, line 1: the header is a single column 'a;b'; expected column "
                              "names separated by commas. Save the file with commas (,) between the "
                              "values.")


def test_messages_in_korean(tmp_path):
    path = write(tmp_path, "a\n\n")
    set_language("ko")
    try:
        message = error_of(path)
    finally:
        set_language(None)

    assert message == (f"{path}에 헤더 줄(1번째 줄)은 있지만 데이터 행이 없습니다. 그 아래에 행마다 숫자 "
                       "한 줄을 추가하세요.")


def test_read_text_strips_the_byte_order_mark(tmp_path):
    assert read_text(write(tmp_path, b"\xef\xbb\xbfa\n")) == "a\n"


# --- whatever the bytes: a frame of finite float64, or DataError ------------------------

_VALID = b'"a","b","c"\r\n1,2.5,3\r\n-4,5e-1,6\r\n7,8,9\r\n'


@st.composite
def mutated_csv(draw) -> bytes:
    """A valid CSV with a few bytes replaced, inserted or deleted."""
    data = bytearray(_VALID)
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(data)))
        byte = draw(st.one_of(st.sampled_from(list(b',"\r\n ;\x00\xff\xe9.-eNa1')),
                              st.integers(0, 255)))
        action = draw(st.sampled_from(["replace", "insert", "delete"]))
        if action == "insert" or position == len(data):
            data.insert(position, byte)
        elif action == "replace":
            data[position] = byte
        else:
            del data[position]
    return bytes(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(st.binary(max_size=200), mutated_csv(),
                         st.text(alphabet=',"\n\r 0123456789.eE-+abNn;\t', max_size=120).map(str.encode)),
       required=st.sampled_from([None, ["a", "b", "c"], ["a"]]),
       allowed_extra=st.booleans())
def test_only_data_error_or_a_clean_frame(tmp_path, content, required, allowed_extra):
    path = write(tmp_path, content)
    try:
        frame = read_numeric_csv(path, required_columns=required, allowed_extra=allowed_extra)
    except DataError as error:
        assert str(path) in str(error)
        return
    assert isinstance(frame, pd.DataFrame) and len(frame) > 0
    assert (frame.dtypes == np.float64).all() and np.isfinite(frame.to_numpy()).all()
    if required is not None:
        assert list(frame.columns[:len(required)]) == required
