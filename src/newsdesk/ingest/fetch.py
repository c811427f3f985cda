"""Fetching a URL someone typed, without letting it reach places it should not.

Only http and https. The host is resolved once per hop and every address it resolves to is
checked: private, loopback, link-local, multicast, reserved and unspecified addresses are refused
unless the configuration allows their network. The connection then goes to the very address that
was checked (the Host header and TLS name still carry the host name), so a DNS answer that
changes between the check and the connection cannot move us inside. Redirects are followed by
hand, each hop checked the same way. Bodies are read in chunks up to a size limit, under one
deadline for the whole fetch, and never decompressed (we ask for identity encoding).
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

from newsdesk.ingest.conf import Conf, Network

USER_AGENT = "Newsdesk-importer/1.0 (+https://github.com/newsdesk)"
CHUNK = 64 * 1024
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchError(ValueError):
    """A URL we will not or could not read; the message says which and why, in one line."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int
    content_type: str  # lowercased media type, without parameters
    charset: str | None
    body: bytes


def _is_public(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def check_address(address: Address, allowed: tuple[Network, ...]) -> None:
    if _is_public(address) or any(address in network for network in allowed):
        return
    raise FetchError(
        f"{address} is a private or reserved address; set NEWSDESK_IMPORT_ALLOW_PRIVATE "
        "to fetch from it"
    )


def resolve(host: str, port: int, allowed: tuple[Network, ...]) -> Address:
    """The address to connect to; every address the name has must pass the check."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"cannot resolve the host name {host!r}") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    if not addresses:
        raise FetchError(f"the host name {host!r} has no address")
    for address in addresses:
        check_address(address, allowed)
    return addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: Address, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((str(self.address), self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: Address, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self) -> None:
        raw = socket.create_connection((str(self.address), self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class _Target:
    url: str
    scheme: str
    host: str
    port: int
    path: str


def _target(url: str) -> _Target:
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"}:
        raise FetchError(f"only http:// and https:// URLs can be fetched, not {url!r}")
    if not parts.hostname:
        raise FetchError(f"{url!r} has no host name")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchError(f"the port in {url!r} is not a number") from None
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return _Target(url.strip(), parts.scheme, parts.hostname, port, path)


def _read(response: http.client.HTTPResponse, limit: int, deadline: float, url: str) -> bytes:
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise FetchError(f"{url}: the body is larger than {limit // (1024 * 1024)} MB")
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError(f"{url}: took too long to answer")
        chunk = response.read1(CHUNK)  # returns what has arrived, so a drip cannot stall us
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise FetchError(f"{url}: the body is larger than {limit // (1024 * 1024)} MB")
        chunks.append(chunk)


def _open(target: _Target, conf: Conf, deadline: float) -> http.client.HTTPConnection:
    address = resolve(target.host, target.port, conf.allowed_private)
    remaining = max(0.1, deadline - time.monotonic())
    kind = _PinnedHTTPS if target.scheme == "https" else _PinnedHTTP
    return kind(target.host, target.port, address, remaining)


def _one_hop(target: _Target, conf: Conf, deadline: float, accept: str) -> Fetched | str:
    """The response, or the next URL when this hop is a redirect."""
    connection = _open(target, conf, deadline)
    try:
        connection.request(
            "GET",
            target.path,
            headers={"User-Agent": USER_AGENT, "Accept": accept, "Accept-Encoding": "identity"},
        )
        response = connection.getresponse()
        if response.status in {301, 302, 303, 307, 308}:
            location = response.getheader("Location")
            if not location:
                raise FetchError(f"{target.url}: a redirect without a Location")
            return urljoin(target.url, location)
        if response.status >= 400:
            raise FetchError(f"{target.url}: the server answered {response.status}")
        body = _read(response, conf.max_bytes, deadline, target.url)
        message = Message()
        message["Content-Type"] = response.getheader("Content-Type") or ""
        return Fetched(
            url=target.url,
            status=response.status,
            content_type=message.get_content_type().lower(),
            charset=message.get_content_charset(),
            body=body,
        )
    except (OSError, http.client.HTTPException) as exc:
        if isinstance(exc, TimeoutError | socket.timeout):
            raise FetchError(f"{target.url}: took too long to answer") from None
        raise FetchError(f"{target.url}: {exc.__class__.__name__}: {exc}".rstrip(": ")) from None
    finally:
        connection.close()


def fetch(url: str, conf: Conf, *, accept: str = "*/*") -> Fetched:
    deadline = time.monotonic() + conf.timeout
    current = url
    for _ in range(conf.max_redirects + 1):
        outcome = _one_hop(_target(current), conf, deadline, accept)
        if isinstance(outcome, Fetched):
            return outcome
        current = outcome
    raise FetchError(f"{url}: more than {conf.max_redirects} redirects")
