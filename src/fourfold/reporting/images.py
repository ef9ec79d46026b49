"""Small images as base64 PNG data URIs, so the report opens offline."""

from __future__ import annotations

import base64
import io
import math

import numpy as np

#: Small images are enlarged (nearest neighbour) until their longer side reaches this.
DISPLAY_SIZE = 56
#: Larger images are shrunk to this longer side, to keep the page light.
MAX_SIZE = 128


def png_data_uri(png: bytes) -> str:
    """``data:image/png;base64,...`` for PNG bytes."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def image_data_uri(image: np.ndarray) -> str:
    """One image as a PNG data URI, enlarged so that a 28x28 digit shows at 56 px.

    Args:
        image: pixels of shape ``(H, W)``, ``(H, W, 1)``, ``(H, W, 3)`` or
            ``(H, W, 4)``; ``uint8`` in [0, 255]. Other dtypes are scaled to
            [0, 255] from their own range. Two-channel images (radar bands)
            show their first channel; a flat vector of a square length (784) is
            shown as a square.

    Returns:
        The data URI, for an ``<img src>``.

    Raises:
        ValueError: for an array that is not an image.
    """
    from PIL import Image

    pixels = _as_uint8(_as_image_shape(np.asarray(image)))
    picture = Image.fromarray(pixels)
    longer = max(picture.size)
    if longer < DISPLAY_SIZE:
        scale = math.ceil(DISPLAY_SIZE / longer)
        picture = picture.resize((picture.width * scale, picture.height * scale),
                                 Image.Resampling.NEAREST)
    elif longer > MAX_SIZE:
        picture.thumbnail((MAX_SIZE, MAX_SIZE), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return png_data_uri(buffer.getvalue())


def _as_image_shape(image: np.ndarray) -> np.ndarray:
    if image.ndim == 1:
        side = math.isqrt(image.size)
        if side * side == image.size and side > 0:
            return image.reshape(side, side)
    if image.ndim == 3:
        channels = image.shape[2]
        if channels == 1 or channels == 2:
            return image[:, :, 0]
        if channels in (3, 4):
            return image
    if image.ndim == 2:
        return image
    raise ValueError(
        "An image must have shape (H, W), (H, W, 1), (H, W, 3) or (H, W, 4); "
        f"received shape {image.shape}."
    )


def _as_uint8(image: np.ndarray) -> np.ndarray:
    if image.dtype == np.uint8:
        return np.ascontiguousarray(image)
    values = image.astype(np.float64)
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return np.zeros(image.shape, dtype=np.uint8)
    low, high = float(finite.min()), float(finite.max())
    if low >= 0.0 and high <= 1.0:
        low, high = 0.0, 1.0  # Already scaled by /255.
    elif low >= 0.0 and high <= 255.0:
        low, high = 0.0, 255.0  # Raw pixels in a wider dtype.
    span = high - low or 1.0
    scaled = np.nan_to_num((values - low) / span, nan=0.0, posinf=1.0, neginf=0.0)
    return np.ascontiguousarray((np.clip(scaled, 0.0, 1.0) * 255).round().astype(np.uint8))
