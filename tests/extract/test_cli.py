"""`policykg extract`: the JSON of CONTRACT.md, a readable summary, one-line errors with exit status 2."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "api.cli"]


def run(*args, cwd=ROOT):
    return subprocess.run([*CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_json_contract(corpus_dir):
    proc = run("extract", corpus_dir / "001_a4dc09f2c6a77e08.txt", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["doc"] == "001_a4dc09f2c6a77e08.txt"
    assert set(out["meta"]) >= {"title", "issuer", "doc_number", "date", "jurisdiction", "level", "kind",
                                "plan_year", "owner"}
    assert out["meta"]["doc_number"] == "苏府〔2024〕59号" and out["meta"]["date"] == "2024-10-26"
    m = next(m for m in out["measures"] if "实施差别化的空间发展导向" in m["text"])
    assert set(m) >= {"id", "text", "heading", "lead", "support", "deadlines", "targets", "topics"}
    assert [a["name"] for a in m["lead"]] == ["市资源规划局"]
    assert m["deadlines"][0] == {**m["deadlines"][0], "text": "到2035年", "due": "2035-12-31", "recurring": None}
    assert (m["targets"][0]["value"], m["targets"][0]["unit"], m["targets"][0]["comparator"]) == (1950, "平方公里", ">=")


def test_summary_is_readable(corpus_dir):
    proc = run("extract", corpus_dir / "000_a96bc2db90b64911.txt")
    assert proc.returncode == 0
    assert "2025年全市生态环境工作要点" in proc.stdout and "measures" in proc.stdout


@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"", "the file is empty"),
    ("blank.txt", b"   \n\t  \n", "nothing but blank space"),
    ("noise.txt", bytes(range(256)) * 40, "binary data"),
    ("photo.pdf", b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 200, "not a PDF file: a JPEG image"),
    ("english.txt", b"This is an English memo about nothing in particular.\n" * 20, "no Chinese text"),
])
def test_unreadable_files_get_one_line_and_status_2(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    proc = run("extract", path)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"policykg: {path}: ") and reason in lines[0]
    assert "Traceback" not in proc.stderr


def test_missing_file(tmp_path):
    proc = run("extract", tmp_path / "nope.txt")
    assert proc.returncode == 2 and "no such file" in proc.stderr


def test_folder_with_progress_and_refusals(tmp_path, corpus_dir):
    (tmp_path / "a.txt").write_bytes((corpus_dir / "002_67f8289a9b82292a.txt").read_bytes())
    (tmp_path / "b.txt").write_bytes(b"")
    proc = run("extract", tmp_path)
    assert proc.returncode == 0
    assert "1 documents extracted, 1 refused" in proc.stdout
    assert "policykg: b.txt: the file is empty" in proc.stderr


def test_encodings_are_detected(tmp_path):
    text = "2025年全市生态环境工作要点\n一、重点任务\n(一)深入打好蓝天保卫战。推动餐饮油烟治理。\n"
    for enc in ("gb18030", "utf-16", "utf-8-sig"):
        path = tmp_path / f"doc-{enc}.txt"
        path.write_bytes(text.encode(enc))
        proc = run("extract", path, "--json")
        assert proc.returncode == 0, (enc, proc.stderr)
        out = json.loads(proc.stdout)
        assert out["meta"]["title"] == "2025年全市生态环境工作要点", enc
        assert any("推动餐饮油烟治理" in m["text"] for m in out["measures"])
