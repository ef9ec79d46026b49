"""Fixtures for the data-set tests: synthetic IDX files, a loopback HTTP server,
and an environment where no data folder, cache or system copy leaks in."""

from __future__ import annotations

import gzip
import http.server
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

_IDX_CODES = {"uint8": 0x08, "int8": 0x09, "int16": 0x0B, "int32": 0x0C, "float32": 0x0D, "float64": 0x0E}


def _encode_idx(array: np.ndarray) -> bytes:
    """``array`` encoded as an IDX file (big-endian, row-major)."""
    array = np.asarray(array)
    header = bytes([0, 0, _IDX_CODES[array.dtype.name], array.ndim])
    sizes = struct.pack(f">{array.ndim}I", *array.shape)
    return header + sizes + array.astype(array.dtype.newbyteorder(">")).tobytes()


@pytest.fixture
def idx_bytes() -> Callable[[np.ndarray], bytes]:
    """``idx_bytes(array)`` gives ``array`` encoded as an IDX file."""
    return _encode_idx


@pytest.fixture
def write_idx() -> Callable[..., Path]:
    """``write_idx(path, array, compress=False)`` writes an IDX file and returns its path."""

    def write(path: Path, array: np.ndarray, compress: bool = False) -> Path:
        payload = _encode_idx(array)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(gzip.compress(payload, mtime=0) if compress else payload)
        return path

    return write


@pytest.fixture
def isolated_data(tmp_path, monkeypatch):
    """No ``FOURFOLD_DATA``; cache and home in ``tmp_path``; returns those folders."""
    monkeypatch.delenv("FOURFOLD_DATA", raising=False)
    cache = tmp_path / "cache"
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("FOURFOLD_CACHE", str(cache))
    monkeypatch.setenv("HOME", str(home))
    return {"cache": cache, "home": home}


@dataclass
class Route:
    """What the test server answers on one path.

    ``body`` is sent with ``status``; with ``cut_at`` set, the server announces
    the full ``Content-Length`` but closes the connection after ``cut_at`` bytes.
    """

    body: bytes = b""
    status: int = 200
    cut_at: int | None = None
    headers: dict[str, str] = field(default_factory=dict)


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        server: LocalServer = self.server.owner
        server.requests.append(self.path)
        route = server.routes.get(self.path, Route(b"not found", status=404))
        self.send_response(route.status)
        self.send_header("Content-Length", str(len(route.body)))
        for name, value in route.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(route.body[:route.cut_at] if route.cut_at is not None else route.body)
        self.wfile.flush()
        self.close_connection = True

    def log_message(self, format, *args) -> None:  # keep test output quiet
        pass


class LocalServer:
    """A ``ThreadingHTTPServer`` on 127.0.0.1 serving :class:`Route`s."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.owner = self
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/"

    def url(self, path: str) -> str:
        return self.base_url + path.lstrip("/")

    def serve(self, path: str, body: bytes = b"", **options) -> str:
        """Answer ``/path`` with ``body`` (see :class:`Route`); returns its URL."""
        self.routes["/" + path.lstrip("/")] = Route(body, **options)
        return self.url(path)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def local_server():
    """A running :class:`LocalServer`, stopped after the test."""
    server = LocalServer()
    server.start()
    yield server
    server.stop()
