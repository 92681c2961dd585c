"""Upload in a real browser: preview what a document holds, add it, find its measure by search; a file
that cannot be read is refused in plain Chinese and nothing is added."""
import os
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from .conftest import open_view, shoot

pytestmark = pytest.mark.slow

NAME = "web_upload_test.txt"
TEXT = ("关于推进口袋公园建设工作的通知\n\n"
        "一、到2026年底前，全市新增口袋公园绿地52公顷。（市园林绿化局牵头，市住建局配合）\n"
        "二、加强行道树养护管理，2027年6月底前完成补植。（市城管局负责）\n")


def documents(page) -> list[str]:
    return [d["doc"] for d in page.request.get("/api/documents").json()["documents"]]


def test_preview_then_add_then_find_by_search(page, server, tmp_path):
    path = tmp_path / NAME
    path.write_text(TEXT, encoding="utf-8")
    try:
        open_view(page, "#/upload")
        page.get_by_label("API 密钥").fill(server["key"])
        page.locator("#u-file").set_input_files(path)
        preview = page.locator("section.preview")
        expect(preview).to_contain_text("2 条措施")
        table = preview.locator("table tbody")
        expect(table.locator("tr").first).to_contain_text("市园林绿化局")
        expect(table.locator("tr").first).to_contain_text("市住建局")
        expect(table.locator("tr").first).to_contain_text("2026-12-31")
        expect(table.locator("tr").first).to_contain_text("全市新增口袋公园绿地52公顷")
        assert NAME not in documents(page)  # a preview adds nothing
        shoot(page, "upload-preview", full_page=True)

        page.get_by_role("button", name="确认加入知识库").click()
        expect(preview.locator(".ok")).to_contain_text("已加入知识库")
        assert NAME in documents(page)

        page.get_by_role("link", name="搜索").click()
        page.get_by_label("问题或关键词").fill("口袋公园绿地")
        page.keyboard.press("Enter")
        first = page.locator("ol.ranked > li").first
        expect(first).to_contain_text("全市新增口袋公园绿地52公顷")
        expect(first).to_contain_text("关于推进口袋公园建设工作的通知")
    finally:
        page.request.delete(f"/api/documents/{quote(NAME)}", headers={"X-API-Key": server["key"]})


@pytest.mark.parametrize("name,data,key,reason", [
    ("broken.pdf", os.urandom(4000), "right", "文件无法读取"),
    ("english.txt", b"This is an English memo about nothing in particular.", "right", "没有找到政策文件的内容"),
    ("empty.txt", b"", "right", "文件是空的"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), "right", "不支持这种文件格式"),
    (NAME, TEXT.encode(), "wrong", "API 密钥不正确"),
])
def test_a_file_that_cannot_be_read_gets_the_reason_in_chinese(page, server, tmp_path, name, data, key, reason):
    before = documents(page)
    path = tmp_path / name
    path.write_bytes(data)
    open_view(page, "#/upload")
    page.get_by_label("API 密钥").fill(server["key"] if key == "right" else "not-the-key")
    page.locator("#u-file").set_input_files(path)
    error = page.locator(".upload-result .error")
    expect(error).to_contain_text(reason)
    expect(error).to_contain_text("没有添加")
    expect(page.get_by_role("button", name="确认加入知识库")).to_have_count(0)
    assert documents(page) == before
    if name == "broken.pdf":
        shoot(page, "upload-refused")
