"""Browser tests: a real ``policykg serve`` on a loopback port, Debian's Chromium driven by Playwright.

The server builds its own knowledge base from ``corpus/`` in a temporary folder and gets an
API key of its own. axe-core comes from npm (``tests/web/package.json``; ``make test`` runs
``npm ci --prefix tests/web``, and this file does too when it is missing) and is injected into
the page under test only. Screenshots of every view go to ``tests/web/screenshots/``.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from api.launch import free_port

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SCREENSHOTS = HERE / "screenshots"
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("POLICYKG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
LAPTOP = {"width": 1366, "height": 768}
COUNTY = "002_67f8289a9b82292a.txt"  # 平湖市's 2025 work plan, under 苏州市's work points
PHONE = {"width": 390, "height": 844}


def _get(url: str, timeout: float = 5.0) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as r:  # noqa: S310 (loopback only)
        return r.read()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """A ``policykg serve`` of its own: {"url", "key", "kb"}; stopped at the end of the session."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (Debian's chromium package)")
    kb = tmp_path_factory.mktemp("webkb") / "kb"
    port = free_port()
    key = secrets.token_hex(8)
    env = {**os.environ, "POLICYKG_KB_DIR": str(kb), "POLICYKG_API_KEY": key, "POLICYKG_PORT": str(port),
           "POLICYKG_HOST": "127.0.0.1", "POLICYKG_CORPUS_DIR": str(ROOT / "corpus")}
    log = open(tmp_path_factory.mktemp("serve") / "serve.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "api", "serve"], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while True:
        try:
            if json.loads(_get(url + "/healthz")).get("measures"):
                break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"policykg serve did not come up; see {log.name}")
        time.sleep(0.5)
    yield {"url": url, "key": key, "kb": kb}
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    log.close()


@pytest.fixture(scope="session")
def base_url(server):
    return server["url"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, base_url):
    return {**browser_context_args, "base_url": base_url, "locale": "zh-CN", "timezone_id": "Asia/Shanghai",
            "viewport": LAPTOP, "accept_downloads": True}


@pytest.fixture(autouse=True)
def offline(page, base_url):
    """The page asks nothing of any host but policykg: every other request is refused and fails the test."""
    outside: list[str] = []

    def guard(route):
        if route.request.url.startswith(base_url + "/"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    yield
    assert outside == [], f"the page asked other hosts: {outside}"


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, installed from npm into tests/web/node_modules when it is missing."""
    if not AXE.exists():
        npm = shutil.which("npm")
        if not npm:
            pytest.fail("npm is missing: run `make system-deps`, then `make web-deps`")
        subprocess.run([npm, "ci", "--prefix", str(HERE), "--no-audit", "--no-fund"], check=True)
    return AXE.read_text(encoding="utf-8")


def straw_burning(page) -> tuple[str, str]:
    """The county task to keep banning straw burning, and the city measure it carries out best."""
    body = page.request.get("/api/trace", params={"doc": COUNTY, "contains": "秸秆禁烧"}).json()
    return body["measure"]["measure_id"], body["parents"][0]["measure_id"]


def open_view(page, path: str):
    """Go to a view of the page (``#/…``) and wait until it has rendered everything it asked for."""
    page.goto("/" + path)
    page.wait_for_selector(".view[data-ready=true]", timeout=30_000)
    return page


def shoot(page, name: str, full_page: bool = False) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def serious_violations(page, axe_source: str) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # evaluated by the browser's debugging protocol: an inline <script> the page's CSP would refuse
        page.evaluate(axe_source + "\n;undefined")
    result = page.evaluate("async () => await window.axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")]
