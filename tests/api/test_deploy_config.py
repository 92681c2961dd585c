"""The deploy recipe's nginx carries the replicas' limits (deploy/nginx.conf.in against api/settings.py's defaults
and api/gate.py's headers), and nginx accepts the configuration up.sh writes from it."""
from __future__ import annotations

import re
import shutil
import subprocess

from api.gate import CSP
from api.settings import ROOT, Settings

TEMPLATE = ROOT / "deploy" / "nginx.conf.in"


def directive(text: str, name: str) -> str:
    values = re.findall(rf"^\s*{name}\s+([^;]+);", text, re.M)
    assert len(values) == 1, (name, values)
    return values[0].strip()


def test_nginx_has_the_limits_of_the_settings():
    text = TEMPLATE.read_text(encoding="utf-8")
    s = Settings()
    assert directive(text, "client_header_timeout") == f"{s.header_timeout:g}s"
    assert directive(text, "keepalive_timeout") == f"{s.keep_alive_timeout:g}s"
    assert directive(text, "client_max_body_size") == f"{s.max_upload_mb + 1}m"  # the multipart around the file
    assert directive(text, "large_client_header_buffers") == f"4 {s.max_request_head_kb}k"
    assert directive(text, "limit_conn") == f"connections {s.max_connections}"
    assert int(re.search(r"worker_connections\s+(\d+);", text).group(1)) >= 2 * s.max_connections
    assert directive(text, "proxy_request_buffering") == "off"  # the key is checked before the body is stored
    assert f'add_header Content-Security-Policy "{CSP}" always;' in text
    assert "return 444;" in text and "server_name @SERVER_NAMES@;" in text


def test_nginx_accepts_the_written_configuration(tmp_path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    assert shutil.which(nginx), "nginx is missing: run `make system-deps`"
    (tmp_path / "tmp").mkdir()
    text = (TEMPLATE.read_text(encoding="utf-8").replace("@DIR@", str(tmp_path)).replace("@LISTEN@", "127.0.0.1:1")
            .replace("@UPSTREAMS@", "        server 127.0.0.1:2 max_fails=0;")
            .replace("@SERVER_NAMES@", "localhost 127.0.0.1"))
    (tmp_path / "nginx.conf").write_text(text, encoding="utf-8")
    done = subprocess.run([nginx, "-t", "-q", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
