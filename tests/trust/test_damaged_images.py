"""Trust: a photo that cannot be decoded right is refused by name, never decoded wrong and
never waited on. Special files (FIFOs, sockets, devices), folders, link loops, unreadable,
empty, over-large, truncated, zero-sized, decompression-bomb and changing files: exit 3
naming the file (and the CSV row) through `fourfold run`, or left out and named with
``dataset.skip_bad_rows``. Each unit test runs under a watchdog: a hang fails it."""

from __future__ import annotations

import faulthandler
import io
import os
import socket
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from fourfold.cli import main
from fourfold.datasets import images as images_module
from fourfold.datasets.images import ImageFormat, decode_image
from fourfold.errors import DataError
from tests.support.photos import make_photo_set, recipe_for

pytestmark = pytest.mark.xdist_group("trust")

FORMAT = ImageFormat(8, 8, 3)


@pytest.fixture(autouse=True)
def no_hang():
    """Abort the test process (with every thread's stack) if a read ever blocks."""
    faulthandler.dump_traceback_later(120, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


def _png(size=(8, 8), value=0) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (value, 100, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` pixels (its data is one pixel)."""
    data = bytearray(_png((1, 1)))
    fields = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:33] = fields + struct.pack(">I", zlib.crc32(b"IHDR" + fields))
    return bytes(data)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _socket(path: Path) -> socket.socket:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    return server


def _device(path: Path) -> None:
    os.symlink("/dev/zero", path)  # reading it would never end


def _link_loop(path: Path) -> None:
    os.symlink(path.name, path)


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _truncated(path: Path) -> None:
    noise = np.random.default_rng(0).integers(0, 256, (32, 32, 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(noise).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue()[:1500])  # the pixel data cut short


def _bomb(path: Path) -> None:
    path.write_bytes(_png_header(30000, 30000))


def _zero_width(path: Path) -> None:
    path.write_bytes(_png_header(0, 8))


def _oversized(path: Path) -> None:
    path.write_bytes(_png() + b"\0" * 10_000)  # bytes after IEND: a valid, large PNG


#: Each refusal class: (make the bad file, words of the message after the file's name).
REFUSALS = {
    "fifo": (_fifo, "is a named pipe (FIFO), not a regular file"),
    "socket": (_socket, "is a socket, not a regular file"),
    "device": (_device, "is a character device, not a regular file"),
    "link loop": (_link_loop, "is a symbolic link that never reaches a file"),
    "empty": (_empty, "is empty (0 bytes)"),
    "truncated": (_truncated, "is damaged or truncated"),
    "bomb": (_bomb, "is an image of 900,000,000 pixels, more than the limit of 67,108,864"),
    "zero width": (_zero_width, "not a readable image"),
    "oversized": (_oversized, "bytes; fourfold reads image files of at most 5,000 bytes"),
}


@pytest.fixture
def small_limits(monkeypatch):
    monkeypatch.setattr(images_module, "MAX_FILE_BYTES", 5_000)


def _short_dir(tmp_path: Path) -> Path:
    """A folder whose paths fit a Unix socket's 107 bytes."""
    return tmp_path if len(str(tmp_path)) < 60 else Path(os.path.relpath(tmp_path))


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_each_bad_file_is_refused_by_name(tmp_path, case, small_limits):
    make, words = REFUSALS[case]
    path = tmp_path / "bad.png"
    if case == "socket" and len(str(path)) > 100:
        pytest.skip("tmp_path too long for a Unix socket")
    keep = make(path)
    with pytest.raises(DataError) as raised:
        decode_image(path, FORMAT, origin="photos.csv, row 3 (line 4)")
    message = str(raised.value)
    assert message.startswith(f"photos.csv, row 3 (line 4): {path}") and words in message
    assert raised.value.exit_code == 3
    if keep is not None:
        keep.close()


def test_a_folder_named_as_an_image_is_refused(tmp_path):
    (tmp_path / "photo.png").mkdir()
    with pytest.raises(DataError, match=r"photo\.png is a folder, not an image file"):
        decode_image(tmp_path / "photo.png", FORMAT)


def test_a_broken_link_and_a_missing_file_are_named(tmp_path):
    os.symlink(tmp_path / "gone.png", tmp_path / "link.png")
    with pytest.raises(DataError, match=r"link\.png is a symbolic link to .*gone\.png, which "
                                        "does not exist"):
        decode_image(tmp_path / "link.png", FORMAT)
    with pytest.raises(DataError, match=r"nope\.png does not exist"):
        decode_image(tmp_path / "nope.png", FORMAT)


def test_an_unreadable_file_is_named(tmp_path, monkeypatch):
    path = tmp_path / "secret.png"
    path.write_bytes(_png())
    real_open = os.open

    def denied(name, flags, *args, **kwargs):
        if Path(name) == path:
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(DataError, match=r"secret\.png cannot be read \(Permission denied\)"):
        decode_image(path, FORMAT)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root reads every file whatever its permissions")
def test_a_file_without_read_permission_is_named(tmp_path):
    path = tmp_path / "secret.png"
    path.write_bytes(_png())
    path.chmod(0)
    with pytest.raises(DataError, match=r"secret\.png cannot be read \(Permission denied\)"):
        decode_image(path, FORMAT)


def _growing(monkeypatch, path: Path) -> None:
    """Append to ``path`` whenever Pillow opens an image: a file still being written."""
    real_open = Image.open

    def open_and_append(*args, **kwargs):
        with path.open("ab") as file:
            file.write(b"\0")
        return real_open(*args, **kwargs)

    monkeypatch.setattr(Image, "open", open_and_append)


def test_a_file_that_changes_while_it_is_read_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "busy.png"
    path.write_bytes(_png())
    before = path.stat().st_size
    _growing(monkeypatch, path)
    with pytest.raises(DataError) as raised:
        decode_image(path, FORMAT)
    message = str(raised.value)
    assert message.startswith(f"{path} changed while fourfold read it (size {before:,} -> "
                              f"{before + 1:,} bytes")
    assert "wait until it has finished" in message


def test_a_file_replaced_while_it_is_read_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "swapped.png"
    path.write_bytes(_png())
    real_open = Image.open

    def open_and_replace(*args, **kwargs):
        (tmp_path / "new.png").write_bytes(_png(value=50))
        os.replace(tmp_path / "new.png", path)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(Image, "open", open_and_replace)
    with pytest.raises(DataError, match=r"swapped\.png was replaced while fourfold read it"):
        decode_image(path, FORMAT)


def test_pillows_limits_are_set_explicitly_and_truncated_images_never_completed(tmp_path):
    from PIL import ImageFile

    Image.MAX_IMAGE_PIXELS = None
    ImageFile.LOAD_TRUNCATED_IMAGES = True
    try:
        path = tmp_path / "cut.png"
        _truncated(path)
        with pytest.raises(DataError):
            decode_image(path, FORMAT)
        assert ImageFile.LOAD_TRUNCATED_IMAGES is False
        assert Image.MAX_IMAGE_PIXELS == images_module.MAX_PIXELS
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = False


def test_a_bomb_between_the_limit_and_twice_it_is_refused_without_a_warning(tmp_path, recwarn):
    path = tmp_path / "big.png"
    path.write_bytes(_png_header(9000, 9000))  # Pillow warns only: fourfold refuses
    with pytest.raises(DataError, match="is an image of 81,000,000 pixels, more than the limit"):
        decode_image(path, FORMAT)
    assert not [w for w in recwarn if "decompression bomb" in str(w.message).lower()]


# Through the command line ----------------------------------------------------------------


def _photo_folder(root: Path) -> Path:
    """Two classes of eight 8x8 PNGs each."""
    for number, name in enumerate(("dark", "light")):
        folder = root / name
        folder.mkdir(parents=True)
        for index in range(8):
            (folder / f"{index}.png").write_bytes(_png(value=40 + 150 * number + index))
    return root


def _run(folder: Path, out: Path, *extra: str) -> int:
    return main(["run", str(folder), "--out", str(out), "--epochs", "1", "--quiet", *extra])


CLI_CASES = sorted(REFUSALS) + ["changing"]


@pytest.mark.parametrize("case", CLI_CASES)
def test_fourfold_run_on_a_photo_folder_names_the_bad_file_exit_3(tmp_path, capsys, monkeypatch,
                                                                 case, small_limits):
    folder = _photo_folder(_short_dir(tmp_path) / "p")
    bad = folder / "light" / "bad.png"
    if case == "changing":
        bad.write_bytes(_png())
        _growing(monkeypatch, bad)
        words = "changed while fourfold read it"
    else:
        make, words = REFUSALS[case]
        if case == "socket" and len(str(bad.absolute())) > 100:
            pytest.skip("tmp_path too long for a Unix socket")
        make(bad)
    code = _run(folder, tmp_path / "runs")
    err = capsys.readouterr().err
    assert code == 3, err
    assert f"{bad.absolute()}" in err and words in err
    assert "skip such photo files" not in err and "leave such photo files out" in err
    assert " row" not in err and "Traceback" not in err


def test_skip_bad_rows_leaves_bad_photo_files_out_and_names_the_first(tmp_path, monkeypatch,
                                                                     small_limits):
    folder = _photo_folder(_short_dir(tmp_path) / "p")
    _fifo(folder / "dark" / "a-pipe.png")
    _bomb(folder / "light" / "b-bomb.png")
    frames = [Image.new("RGB", (8, 8), (200, 100, 0)), Image.new("RGB", (8, 8), (0, 0, 0))]
    frames[0].save(folder / "light" / "moving.gif", save_all=True, append_images=frames[1:])
    from fourfold.datasets.config import DatasetConfig
    from fourfold.datasets.image_folder import load_image_folder

    config = DatasetConfig(name="p", folder={"path": str(folder)}, image_size=[8, 8],
                           skip_bad_rows=True)
    data = load_image_folder(config.folder, config)
    assert len(data.x_train) + len(data.x_test) == 17
    notes = " ".join(data.notes)
    assert "photo files that could not be used (dataset.skip_bad_rows); the first:" in notes
    assert "a-pipe.png is a named pipe (FIFO)" in notes or "b-bomb.png is an image" in notes
    assert "image(s) hold several frames" in notes and "moving.gif" in notes


def test_a_fifo_named_in_a_photo_csv_is_exit_3_naming_the_row_and_file(tmp_path, capsys):
    data_dir = make_photo_set(tmp_path / "data", counts=(12, 4, 4), size=12)
    csv = data_dir / "apparel/csv_data/colorinfo/train_color.csv"
    name = csv.read_text().splitlines()[3].split(",")[0]
    photo = data_dir / "apparel" / name.replace("\\", "/")
    photo.unlink()
    _fifo(photo)
    code = main(["run", str(recipe_for(data_dir, tmp_path, epochs=1)), "--out",
                 str(tmp_path / "runs"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 3
    assert f"{csv}, row 3 (line 4): {photo.resolve()} is a named pipe (FIFO)" in err
    assert "dataset.skip_bad_rows" in err and "Traceback" not in err


def test_predict_refuses_a_fifo_without_opening_it(tmp_path, capsys):
    from fourfold.predict.inputs import read_inputs

    pipe = tmp_path / "digit.png"
    _fifo(pipe)
    record = {"input": {"kind": "image", "shape": [28, 28], "background": "dark"}}
    with pytest.raises(DataError, match=r"digit\.png is a named pipe \(FIFO\)"):
        read_inputs([pipe], record)
    folder = tmp_path / "batch"
    folder.mkdir()
    _fifo(folder / "x.png")
    (folder / "ok.png").write_bytes(_png())
    photos = {"input": {"kind": "image", "shape": [8, 8, 3], "image_column": "image"}}
    with pytest.raises(DataError, match=r"x\.png is a named pipe \(FIFO\)"):
        read_inputs([folder], photos)
    np.testing.assert_array_equal(read_inputs([folder / "ok.png"], photos).x[0],
                                  decode_image(folder / "ok.png", FORMAT))
