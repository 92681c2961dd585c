"""Knowledge bases built once per test session (tmp folders), from the bundled corpus."""
from __future__ import annotations

import shutil

import pytest

from api.settings import Settings

from .conftest_paths import CORPUS, ONTOLOGY


def kb_settings(kb_dir, **more) -> Settings:
    return Settings.from_env(env={}, kb_dir=kb_dir, ontology_dir=ONTOLOGY, lock_timeout=30, **more)


@pytest.fixture(scope="session")
def corpus_kb(tmp_path_factory):
    """The whole corpus, built with validation: (settings, outcome)."""
    from kg.build.ops import build

    kb = tmp_path_factory.mktemp("corpus") / "kb"
    settings = kb_settings(kb)
    return settings, build([CORPUS], settings)


@pytest.fixture
def corpus_copy(tmp_path):
    """The corpus files in a folder of their own (to build from part of it)."""
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    return folder


@pytest.fixture(scope="session")
def small_kb(tmp_path_factory):
    """Two documents built by code (tests/kg/fixtures.py): 苏州's plan and 昆山's annual plan under it."""
    from kg.build.ops import build_documents

    from .fixtures import kunshan_annual, suzhou_plan

    kb = tmp_path_factory.mktemp("small") / "kb"
    settings = kb_settings(kb, base_iri="https://example.org/kb/")
    docs = [suzhou_plan(), kunshan_annual([("持续推进细颗粒物浓度下降，到2025年PM2.5浓度降至28微克/立方米。", "市生态环境局"),
                                           ("推进VOCs综合治理。", None)])]
    return settings, build_documents(docs, settings)


TOWNSHIP_DOCS = ("sz_plan.txt", "ks_2025.txt", "zz_2025.txt")


def township_documents():
    """苏州's plan, 昆山's annual plan, and 周庄镇's (a town of 昆山) annual plan: the three levels down to a township."""
    from .fixtures import kunshan_annual, suzhou_plan, zhouzhuang_annual

    return [suzhou_plan(), kunshan_annual([("持续推进细颗粒物浓度下降，加强餐饮油烟治理。", "市生态环境局")]),
            zhouzhuang_annual()]


@pytest.fixture(scope="session")
def township_kb(tmp_path_factory):
    """The three documents of ``township_documents`` built with validation: (settings, outcome)."""
    from kg.build.ops import build_documents

    kb = tmp_path_factory.mktemp("township") / "kb"
    settings = kb_settings(kb, base_iri="https://example.org/kb/")
    return settings, build_documents(township_documents(), settings)
