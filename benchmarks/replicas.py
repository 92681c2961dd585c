"""Search and ask through nginx with 1 and 2 ``policykg serve`` replicas over one Virtuoso (issue 11).

    python -m benchmarks replicas [--replicas 1,2] [--clients 10,50] [--seconds 20]

``deploy/up.sh`` starts the deployment (Virtuoso, N replicas, nginx) with the corpus built into the
server; asyncio clients in three processes keep C requests in flight for the duration, half search and
half ask, and
records latency (median, p99), throughput and errors. The CPU each process used (utime + stime from
/proc, children included) is read before and after, so the table says where the cores went — on a
2-core machine the load generator, nginx, Virtuoso and the replicas all share them.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOAD_PROCESSES = 3
REQUESTS = [
    ("/api/search", {"q": "岸电使用电量"}),
    ("/api/ask", {"q": "靠港船舶岸电用电量要比2020年翻倍，这项工作谁牵头？"}),
    ("/api/search", {"q": "新能源汽车推广 充电设施"}),
    ("/api/ask", {"q": "柴油车淘汰工作由哪些部门负责？"}),
    ("/api/search", {"q": "挥发性有机物 治理"}),
    ("/api/ask", {"q": "2025年苏州要推动多少台非道路移动机械更新替代"}),
]


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process and its descendants, living and reaped (cutime, cstime)."""
    tick = os.sysconf("SC_CLK_TCK")
    total, todo, seen = 0.0, [pid], set()
    children: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                ppid = int(open(f"/proc/{d}/stat").read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(d))
            except (OSError, IndexError, ValueError):
                pass
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            f = open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()
            total += sum(int(x) for x in f[11:15]) / tick
        except (OSError, IndexError, ValueError):
            continue
        todo.extend(children.get(p, ()))
    return total


async def load(url: str, clients: int, seconds: float) -> dict:
    import httpx

    latencies: list[float] = []
    errors = 0
    stop = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        async def worker(i: int):
            nonlocal errors
            n = i
            while time.monotonic() < stop:
                path, params = REQUESTS[n % len(REQUESTS)]
                n += 1
                t = time.perf_counter()
                try:
                    r = await client.get(path, params=params)
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                if ok:
                    latencies.append(time.perf_counter() - t)
                else:
                    errors += 1

        started = time.monotonic()
        await asyncio.gather(*(worker(i) for i in range(clients)))
        wall = time.monotonic() - started
    return {"latencies": latencies, "errors": errors, "wall": wall}


def _load_child(url: str, clients: int, seconds: float, queue) -> None:
    queue.put(asyncio.run(load(url, clients, seconds)))


def load_from(url: str, clients: int, seconds: float, processes: int = LOAD_PROCESSES) -> dict:
    """``clients`` requests in flight from ``processes`` processes (one Python process cannot keep 50
    requests in flight fast enough: it would measure itself)."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    split = [clients // processes + (1 if i < clients % processes else 0) for i in range(processes)]
    procs = [ctx.Process(target=_load_child, args=(url, n, seconds, queue)) for n in split if n]
    for p in procs:
        p.start()
    parts = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    latencies = sorted(x for part in parts for x in part["latencies"])
    wall = max(part["wall"] for part in parts)
    return {"requests": len(latencies), "errors": sum(part["errors"] for part in parts),
            "rps": len(latencies) / wall, "wall": wall,
            "median_ms": 1000 * statistics.median(latencies) if latencies else None,
            "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))] if latencies else None}


def measure(replicas: int, clients_list: list[int], seconds: float) -> list[dict]:
    from tests.deploy.conftest import up

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        dep = up(Path(tmp) / "deploy", replicas, ROOT / "corpus")
        try:
            pids = {"virtuoso": int((dep.dir / "virtuoso" / "virtuoso.pid").read_text()),
                    "nginx": int((dep.dir / "nginx" / "nginx.pid").read_text())}
            for i in range(replicas):
                pids[f"replica {i}"] = int((dep.dir / f"replica-{i}.pid").read_text())
            load_from(dep.nginx, 4, 3)  # warm every replica's index and caches
            for clients in clients_list:
                before = {k: cpu_seconds(p) for k, p in pids.items()}
                me = os.times()
                result = load_from(dep.nginx, clients, seconds)
                mine = os.times()
                cpu = {k: (cpu_seconds(p) - before[k]) / result["wall"] for k, p in pids.items()}
                cpu["load generator"] = (mine.children_user + mine.children_system - me.children_user
                                         - me.children_system) / result["wall"]
                rows.append({"replicas": replicas, "clients": clients, **result, "cpu": cpu})
                print(report(rows[-1:]), flush=True)
        finally:
            dep.down()
    return rows


def report(rows: list[dict]) -> str:
    lines = ["| replicas | clients | requests/s | median ms | p99 ms | errors | cores used by process |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        cpu = ", ".join(f"{k} {v:.2f}" for k, v in r["cpu"].items())
        lines.append(f"| {r['replicas']} | {r['clients']} | {r['rps']:.1f} | {r['median_ms']:.0f} | "
                     f"{r['p99_ms']:.0f} | {r['errors']} | {cpu} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks replicas")
    ap.add_argument("--replicas", default="1,2")
    ap.add_argument("--clients", default="10,50")
    ap.add_argument("--seconds", type=float, default=20)
    args = ap.parse_args(argv)
    os.environ.setdefault("PYTHONPATH", str(ROOT))
    rows = []
    for n in (int(x) for x in args.replicas.split(",")):
        rows += measure(n, [int(x) for x in args.clients.split(",")], args.seconds)
    print("\n" + report(rows))
    by = {(r["replicas"], r["clients"]): r["rps"] for r in rows}
    for c in (int(x) for x in args.clients.split(",")):
        if (1, c) in by and (2, c) in by:
            print(f"{c} clients: 2 replicas give {by[(2, c)] / by[(1, c)]:.2f}× the throughput of 1")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
