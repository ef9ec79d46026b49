"""images: arrays to PNG data URIs, enlarged for small digits."""

from __future__ import annotations

import base64
import io

import numpy as np
import pytest
from PIL import Image

from fourfold.reporting.images import image_data_uri


def _decode(uri: str) -> Image.Image:
    prefix = "data:image/png;base64,"
    assert uri.startswith(prefix)
    return Image.open(io.BytesIO(base64.b64decode(uri[len(prefix):])))


@pytest.mark.parametrize(("shape", "dtype", "size", "mode"), [
    ((28, 28), np.uint8, (56, 56), "L"),
    ((28, 28, 1), np.uint8, (56, 56), "L"),
    ((8, 8), np.uint8, (56, 56), "L"),
    ((8, 8, 3), np.uint8, (56, 56), "RGB"),
    ((784,), np.uint8, (56, 56), "L"),
    ((28, 28), np.float32, (56, 56), "L"),
    ((75, 75, 2), np.float32, (75, 75), "L"),
    ((300, 200, 3), np.uint8, (85, 128), "RGB"),
])
def test_image_data_uri_shapes(shape, dtype, size, mode):
    image = np.random.default_rng(0).uniform(0, 1, shape)
    image = (image * 255).astype(dtype) if dtype == np.uint8 else image.astype(dtype)
    picture = _decode(image_data_uri(image))
    assert picture.size == size
    assert picture.mode == mode


def test_nearest_neighbour_keeps_pixels_crisp():
    image = np.array([[0, 255], [255, 0]], dtype=np.uint8)
    pixels = np.asarray(_decode(image_data_uri(image)))
    assert set(np.unique(pixels)) == {0, 255}


def test_scaled_floats_map_to_full_range():
    pixels = np.asarray(_decode(image_data_uri(np.array([[0.0, 1.0]]))))
    assert pixels.min() == 0 and pixels.max() == 255


def test_not_an_image_is_refused():
    with pytest.raises(ValueError, match=r"received shape \(2, 3, 5\)"):
        image_data_uri(np.zeros((2, 3, 5), dtype=np.uint8))
