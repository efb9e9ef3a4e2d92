"""The guard against server-side request forgery: a page, redirect, feed or sitemap from a stranger must
not turn the crawler against the network it runs in.

Every request's host is resolved here, once per ``TTL_S``, and refused when any of its addresses is not a
public one (private, loopback, link-local, cloud metadata, shared, reserved, multicast), unless the address
is in ``[fetch] allow_networks`` or the request goes to a configured source's own endpoint (host and port:
another port of that host, its admin port say, is no source's). A source's name is trusted with the private
addresses it had when first resolved in the run, not with whatever it answers later: a name that re-points
at another inner address mid-crawl (DNS rebinding) is refused. The connection pool's resolver
(:class:`PinnedResolver`) answers from the same checked results, so the address that was checked is the
address that is dialled: a name cannot be re-pointed at 127.0.0.1 between check and connect.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult

from scraper.clock import SYSTEM, Clock
from scraper.errors import ForbiddenURLError, TransportError

Resolve = Callable[[str, int], Awaitable[list[str]]]  # (host, port) -> IP addresses
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
TTL_S = 60.0


async def system_resolve(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def is_public(address: IPAddress) -> bool:
    """True for a globally routable unicast address; an IPv6 address that carries an IPv4 one (mapped,
    6to4) is judged by that one."""
    if isinstance(address, ipaddress.IPv6Address):
        carried = address.ipv4_mapped or address.sixtofour
        if carried is not None:
            return is_public(carried)
    return address.is_global and not address.is_multicast


class AddressGuard:
    """Which hosts and addresses a request may go to; see the module's docstring."""

    def __init__(
        self,
        *,
        trusted_hosts: Iterable[str] = (),
        allow_networks: Iterable[str] = (),
        resolve: Resolve = system_resolve,
        clock: Clock = SYSTEM,
    ) -> None:
        # "host:port" trusts that endpoint; a bare "host" (for a library user who means it) every port of it
        self._trusted = frozenset(h.lower() for h in trusted_hosts)
        self._first_seen: dict[tuple[str, int], frozenset[IPAddress]] = {}  # a trusted endpoint's first answer
        self._networks: tuple[IPNetwork, ...] = tuple(ipaddress.ip_network(n, strict=False) for n in allow_networks)
        self._resolve = resolve
        self._clock = clock
        self._checked: dict[tuple[str, int], tuple[float, list[str]]] = {}

    def permits(self, address: IPAddress) -> bool:
        return is_public(address) or any(address in network for network in self._networks)

    async def addresses(self, url: str, host: str, port: int) -> list[str]:
        """The checked addresses of ``host`` (kept for ``TTL_S``): :class:`ForbiddenURLError`, naming
        ``url``, when one of them is not allowed; :class:`TransportError` when the name does not resolve."""
        host = host.lower().strip("[]")
        try:
            literal: IPAddress | None = ipaddress.ip_address(host)
        except ValueError:
            literal = None
        if literal is not None:
            self._refuse_unless_allowed(url, host, port, [literal])
            return [host]
        now = self._clock.monotonic()
        cached = self._checked.get((host, port))
        if cached is not None and cached[0] > now:
            return cached[1]
        try:
            found = await self._resolve(host, port)
        except OSError as e:
            raise TransportError(url, f"{host} does not resolve: {e}") from e
        if not found:
            raise TransportError(url, f"{host} does not resolve to any address")
        self._refuse_unless_allowed(url, host, port, [ipaddress.ip_address(a) for a in found])
        self._checked[(host, port)] = (now + TTL_S, found)
        return found

    def _trusts(self, host: str, port: int) -> bool:
        bracketed = f"[{host}]" if ":" in host else host
        return host in self._trusted or f"{bracketed}:{port}" in self._trusted

    def _refuse_unless_allowed(self, url: str, host: str, port: int, found: list[IPAddress]) -> None:
        trusted: frozenset[IPAddress] = frozenset()
        if self._trusts(host, port):
            trusted = self._first_seen.setdefault((host, port), frozenset(found))
        for address in found:
            if not self.permits(address) and address not in trusted:
                shown = host if str(address) == host else f"{host} resolves to {address}, which"
                why = " (a source's own endpoint, but it answered otherwise earlier in this run)" if trusted else ""
                raise ForbiddenURLError(
                    url,
                    f"{shown} is not a public address (private, loopback, link-local or metadata){why}; refused. "
                    "A source's own host and port are allowed; to reach other internal addresses, add their "
                    "network to [fetch] allow_networks",
                )


class PinnedResolver(AbstractResolver):
    """aiohttp's resolver, answering from :meth:`AddressGuard.addresses`: the checked addresses only."""

    def __init__(self, guard: AddressGuard) -> None:
        self._guard = guard

    async def resolve(self, host: str, port: int = 0, family: int = socket.AF_INET) -> list[ResolveResult]:
        found = await self._guard.addresses(f"//{host}:{port}", host, port)
        return [
            {
                "hostname": host,
                "host": address,
                "port": port,
                "family": socket.AF_INET6 if ":" in address else socket.AF_INET,
                "proto": 0,
                "flags": socket.AI_NUMERICHOST,
            }
            for address in found
        ]

    async def close(self) -> None:
        pass


def pinned_session_factory(guard: AddressGuard, *, limit: int, keepalive_s: float, ssl: Any) -> Callable[[], Any]:
    """A ``ClientSession`` factory for httpx-aiohttp whose connections go only to checked addresses."""

    def make() -> Any:
        connector = aiohttp.TCPConnector(
            limit=limit, keepalive_timeout=keepalive_s, ssl=ssl, resolver=PinnedResolver(guard), use_dns_cache=False
        )
        return aiohttp.ClientSession(connector=connector)

    return make
