"""Start ``policykg serve`` as a child process on a free loopback port and wait until it answers.

The tests, the load benchmark and anyone scripting a local server start it the same way: this
checkout's code (``PYTHONPATH``), the settings as ``POLICYKG_*`` variables, output to a log file,
ready when ``/healthz`` answers 200; a child that exits or stays silent is reported with the end of
its log.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port nothing listens on at the moment (the kernel's choice)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(settings: dict[str, str], log: Path, wait: float = 60.0, port: int | None = None,
          open_files: int | None = None, under: tuple[str, ...] = ()) -> tuple[subprocess.Popen, str]:
    """``policykg serve`` with these ``POLICYKG_*`` settings (and none inherited); its process and URL.
    ``open_files``: the child's open-file limit, soft and hard (a small machine's, say); ``under``: a command
    the server runs under (``unshare -m sh -c '…; exec "$@"' sh``, say), which ends by executing it."""
    import httpx

    port = port or free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYKG_")}
    env.update(settings)
    env["PYTHONPATH"] = str(ROOT)  # this checkout's code, not that of wherever the package was installed from
    script = Path(sys.executable).parent / "policykg"  # the installed command, as a user runs it
    program = [str(script)] if script.exists() else [sys.executable, "-m", "api.cli"]
    command = list(under) + program + ["serve", "--host", "127.0.0.1", "--port", str(port)]
    with open(log, "wb") as fh:
        proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT,
                                preexec_fn=_limit_open_files(open_files) if open_files else None)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"policykg serve exited {proc.returncode}: {_tail(log)}")
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    stop(proc)
    raise RuntimeError(f"policykg serve did not answer /healthz within {wait:g} s: {_tail(log)}")


def stop(proc: subprocess.Popen, grace: float = 15.0) -> None:
    """SIGTERM, then SIGKILL if it has not exited after ``grace`` seconds."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


@contextmanager
def serving(settings: dict[str, str], log: Path, wait: float = 60.0):
    """``start`` for the length of a ``with`` block; yields the URL."""
    proc, url = start(settings, log, wait)
    try:
        yield url
    finally:
        stop(proc)


def _limit_open_files(n: int):
    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_NOFILE, (n, n))

    return limit


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-2000:]
