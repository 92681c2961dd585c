"""The HTTP server: uvicorn, with the limits it lacks given to its HTTP/1.1 protocol.

uvicorn closes a connection that stays idle after a response (``keep_alive_timeout``), but it
never times out a connection that has not finished sending its request head (a client that
connects and sends nothing, or a header line a minute, holds its socket for ever), and it has no
cap on open connections: past the open-file limit ``accept`` fails and every new client waits,
while asyncio logs the failure again and again. ``Protocol`` adds both:

* **a header timeout**: from the moment a connection opens, or from the first byte of a next
  request on a kept connection, the client has ``header_timeout`` seconds to send a whole request
  line and headers (a byte now and then does not reset the clock); then the connection is closed.
  Between requests a kept connection is uvicorn's, closed after ``keep_alive_timeout`` idle;
* **a connection cap** (``max_connections``, held below the process's open-file limit, which
  ``run`` raises to its hard limit first): a connection past it closes the one that has waited
  longest for its request head (an idle keep-alive connection or a slow client: closing it loses
  no request), and if every connection is in the middle of a request, the new one gets ``503`` in
  the one error shape and is closed.

Other servers were weighed: hypercorn has a read timeout but no connection cap; granian
(Rust) has both, but runs the app in worker processes of its own, where the knowledge base,
its index and the SPARQL forkserver live once per process now. Log lines go through one handler,
rate-limited (``logs.py``).
"""
from __future__ import annotations

import json
import logging
import os
import resource
from collections import OrderedDict
from dataclasses import dataclass, field

from uvicorn.protocols.http.h11_impl import H11Protocol

from .errors import body
from .gate import SECURITY_HEADERS

log = logging.getLogger("policykg.server")


@dataclass
class Door:
    """What the connections of one server share: the cap and the connections waiting for a request head,
    the longest waiting first."""

    max_connections: int
    header_timeout: float
    waiting: OrderedDict = field(default_factory=OrderedDict)
    evicted: int = 0
    refused: int = 0

    def make_room(self, open_connections: int) -> bool:
        """Whether a new connection may stay, closing the connection that has waited longest for its request
        head if the cap is reached."""
        if open_connections < self.max_connections:
            return True
        while self.waiting:
            oldest, _ = self.waiting.popitem(last=False)
            if not oldest.transport.is_closing():
                oldest.close_idle()
                self.evicted += 1
                return True
        self.refused += 1
        return False


def _answer(status: int, reason: str, code: str, message: str, *more: bytes) -> bytes:
    """A whole HTTP response in the one error shape, with the security headers, closing the connection."""
    payload = json.dumps(body(status, code, message)).encode()
    head = [f"HTTP/1.1 {status} {reason}".encode(), b"content-type: application/json",
            b"content-length: " + str(len(payload)).encode(), b"connection: close", *more]
    head += [name + b": " + value for name, value in SECURITY_HEADERS]
    return b"\r\n".join(head) + b"\r\n\r\n" + payload


REFUSAL = _answer(503, "Service Unavailable", "busy", "the server has too many connections open; try again shortly",
                  b"retry-after: 1")
NOT_HTTP = _answer(400, "Bad Request", "bad-request", "the request is not valid HTTP/1.1")


class Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a header timeout and a connection cap (the class attribute ``door``
    is set per server by ``protocol_for``)."""

    door: Door

    def connection_made(self, transport) -> None:
        self._head_timer = None
        self._refused = False
        if not self.door.make_room(len(self.connections)):
            self._refused = True
            self.transport = transport
            transport.write(REFUSAL)
            transport.close()
            return
        super().connection_made(transport)
        self._wait_for_head(clock=True)

    def data_received(self, data: bytes) -> None:
        if self._head_timer is None and self in self.door.waiting:  # a kept connection's next request begins
            self._head_timer = self.loop.call_later(self.door.header_timeout, self.close_idle)
        super().data_received(data)

    def connection_lost(self, exc) -> None:
        self._stop_waiting()
        if self._refused:
            return
        super().connection_lost(exc)

    def handle_events(self) -> None:
        cycle = self.cycle
        super().handle_events()
        if self.cycle is not cycle:  # a request head arrived: its handling is under way
            self._stop_waiting()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        # the client's turn again (the rest of a body nobody read, then the next request's head): idle, uvicorn's
        # keep-alive timer runs; from its first byte on, the header timeout
        if not self.transport.is_closing() and (self.cycle is None or self.cycle.response_complete):
            self._wait_for_head(clock=False)

    def _wait_for_head(self, clock: bool) -> None:
        self._stop_waiting()
        self.door.waiting[self] = None
        if clock:
            self._head_timer = self.loop.call_later(self.door.header_timeout, self.close_idle)

    def _stop_waiting(self) -> None:
        self.door.waiting.pop(self, None)
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def send_400_response(self, msg: str) -> None:
        """What h11 cannot parse (uvicorn answers it in plain text, without the app): the one error shape."""
        self.transport.write(NOT_HTTP)
        self.transport.close()

    def close_idle(self) -> None:
        """Close a connection that owes us a request head (no request of it is lost)."""
        self._stop_waiting()
        if not self.transport.is_closing():
            self.transport.close()


def protocol_for(door: Door) -> type:
    return type("Protocol", (Protocol,), {"door": door})


def connection_cap(wanted: int, reserve_fraction: int = 8) -> int:
    """``wanted`` connections, or fewer if the open-file limit (raised to its hard limit first) would not leave
    room for the files the server itself holds open (the store, the index, the workers' pipes)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    try:
        open_now = len(os.listdir("/proc/self/fd"))
    except OSError:
        open_now = 64
    room = soft - open_now - max(128, soft // reserve_fraction)
    return max(8, min(wanted, room))


def port_in_use(host: str, port: int) -> str | None:
    """Why the server could not listen on ``host:port`` (another process holds it, or the address is not
    this machine's), or None when it can. Checked before a first-run build, so a busy port costs no build."""
    import errno
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds: a closing socket is no owner
        try:
            s.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return (f"port {port} on {host} is in use by another process: "
                        "pick another with --port or POLICYKG_PORT")
            return f"cannot listen on {host}:{port}: {exc.strerror}"
    return None


def run(app, settings) -> None:
    """Serve ``app`` on the settings' host and port until stopped."""
    import uvicorn

    from .logs import install

    install(settings.log_lines_per_minute)
    cap = connection_cap(settings.max_connections)
    if cap < settings.max_connections:
        log.warning("at most %d connections: the open-file limit leaves no room for %d", cap,
                    settings.max_connections)
    door = Door(cap, settings.header_timeout)
    config = uvicorn.Config(app, host=settings.host, port=settings.port, http=protocol_for(door),
                            log_config=None, log_level="warning", access_log=False,
                            timeout_keep_alive=settings.keep_alive_timeout,
                            h11_max_incomplete_event_size=settings.max_request_head_kb * 1024)
    uvicorn.Server(config).run()
