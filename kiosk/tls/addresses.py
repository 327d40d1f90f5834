"""The names and addresses by which tablets and PCs on the office LAN reach this server."""

from __future__ import annotations

import ipaddress
import socket

import psutil

from kiosk.tls.certificates import IPAddress

LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    """True for an address only this PC can reach (127.0.0.0/8, ::1, localhost)."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def server_names() -> list[str]:
    """localhost, the host name and its mDNS name (phones on the LAN may resolve `name.local`)."""
    host = socket.gethostname().strip().lower()
    names = ["localhost"]
    if host and host != "localhost":
        names += [host, f"{host}.local"] if "." not in host else [host]
    return names


def lan_addresses(listen_host: str) -> list[IPAddress]:
    """127.0.0.1 and every address of this PC the server listens on (all up interfaces for
    0.0.0.0 / ::), skipping link-local ones that change at every boot."""
    wanted: set[IPAddress] = {ipaddress.ip_address("127.0.0.1")}
    try:
        listen = ipaddress.ip_address(listen_host)
    except ValueError:
        listen = None
    if listen is not None and not listen.is_unspecified:
        wanted.add(listen)
        return sorted(wanted, key=_order)
    stats = psutil.net_if_stats()
    for interface, entries in psutil.net_if_addrs().items():
        if interface in stats and not stats[interface].isup:
            continue
        for entry in entries:
            if entry.family not in (socket.AF_INET, socket.AF_INET6):
                continue
            try:
                address = ipaddress.ip_address(entry.address.split("%")[0])
            except ValueError:
                continue
            if listen is not None and listen.version == 4 and address.version != 4:
                continue
            if not address.is_link_local and not address.is_multicast:
                wanted.add(address)
    return sorted(wanted, key=_order)


def shown_address(listen_host: str) -> str:
    """The address to print for people to type: the PC's address on its default route when it
    listens everywhere (not a docker or VPN bridge), else the host it listens on."""
    if listen_host not in ("0.0.0.0", "::"):
        return listen_host
    lan = [str(a) for a in lan_addresses(listen_host) if not a.is_loopback]
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks a route
            routed = probe.getsockname()[0]
    except OSError:
        routed = None
    if routed in lan:
        return routed
    return lan[0] if lan else "127.0.0.1"


def _order(address: IPAddress) -> tuple[int, bytes]:
    return address.version, address.packed
