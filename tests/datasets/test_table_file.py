"""Reading users' tables: delimiters, compression, block joining, header errors."""

from __future__ import annotations

import bz2
import gzip

import numpy as np
import pandas as pd
import pytest

from fourfold.datasets import table_file
from fourfold.datasets.table_file import is_table_file, read_table
from fourfold.errors import DataError

ROWS = "a,b,c\n1,x,2.5\n2,y,\n3,x,4.0\n"


@pytest.mark.parametrize("name, expected", [
    ("data.csv", True), ("data.TSV", True), ("data.csv.gz", True), ("data.tsv.bz2", True),
    ("data.parquet", True), ("data.txt.xz", True), ("recipe.yaml", False), ("photo.jpg", False),
    ("data.gz", False),
])
def test_table_files_are_told_by_their_ending(name, expected):
    assert is_table_file(name) is expected


@pytest.mark.parametrize("name, write", [
    ("t.csv", lambda path, text: path.write_text(text)),
    ("t.csv.gz", lambda path, text: path.write_bytes(gzip.compress(text.encode()))),
    ("t.csv.bz2", lambda path, text: path.write_bytes(bz2.compress(text.encode()))),
    ("t.tsv", lambda path, text: path.write_text(text.replace(",", "\t"))),
    ("semicolons.csv", lambda path, text: path.write_text(text.replace(",", ";"))),
])
def test_every_form_reads_to_the_same_frame(tmp_path, name, write):
    path = tmp_path / name
    write(path, ROWS)
    frame = read_table(path)
    assert list(frame.columns) == ["a", "b", "c"]
    assert frame["a"].tolist() == [1, 2, 3]
    assert isinstance(frame["b"].dtype, pd.CategoricalDtype)
    assert frame["b"].astype(object).tolist() == ["x", "y", "x"]
    assert np.isnan(frame["c"][1]) and frame["c"][2] == 4.0


def test_missing_markers_and_a_byte_order_mark(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("\ufeffa,b\n1, ?\nNA,z\n".encode("utf-8"))
    frame = read_table(path)
    assert list(frame.columns) == ["a", "b"]
    assert frame["a"].isna().tolist() == [False, True]
    assert frame["b"].isna().tolist() == [True, False]


def test_blocks_with_numbers_in_one_and_text_in_another_join_as_text(tmp_path, monkeypatch):
    monkeypatch.setattr(table_file, "BLOCK_ROWS", 2)
    path = tmp_path / "t.csv"
    path.write_text("code,value\n1,1.5\n2,2.5\nA3,3.5\n4,\n")
    frame = read_table(path)
    assert isinstance(frame["code"].dtype, pd.CategoricalDtype)
    assert frame["code"].astype(object).tolist() == ["1", "2", "A3", "4"]
    assert frame["value"].dtype == np.float64 and len(frame) == 4


@pytest.mark.parametrize("content, message", [
    ("", "is empty"),
    ("a,b\n", "has a header but no data rows"),
    ("a,,c\n1,2,3\n", "header line: column 2 has no name"),
    ("a,b,a\n1,2,3\n", "header line: column 3 repeats the name 'a' of column 1"),
    ("a,b\n1,2\n3,4,5\n", "is not a well-formed table"),
])
def test_broken_tables_are_named(tmp_path, content, message):
    path = tmp_path / "broken.csv"
    path.write_text(content)
    with pytest.raises(DataError, match=message) as error:
        read_table(path)
    assert str(path) in str(error.value)


def test_not_utf8_is_named(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("name,x\ncaf\xe9,1\n".encode("latin-1"))
    with pytest.raises(DataError, match="is not UTF-8 text.*Save it as UTF-8"):
        read_table(path)


def test_a_missing_file_and_missing_columns_are_named(tmp_path):
    with pytest.raises(DataError, match="nothere.csv: no such file"):
        read_table(tmp_path / "nothere.csv")
    path = tmp_path / "t.csv"
    path.write_text(ROWS)
    with pytest.raises(DataError, match="has no column z. Its columns: a, b, c"):
        read_table(path, columns=["a", "z"])


def test_parquet_needs_pyarrow_or_reads(tmp_path):
    path = tmp_path / "t.parquet"
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        path.write_bytes(b"PAR1")
        with pytest.raises(DataError, match="reading Parquet needs pyarrow: pip install pyarrow"):
            read_table(path)
        return
    pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}).to_parquet(path)
    frame = read_table(path)
    assert frame["a"].tolist() == [1, 2]
    assert isinstance(frame["b"].dtype, pd.CategoricalDtype)
