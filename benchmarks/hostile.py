"""The hostile mix of ``python -m benchmarks load --hostile`` (issue 18): attackers beside the ordinary clients.

* ``sparql``: clients sending cross products back to back, one sorting its rows (refused at the
  SPARQL workers' memory cap) and one counting them (stopped at the time limit);
* ``idle``: a thousand connections that send nothing, each opened again when the server closes it;
* ``upload``: clients sending 32 MB uploads without the API key.

No key is needed for any of it. The attackers run in a process of their own (``Attackers``), so that
their own work (a thousand sockets, 32 MB bodies) does not slow the event loop that times the
ordinary clients; what each got back is counted (``Counts``). ``Memory`` samples the resident
memory of the server and every process under it (SPARQL workers, extraction children).
"""
from __future__ import annotations

import asyncio
import multiprocessing as mp
import time
from collections import Counter
from urllib.parse import urlsplit

PREFIX = "PREFIX pkg: <https://w3id.org/policykg/ns#>\n"
SORTED = PREFIX + ("SELECT ?a ?b ?c ?d WHERE { ?a a pkg:Measure . ?b a pkg:Measure . ?c a pkg:Measure . "
                   "?d a pkg:Measure } ORDER BY ?d ?c ?b ?a LIMIT 1")
COUNTED = PREFIX + ("SELECT (COUNT(*) AS ?n) WHERE { ?a a pkg:Measure . ?b a pkg:Measure . ?c a pkg:Measure . "
                    "?d a pkg:Measure }")
IDLE = 1000
UPLOAD_MB = 32


class Counts(Counter):
    """What the attackers got back, by ``kind: outcome``."""


class Memory:
    """The peak resident memory of a process and everything under it, sampled every ``every`` seconds."""

    def __init__(self, pid: int, every: float = 0.5):
        self.pid = pid
        self.every = every
        self.peak = 0

    async def watch(self, stop: float) -> None:
        import psutil

        root = psutil.Process(self.pid)
        while time.monotonic() < stop:
            total = 0
            for proc in [root] + root.children(recursive=True):
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            await asyncio.sleep(self.every)


async def sparql_attacker(client, counts: Counts, query: str, label: str, stop: float) -> None:
    while time.monotonic() < stop:
        try:
            r = await client.get("/sparql", params={"query": query})
            outcome = str(r.status_code) if r.status_code == 200 else r.json()["error"]["code"]
        except Exception as exc:  # noqa: BLE001 (what an attacker gets is counted, whatever it is)
            outcome = type(exc).__name__
        counts[f"sparql {label}: {outcome}"] += 1


async def idle_connections(url: str, counts: Counts, stop: float, n: int = IDLE) -> None:
    """Keep ``n`` connections open that send nothing; open each again when the server closes it."""
    parts = urlsplit(url)

    async def one() -> None:
        while time.monotonic() < stop:
            try:
                reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
            except OSError:
                counts["idle: connect failed"] += 1
                await asyncio.sleep(0.5)
                continue
            counts["idle: opened"] += 1
            try:
                left = stop - time.monotonic()
                if left > 0 and await asyncio.wait_for(reader.read(1), left) == b"":
                    counts["idle: closed by the server"] += 1
                else:
                    counts["idle: answered"] += 1
            except (asyncio.TimeoutError, OSError):
                pass
            finally:
                writer.close()

    await asyncio.gather(*(one() for _ in range(n)))


async def unauthenticated_uploads(client, counts: Counts, stop: float, mb: int = UPLOAD_MB) -> None:
    """A 32 MB multipart upload without the key, again and again (the body built once, as an attacker would)."""
    body = (b'--b0\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
            b"Content-Type: text/plain\r\n\r\n" + b"x" * (mb * 1024 * 1024) + b"\r\n--b0--\r\n")
    headers = {"Content-Type": "multipart/form-data; boundary=b0"}
    while time.monotonic() < stop:
        try:
            r = await client.post("/api/documents", content=body, headers=headers)
            outcome = f"{r.status_code} {r.json()['error']['code']}"
        except Exception as exc:  # noqa: BLE001
            outcome = type(exc).__name__
        counts[f"upload {mb} MB without the key: {outcome}"] += 1


async def attack(url: str, counts: Counts, stop: float) -> None:
    import httpx

    limits = httpx.Limits(max_connections=8, max_keepalive_connections=8)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        await asyncio.gather(
            sparql_attacker(client, counts, SORTED, "sorted cross product", stop),
            sparql_attacker(client, counts, COUNTED, "counted cross product", stop),
            idle_connections(url, counts, stop),
            unauthenticated_uploads(client, counts, stop),
            unauthenticated_uploads(client, counts, stop),
        )


def _attack_in_process(url: str, seconds: float, out) -> None:
    counts = Counts()
    asyncio.run(attack(url, counts, time.monotonic() + seconds))
    out.put(dict(counts))


class Attackers:
    """The hostile mix for ``seconds`` seconds in a child process; ``counts()`` once it is over."""

    def __init__(self, url: str, seconds: float):
        ctx = mp.get_context("spawn")
        self._out = ctx.Queue()
        self._proc = ctx.Process(target=_attack_in_process, args=(url, seconds, self._out), daemon=True)
        self._proc.start()

    def counts(self, timeout: float = 120) -> Counts:
        counts = Counts(self._out.get(timeout=timeout))
        self._proc.join(10)
        return counts
