"""Fetching URLs safely, against real servers on loopback."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

import pytest

from newsdesk.ingest.conf import Conf, allowed_networks
from newsdesk.ingest.fetch import FetchError, check_address, fetch
from newsdesk.lib.env import ConfigError
from tests.ingest.server import Route, Site, serving

LOOPBACK_ONLY = (ipaddress.ip_network("127.0.0.1/32"),)


def conf(**changes: object) -> Conf:
    values: dict[str, object] = {
        "allowed_private": LOOPBACK_ONLY,
        "max_bytes": 64 * 1024,
        "timeout": 2.0,
        "max_redirects": 3,
    }
    return Conf(**{**values, **changes})  # type: ignore[arg-type]


@pytest.fixture
def site() -> Iterator[Site]:
    with serving() as running:
        yield running


def test_it_fetches_a_page_from_an_allowed_address(site: Site) -> None:
    site.routes["/a"] = Route(body=b"<p>hello</p>")
    page = fetch(site.url("/a"), conf())
    assert (page.status, page.content_type, page.charset, page.body) == (
        200,
        "text/html",
        "utf-8",
        b"<p>hello</p>",
    )


def test_it_refuses_loopback_unless_allowed(site: Site) -> None:
    site.routes["/a"] = Route(body=b"secret")
    with pytest.raises(FetchError, match=r"127\.0\.0\.1 is a private or reserved address"):
        fetch(site.url("/a"), conf(allowed_private=()))
    assert site.hits == []  # refused before connecting


@pytest.mark.parametrize(
    "address",
    ["10.0.0.1", "192.168.1.1", "172.16.0.1", "169.254.169.254", "224.0.0.1", "0.0.0.0",
     "::1", "fe80::1", "fd00::1", "::ffff:10.0.0.1", "100.64.0.1", "240.0.0.1"],
)  # fmt: skip
def test_it_refuses_non_public_addresses(address: str) -> None:
    with pytest.raises(FetchError, match="private or reserved"):
        check_address(ipaddress.ip_address(address), ())


def test_it_accepts_public_addresses() -> None:
    check_address(ipaddress.ip_address("93.184.216.34"), ())
    check_address(ipaddress.ip_address("2606:4700::1111"), ())


@pytest.mark.parametrize("target", ["http://10.0.0.7/inside", "http://127.0.0.2:9/"])
def test_it_checks_every_redirect_hop(site: Site, target: str) -> None:
    site.routes["/go"] = Route(status=302, headers={"Location": target})
    with pytest.raises(FetchError, match="private or reserved"):
        fetch(site.url("/go"), conf())
    assert site.hits == ["/go"]


def test_it_follows_redirects_to_allowed_places(site: Site) -> None:
    site.routes["/old"] = Route(status=301, headers={"Location": "/new"})
    site.routes["/new"] = Route(body=b"moved")
    page = fetch(site.url("/old"), conf())
    assert (page.url, page.body) == (site.url("/new"), b"moved")


def test_it_stops_a_redirect_loop(site: Site) -> None:
    site.routes["/loop"] = Route(status=302, headers={"Location": "/loop"})
    with pytest.raises(FetchError, match="more than 3 redirects"):
        fetch(site.url("/loop"), conf())


@pytest.mark.parametrize("declared", [True, False])
def test_it_refuses_a_body_over_the_limit(site: Site, declared: bool) -> None:
    site.routes["/big"] = Route(body=b"x" * 16 * 1024, chunks=8, length=declared)
    with pytest.raises(FetchError, match="larger than"):
        fetch(site.url("/big"), conf(max_bytes=64 * 1024))


def test_it_gives_up_on_a_slow_drip(site: Site) -> None:
    site.routes["/slow"] = Route(body=b"x", chunks=50, delay=0.1)
    with pytest.raises(FetchError, match="took too long"):
        fetch(site.url("/slow"), conf(timeout=1.0))


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "only http:// and https://"),
        ("ftp://example.org/x", "only http:// and https://"),
        ("http:///nohost", "has no host name"),
    ],
)
def test_it_refuses_what_it_cannot_fetch(url: str, message: str) -> None:
    with pytest.raises(FetchError, match=message):
        fetch(url, conf())


def test_it_reports_error_statuses(site: Site) -> None:
    with pytest.raises(FetchError, match="answered 404"):
        fetch(site.url("/missing"), conf())


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("", ()), ("0", ()), ("1", 2), ("127.0.0.0/8, ::1", 2)],
)
def test_the_setting_parses_networks(raw: str, expected: object) -> None:
    parsed = allowed_networks({"X": raw}, "X")
    assert (len(parsed) if isinstance(expected, int) else parsed) == expected


def test_a_bad_setting_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="X: expected 1, 0 or networks"):
        allowed_networks({"X": "yes please"}, "X")
