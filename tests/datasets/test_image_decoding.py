"""Every picture Pillow opens decodes to its 8-bit equivalent: each case is built from one
8-bit picture (NumPy -> Pillow in that mode -> a PNG, TIFF, PGM or JPEG file) and the
decoded array is compared with the 8-bit picture, exactly for lossless files. Also the
photo cache: a damaged, truncated or wrong-shaped cache file is rebuilt, never read."""

from __future__ import annotations

import io
import logging
import struct
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageCms

from fourfold.datasets import images as images_module
from fourfold.datasets.images import (
    ImageFormat,
    ImageSet,
    cache_file,
    decode_image,
    marker_path,
    read_image,
)
from fourfold.errors import DataError

HEIGHT, WIDTH = 12, 10
ROWS, COLUMNS = np.mgrid[0:HEIGHT, 0:WIDTH]
#: The 8-bit pictures every case is built from: a grey ramp and a smooth colour one.
GREY = (ROWS * 20 + COLUMNS * 2).astype(np.uint8)
RGB = np.stack([ROWS * 20, COLUMNS * 25, 120 + ROWS * 5], axis=-1).astype(np.uint8)
GREY_FORMAT, RGB_FORMAT = ImageFormat(HEIGHT, WIDTH, 1), ImageFormat(HEIGHT, WIDTH, 3)


def _grey(array: np.ndarray) -> np.ndarray:
    return array.reshape(HEIGHT, WIDTH, 1)


def _save(image: Image.Image, path: Path, **options) -> Path:
    image.save(path, **options)
    return path


def _tiff_16_big_endian(path: Path) -> Path:
    raw = (GREY.astype(">u2") * 257).tobytes()
    return _save(Image.frombytes("I;16B", (WIDTH, HEIGHT), raw), path)


GREY_CASES = {
    # mode and file: (builder, mode Pillow opens the file in)
    "I;16 png": (lambda p: _save(Image.fromarray(GREY.astype(np.uint16) * 257), p / "a.png"),
                 "I;16"),
    "I;16 tiff": (lambda p: _save(Image.fromarray(GREY.astype(np.uint16) * 257), p / "a.tif"),
                  "I;16"),
    "I;16B tiff": (lambda p: _tiff_16_big_endian(p / "a.tif"), "I;16B"),
    "I 16-bit pgm": (lambda p: _save(Image.fromarray(GREY.astype(np.uint16) * 257), p / "a.pgm"),
                     "I"),
    "I 32-bit tiff": (lambda p: _save(Image.fromarray(
        np.rint(GREY * ((2 ** 31 - 1) / 255)).astype(np.int32)), p / "a.tif"), "I"),
    "F tiff": (lambda p: _save(Image.fromarray((GREY / 255).astype(np.float32)), p / "a.tif"),
               "F"),
    "L png": (lambda p: _save(Image.fromarray(GREY), p / "a.png"), "L"),
}


@pytest.mark.parametrize("case", sorted(GREY_CASES))
def test_high_bit_depth_greyscale_decodes_to_its_8_bit_equivalent(tmp_path, case):
    build, opened_as = GREY_CASES[case]
    path = build(tmp_path)
    with Image.open(path) as image:
        assert image.mode == opened_as  # the case really exercises that mode
    np.testing.assert_array_equal(decode_image(path, GREY_FORMAT), _grey(GREY))
    expected_rgb = np.repeat(_grey(GREY), 3, axis=-1)
    np.testing.assert_array_equal(decode_image(path, RGB_FORMAT), expected_rgb)


def test_a_16_bit_png_is_not_a_white_picture(tmp_path):
    """The bug of issue 12: Pillow's own conversion clips 16-bit values to 255."""
    path = _save(Image.fromarray(GREY.astype(np.uint16) * 257), tmp_path / "deep.png")
    with Image.open(path) as image:
        clipped = np.asarray(image.convert("L"))  # what decoding used to give
    assert (clipped[GREY > 0] == 255).all()
    np.testing.assert_array_equal(decode_image(path, GREY_FORMAT), _grey(GREY))


def test_one_bit_pictures_are_black_and_white(tmp_path):
    path = _save(Image.fromarray(GREY >= 128), tmp_path / "bits.png")
    with Image.open(path) as image:
        assert image.mode == "1"
    expected = np.where(GREY >= 128, 255, 0).astype(np.uint8)
    np.testing.assert_array_equal(decode_image(path, GREY_FORMAT), _grey(expected))


PALETTE = np.array([[0, 0, 0], [255, 0, 0], [0, 128, 255], [200, 200, 40]], dtype=np.uint8)
INDICES = (ROWS + COLUMNS) % len(PALETTE)


def _palette_image() -> Image.Image:
    image = Image.frombytes("P", (WIDTH, HEIGHT), INDICES.astype(np.uint8).tobytes())
    image.putpalette(PALETTE.reshape(-1).tolist())
    return image


@pytest.mark.parametrize("suffix", [".png", ".tif", ".gif"])
def test_palette_pictures_decode_to_their_colours(tmp_path, suffix):
    path = _save(_palette_image(), tmp_path / f"palette{suffix}")
    with Image.open(path) as image:
        assert image.mode == "P"
    np.testing.assert_array_equal(decode_image(path, RGB_FORMAT), PALETTE[INDICES])


def test_a_transparent_palette_entry_is_white(tmp_path):
    path = _save(_palette_image(), tmp_path / "clear.png", transparency=2)
    expected = PALETTE[INDICES]
    expected[INDICES == 2] = 255
    np.testing.assert_array_equal(decode_image(path, RGB_FORMAT), expected)


ALPHA = np.where(COLUMNS < 3, 0, np.where(COLUMNS < 6, 255, 128)).astype(np.uint8)


def _on_white(colour: np.ndarray) -> np.ndarray:
    alpha = (ALPHA if colour.ndim == 2 else ALPHA[..., None]).astype(np.float64) / 255
    return colour * alpha + 255 * (1 - alpha)


@pytest.mark.parametrize("suffix", [".png", ".tif"])
def test_alpha_is_composited_on_white(tmp_path, suffix):
    rgba = _save(Image.fromarray(np.dstack([RGB, ALPHA])), tmp_path / f"rgba{suffix}")
    la = _save(Image.merge("LA", [Image.fromarray(GREY), Image.fromarray(ALPHA)]),
               tmp_path / f"la{suffix}")
    for path, colour, image_format in ((rgba, RGB, RGB_FORMAT), (la, _grey(GREY)[..., 0],
                                                                  GREY_FORMAT)):
        decoded = decode_image(path, image_format).astype(np.float64)
        expected = _on_white(colour.astype(np.float64)).reshape(decoded.shape)
        opaque_or_clear = (ALPHA != 128)
        np.testing.assert_array_equal(decoded[opaque_or_clear], np.rint(expected)[opaque_or_clear])
        assert np.abs(decoded - expected).max() <= 1  # half-transparent: rounding only


def _lab(image: Image.Image) -> Image.Image:
    transform = ImageCms.buildTransform(ImageCms.createProfile("sRGB"),
                                        ImageCms.createProfile("LAB"), "RGB", "LAB")
    return ImageCms.applyTransform(image, transform)


COLOUR_CASES = {
    # case: (builder, mode opened, tolerance against the 8-bit picture)
    "CMYK tiff": (lambda p: _save(Image.fromarray(RGB).convert("CMYK"), p / "a.tif"), "CMYK", 0),
    "CMYK jpeg (Adobe, inverted)": (
        lambda p: _save(Image.fromarray(RGB).convert("CMYK"), p / "a.jpg", quality=100),
        "CMYK", 4),
    "CMYK jpeg (no Adobe marker, plain)": (lambda p: _plain_cmyk_jpeg(p / "a.jpg"), "CMYK", 4),
    "YCbCr tiff": (lambda p: _save(Image.fromarray(RGB).convert("YCbCr"), p / "a.tif"),
                   "YCbCr", 3),
    "LAB tiff": (lambda p: _save(_lab(Image.fromarray(RGB)), p / "a.tif"), "LAB", 24),
    "RGB jpeg": (lambda p: _save(Image.fromarray(RGB), p / "a.jpg", quality=100,
                                 subsampling=0), "RGB", 4),
}


def _plain_cmyk_jpeg(path: Path) -> Path:
    """A CMYK JPEG without Adobe's APP14 marker: its samples are stored plain."""
    cmyk = np.asarray(Image.fromarray(RGB).convert("CMYK"))
    buffer = io.BytesIO()
    Image.fromarray(255 - cmyk, "CMYK").save(buffer, "JPEG", quality=100)  # Pillow inverts
    data = buffer.getvalue()
    start = data.find(b"\xff\xee")
    length = struct.unpack(">H", data[start + 2:start + 4])[0]
    path.write_bytes(data[:start] + data[start + 2 + length:])
    return path


@pytest.mark.parametrize("case", sorted(COLOUR_CASES))
def test_colour_modes_decode_to_their_rgb_equivalent(tmp_path, case):
    build, opened_as, tolerance = COLOUR_CASES[case]
    path = build(tmp_path)
    with Image.open(path) as image:
        assert image.mode == opened_as
    decoded = decode_image(path, RGB_FORMAT).astype(int)
    assert np.abs(decoded - RGB.astype(int)).max() <= tolerance


def test_a_lab_file_decodes_as_pillows_colour_conversion_of_its_pixels(tmp_path):
    """LAB's 8-bit encoding loses up to ~24 levels of the sRGB ramp; the file itself
    decodes exactly as Pillow converts the LAB picture it was written from."""
    lab = _lab(Image.fromarray(RGB))
    path = _save(lab, tmp_path / "lab.tif")
    np.testing.assert_array_equal(decode_image(path, RGB_FORMAT), np.asarray(lab.convert("RGB")))


def test_hsv_pictures_are_converted_to_rgb():
    """No file format Pillow writes holds HSV; the conversion itself is checked."""
    hsv = Image.fromarray(RGB).convert("HSV")
    converted = np.asarray(images_module._eight_bit(hsv, "hsv", 255)).astype(int)
    assert np.abs(converted - RGB.astype(int)).max() <= 6


def test_the_exif_orientation_is_applied(tmp_path):
    stored = Image.fromarray(RGB).transpose(Image.Transpose.ROTATE_90)  # as a camera held sideways
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 degrees clockwise to display"
    path = _save(stored, tmp_path / "sideways.png", exif=exif)
    np.testing.assert_array_equal(decode_image(path, RGB_FORMAT), RGB)
    jpeg = _save(stored, tmp_path / "sideways.jpg", exif=exif, quality=100, subsampling=0)
    assert np.abs(decode_image(jpeg, RGB_FORMAT).astype(int) - RGB.astype(int)).max() <= 4


def test_an_animated_image_gives_its_first_frame_and_says_so(tmp_path):
    frames = [Image.fromarray(RGB), Image.fromarray(255 - RGB)]
    path = tmp_path / "moving.png"
    frames[0].save(path, save_all=True, append_images=frames[1:])
    decoded = read_image(path, RGB_FORMAT)
    assert decoded.animated
    np.testing.assert_array_equal(decoded.pixels, RGB)
    still = _save(Image.fromarray(RGB), tmp_path / "still.png")
    assert not read_image(still, RGB_FORMAT).animated


@pytest.mark.parametrize("values, message", [
    (np.full((4, 4), 1.5, np.float32), "holds floating-point pixels from 1.5 to 1.5"),
    (np.full((4, 4), -0.25, np.float32), "holds floating-point pixels from -0.25 to -0.25"),
    (np.full((4, 4), np.nan, np.float32), "NaN or infinite"),
    (np.full((4, 4), -7, np.int32), "holds pixels from -7 to -7, outside its format's range "
                                    "0..2147483647"),
])
def test_values_outside_the_formats_range_are_refused_not_stretched(tmp_path, values, message):
    path = _save(Image.fromarray(values), tmp_path / "odd.tif")
    with pytest.raises(DataError) as raised:
        decode_image(path, GREY_FORMAT)
    assert str(raised.value).startswith(f"{path} ") and message in str(raised.value)
    assert raised.value.exit_code == 3


def test_the_same_pixels_are_decoded_resized(tmp_path):
    path = _save(Image.fromarray(GREY.astype(np.uint16) * 257), tmp_path / "deep.png")
    reference = _save(Image.fromarray(GREY), tmp_path / "flat.png")
    small = ImageFormat(6, 5, 1)
    np.testing.assert_array_equal(decode_image(path, small), decode_image(reference, small))


# The photo cache -----------------------------------------------------------------------


def _photo_files(folder: Path, count: int = 6) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        paths.append(_save(Image.fromarray(np.roll(RGB, number, axis=0)), folder / f"{number}.png"))
    return paths


def _filled(files: list[Path]) -> ImageSet:
    images = ImageSet(files, [str(path) for path in files], RGB_FORMAT, [p.name for p in files])
    assert images.fill(cache="disk") == []
    return images


def _expected(files: list[Path]) -> np.ndarray:
    return np.stack([decode_image(path, RGB_FORMAT) for path in files])


def test_a_complete_disk_cache_is_reused_with_its_marker(tmp_path):
    files = _photo_files(tmp_path / "photos")
    first = _filled(files)
    cached = cache_file(files, RGB_FORMAT)
    assert cached.is_file() and marker_path(cached).is_file()
    again = _filled(files)
    assert again.cache.complete_on_disk and again.cache.problem is None
    np.testing.assert_array_equal(again[:], first[:])


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-100])


def _garble_pixels(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-50:] = bytes(255 - value for value in data[-50:])
    path.write_bytes(bytes(data))


def _garble_header(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[10:40] = b"{'descr': 'not a header'}     "
    path.write_bytes(bytes(data))


def _wrong_shape(path: Path) -> None:
    np.save(path, np.zeros((2, 3, 4, 5), np.uint8))


def _no_marker(path: Path) -> None:
    marker_path(path).unlink()


def _garble_marker(path: Path) -> None:
    marker_path(path).write_text("{not json")


@pytest.mark.parametrize("damage, problem", [
    (_truncate, "bytes, its marker says"),
    (_garble_pixels, "do not match the checksum"),
    (_garble_header, "header is unreadable"),
    (_wrong_shape, "bytes, its marker says"),
    (_no_marker, "no completeness marker"),
    (_garble_marker, "is unreadable"),
])
def test_a_damaged_disk_cache_is_rebuilt_with_a_one_line_warning(tmp_path, caplog, damage,
                                                                problem):
    files = _photo_files(tmp_path / "photos")
    _filled(files)
    cached = cache_file(files, RGB_FORMAT)
    damage(cached)
    with caplog.at_level(logging.WARNING, logger="fourfold.datasets.images"):
        rebuilt = _filled(files)
    assert rebuilt.cache.problem == caplog.records[0].getMessage()
    assert len(caplog.records) == 1 and "\n" not in rebuilt.cache.problem
    assert rebuilt.cache.problem.startswith(f"The photo cache {cached} is damaged (")
    assert problem in rebuilt.cache.problem and "rebuilt" in rebuilt.cache.problem
    np.testing.assert_array_equal(rebuilt[:], _expected(files))
    caplog.clear()
    healed = _filled(files)  # the rebuilt cache is complete again
    assert healed.cache.complete_on_disk and healed.cache.problem is None and not caplog.records


def test_a_cache_of_another_shape_under_the_same_name_is_rebuilt(tmp_path):
    files = _photo_files(tmp_path / "photos")
    _filled(files)
    cached = cache_file(files, RGB_FORMAT)
    np.save(cached, np.zeros((6, HEIGHT, WIDTH, 1), np.uint8))
    marker = marker_path(cached)
    marker.write_text(marker.read_text().replace(f"[6, {HEIGHT}, {WIDTH}, 3]",
                                                 f"[6, {HEIGHT}, {WIDTH}, 1]"))
    rebuilt = _filled(files)
    assert "it holds uint8 (6, 12, 10, 1), expected uint8 (6, 12, 10, 3)" in rebuilt.cache.problem
    np.testing.assert_array_equal(rebuilt[:], _expected(files))
