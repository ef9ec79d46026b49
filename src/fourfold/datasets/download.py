"""Verified, atomic downloads, in the spirit of ``keras.utils.get_file``.

A download streams into a temporary file beside its destination, is checked
against a SHA-256 digest and only then renamed into place. Whatever goes wrong
-- an HTTP error, a connection cut half-way, a wrong checksum, Ctrl-C -- the
temporary file is removed and nothing appears at the destination.

Only ``https://`` is allowed for remote hosts. ``http://`` to this computer
(127.0.0.1, localhost, ::1) and ``file://`` exist so that tests can serve files
without a network.
"""

from __future__ import annotations

import hashlib
import http.client
import logging
import os
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zlib
from pathlib import Path
from typing import BinaryIO

from fourfold.errors import DataError
from fourfold.messages import text

logger = logging.getLogger(__name__)

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_CHUNK_SIZE = 1 << 20


def download(url: str, destination: str | Path, *, sha256: str, decompress: bool = False,
             timeout: float = 60.0) -> Path:
    """Fetch ``url`` to ``destination``, verified by SHA-256, atomically.

    Args:
        url: an ``https://`` URL; ``http://`` only to a loopback host, or
            ``file://``.
        destination: the file to create; its folder is created if needed. An
            existing file there is replaced only by a verified download.
        sha256: expected hex digest of what is stored: of the decompressed
            payload when ``decompress`` is true (gzip wrappers differ between
            mirrors, the payload does not).
        decompress: gunzip the download and store the payload. Defaults to
            `False`.
        timeout: seconds to wait for the server on each blocking operation.
            Defaults to `60.0`.

    Returns:
        ``destination`` as a :class:`~pathlib.Path`.

    Raises:
        DataError: for a refused URL, a folder that cannot be written, an HTTP
            or network error, an incomplete or broken download, or a checksum
            mismatch (giving the expected and received digests and the URL).
        KeyboardInterrupt: passed on, after the temporary file is removed.

    Example:
        >>> download("https://storage.googleapis.com/cvdf-datasets/mnist/"
        ...          "t10k-labels-idx1-ubyte.gz", "t10k-labels-idx1-ubyte",
        ...          sha256="ff7bcfd4...", decompress=True)  # doctest: +SKIP
    """
    check_url(url)
    destination = Path(destination)
    temporary = _temporary_file(destination)
    try:
        with temporary.open("wb") as output:
            digest = _fetch(url, output, decompress=decompress, timeout=timeout)
        if digest != sha256.lower():
            raise DataError(text("data.download.checksum", url=url, expected=sha256.lower(),
                                 received=digest, path=destination))
        os.replace(temporary, destination)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return destination


def check_url(url: str) -> None:
    """Refuse a URL that :func:`download` must not open.

    Args:
        url: the URL to check.

    Raises:
        DataError: unless the URL is ``https://`` with a host, ``http://`` to a
            loopback host, or ``file://`` on this computer.
    """
    if not _is_allowed(url):
        raise DataError(text("data.download.refused_url", url=url))


def _is_allowed(url: str) -> bool:
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname
    except ValueError:
        return False
    if parts.scheme == "https":
        return bool(host)
    if parts.scheme == "http":
        return host in LOOPBACK_HOSTS
    if parts.scheme == "file":
        return host in (None, "localhost")
    return False


def _temporary_file(destination: Path) -> Path:
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=destination.parent, prefix=f".{destination.name}.",
                                        suffix=".part")
    except OSError as error:
        raise DataError(text("data.download.unwritable", path=destination.parent,
                             error=error.strerror or error)) from None
    os.close(handle)
    return Path(name)


def _fetch(url: str, output: BinaryIO, *, decompress: bool, timeout: float) -> str:
    """Stream ``url`` into ``output``; return the hex SHA-256 of what was written."""
    logger.info(text("data.download.start", url=url))
    try:
        with _opener(url).open(url, timeout=timeout) as response:
            return _copy(url, response, output, decompress=decompress)
    except urllib.error.HTTPError as error:
        raise DataError(text("data.download.http_error", url=url, status=error.code,
                             reason=error.reason)) from None
    except urllib.error.URLError as error:
        raise DataError(text("data.download.failed", url=url, error=error.reason)) from None
    except (OSError, http.client.HTTPException) as error:
        raise DataError(text("data.download.failed", url=url,
                             error=str(error) or type(error).__name__)) from None


def _copy(url: str, response: BinaryIO, output: BinaryIO, *, decompress: bool) -> str:
    hasher = hashlib.sha256()
    inflater = _GzipInflater(url) if decompress else None
    received = 0
    try:
        while chunk := response.read(_CHUNK_SIZE):
            received += len(chunk)
            payload = inflater.feed(chunk) if inflater else chunk
            hasher.update(payload)
            output.write(payload)
    except http.client.IncompleteRead as error:
        received += len(error.partial)
        _check_length(url, response, received, force=True)
    _check_length(url, response, received)
    if inflater:
        inflater.finish()
    return hasher.hexdigest()


def _check_length(url: str, response: BinaryIO, received: int, *, force: bool = False) -> None:
    # http.client returns a short body without complaint when the server closes
    # the connection early, so the byte count is checked here.
    headers = getattr(response, "headers", None)
    length = headers.get("Content-Length") if headers is not None else None
    expected = int(length) if length and length.isdigit() else None
    if force or (expected is not None and received != expected):
        raise DataError(text("data.download.incomplete", url=url, received=received,
                             expected=expected if expected is not None else "?"))


class _GzipInflater:
    """Gunzip a stream chunk by chunk, across gzip members."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)

    def feed(self, chunk: bytes) -> bytes:
        """The payload bytes that ``chunk`` completes."""
        parts = []
        try:
            while chunk:
                parts.append(self._decompressor.decompress(chunk))
                chunk = self._decompressor.unused_data if self._decompressor.eof else b""
                if chunk:  # another gzip member follows
                    self._decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        except zlib.error as error:
            raise DataError(text("data.download.bad_gzip", url=self._url, error=error)) from None
        return b"".join(parts)

    def finish(self) -> None:
        """Check that the gzip stream ended properly."""
        if not self._decompressor.eof:
            raise DataError(text("data.download.bad_gzip", url=self._url,
                                 error="the gzip stream ends before its end marker"))


def _opener(url: str) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = [_CheckedRedirectHandler()]
    if urllib.parse.urlsplit(url).scheme != "https":
        handlers.append(urllib.request.ProxyHandler({}))  # never send local requests to a proxy
    return urllib.request.build_opener(*handlers)


class _CheckedRedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to URLs that :func:`check_url` allows."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102 (urllib API)
        check_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)
