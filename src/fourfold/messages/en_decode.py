"""English messages about decoding images: bit depths, special files, damaged photos."""

DECODE = {
}
