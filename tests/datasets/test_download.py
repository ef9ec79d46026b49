"""download(): verified and atomic, against a loopback HTTP server; nothing left behind on failure."""

from __future__ import annotations

import gzip
import hashlib
import socket
import urllib.request

import pytest

from fourfold.datasets import download as download_module
from fourfold.datasets.download import download
from fourfold.errors import DataError

PAYLOAD = bytes(range(256)) * 400
DIGEST = hashlib.sha256(PAYLOAD).hexdigest()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _fail(url, destination, **options) -> str:
    with pytest.raises(DataError) as caught:
        download(url, destination, **options)
    assert not destination.exists()
    assert list(destination.parent.iterdir()) == []  # no temporary file either
    return str(caught.value)


def test_good_file(tmp_path, local_server):
    url = local_server.serve("data.bin", PAYLOAD)
    destination = tmp_path / "folder" / "data.bin"

    result = download(url, destination, sha256=DIGEST)

    assert result == destination
    assert destination.read_bytes() == PAYLOAD
    assert [path.name for path in destination.parent.iterdir()] == ["data.bin"]


def test_good_gzip_is_stored_decompressed_and_checked_on_the_payload(tmp_path, local_server):
    url = local_server.serve("data.gz", gzip.compress(PAYLOAD, mtime=123))
    destination = tmp_path / "data"

    download(url, destination, sha256=DIGEST.upper(), decompress=True)

    assert destination.read_bytes() == PAYLOAD


def test_multi_member_gzip(tmp_path, local_server):
    url = local_server.serve("two.gz", gzip.compress(PAYLOAD[:1000]) + gzip.compress(PAYLOAD[1000:]))

    download(url, tmp_path / "two", sha256=DIGEST, decompress=True)

    assert (tmp_path / "two").read_bytes() == PAYLOAD


def test_wrong_checksum(tmp_path, local_server):
    url = local_server.serve("data.bin", PAYLOAD[::-1])
    folder = tmp_path / "folder"
    folder.mkdir()

    message = _fail(url, folder / "data.bin", sha256=DIGEST)

    assert message.startswith(f"Checksum mismatch for {url}: expected SHA-256 {DIGEST}, "
                              f"received {_sha(PAYLOAD[::-1])}.")
    assert "nothing was saved" in message


def test_wrong_checksum_of_decompressed_payload(tmp_path, local_server):
    url = local_server.serve("data.gz", gzip.compress(b"something else"))

    message = _fail(url, tmp_path / "data", sha256=DIGEST, decompress=True)

    assert f"received {_sha(b'something else')}" in message


@pytest.mark.parametrize("decompress", [False, True])
def test_connection_cut_half_way(tmp_path, local_server, decompress):
    body = gzip.compress(PAYLOAD) if decompress else PAYLOAD
    url = local_server.serve("cut", body, cut_at=len(body) // 2)

    message = _fail(url, tmp_path / "cut", sha256=DIGEST, decompress=decompress)

    assert f"stopped after {len(body) // 2} of {len(body)} bytes: the connection was cut" in message
    assert url in message


def test_not_found(tmp_path, local_server):
    url = local_server.url("absent.gz")

    message = _fail(url, tmp_path / "absent", sha256=DIGEST)

    assert message.startswith(f"Downloading {url} failed: the server answered HTTP 404")


def test_truncated_gzip_served_whole(tmp_path, local_server):
    compressed = gzip.compress(PAYLOAD)
    url = local_server.serve("short.gz", compressed[: len(compressed) - 20])

    message = _fail(url, tmp_path / "short", sha256=DIGEST, decompress=True)

    assert f"{url} is not a complete gzip file" in message


def test_not_gzip_at_all(tmp_path, local_server):
    url = local_server.serve("plain.gz", b"<html>a login page</html>")

    assert "is not a complete gzip file" in _fail(url, tmp_path / "plain", sha256=DIGEST,
                                                   decompress=True)


def test_server_not_listening(tmp_path):
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    message = _fail(f"http://127.0.0.1:{port}/x", tmp_path / "x", sha256=DIGEST, timeout=5)

    assert message.startswith(f"Downloading http://127.0.0.1:{port}/x failed:")


def test_interrupt_removes_the_partial_file(tmp_path, monkeypatch):
    class Response:
        headers = {"Content-Length": "300"}
        reads = 0

        def read(self, size):
            Response.reads += 1
            if Response.reads > 1:
                raise KeyboardInterrupt
            return b"x" * 100

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    class Opener:
        def open(self, url, timeout):
            return Response()

    monkeypatch.setattr(download_module, "_opener", lambda url: Opener())

    with pytest.raises(KeyboardInterrupt):
        download("https://example.org/data.gz", tmp_path / "data", sha256=DIGEST)

    assert list(tmp_path.iterdir()) == []


def test_file_url(tmp_path):
    source = tmp_path / "source.bin"
    source.write_bytes(PAYLOAD)

    download(source.as_uri(), tmp_path / "out" / "copy.bin", sha256=DIGEST)

    assert (tmp_path / "out" / "copy.bin").read_bytes() == PAYLOAD


def test_missing_file_url(tmp_path):
    (tmp_path / "out").mkdir()

    message = _fail((tmp_path / "absent").as_uri(), tmp_path / "out" / "copy", sha256=DIGEST)

    assert "failed" in message


def test_destination_folder_cannot_be_created(tmp_path, local_server):
    url = local_server.serve("data.bin", PAYLOAD)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")

    with pytest.raises(DataError, match=f"Cannot write downloads to {blocker}/sub"):
        download(url, blocker / "sub" / "data.bin", sha256=DIGEST)
    assert local_server.requests == []


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse)


@pytest.mark.parametrize("url", [
    "http://example.com/mnist/train-images-idx3-ubyte.gz",
    "http://10.0.0.1/data.gz",
    "http://127.0.0.1.example.com/data.gz",
    "ftp://example.com/data.gz",
    "file://example.com/etc/passwd",
    "https:///no-host.gz",
    "data.gz",
    "javascript:alert(1)",
])
def test_refused_urls_open_no_connection(tmp_path, no_network, url):
    destination = tmp_path / "data"

    with pytest.raises(DataError) as caught:
        download(url, destination, sha256=DIGEST)

    assert str(caught.value).startswith(f"Refusing to download {url}: only https:// addresses")
    assert list(tmp_path.iterdir()) == []


def test_redirect_to_plain_http_elsewhere_is_refused(tmp_path, local_server):
    url = local_server.serve("moved", status=302, headers={"Location": "http://example.com/data.gz"})

    with pytest.raises(DataError, match="Refusing to download http://example.com/data.gz"):
        download(url, tmp_path / "data", sha256=DIGEST)
    assert list(tmp_path.iterdir()) == []


def test_redirect_to_an_allowed_url_is_followed(tmp_path, local_server):
    local_server.serve("data.bin", PAYLOAD)
    url = local_server.serve("moved", status=302, headers={"Location": local_server.url("data.bin")})

    download(url, tmp_path / "data", sha256=DIGEST)

    assert local_server.requests == ["/moved", "/data.bin"]
    assert (tmp_path / "data").read_bytes() == PAYLOAD
