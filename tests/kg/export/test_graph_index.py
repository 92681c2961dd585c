"""The graph view's table follows the store graph by graph, and a neighbourhood stays small."""
from __future__ import annotations

import pytest

from kg.export.graph_index import GraphIndex
from kg.neighbourhood import neighbourhood
from kg.store import open_store
from kg.timebox import Timebox, TimeUp

from ..conftest import kb_settings
from ..fixtures import kunshan_annual, suzhou_plan

B = "https://example.org/kb/"


@pytest.fixture
def written(tmp_path):
    """A knowledge base of the two fixture documents that the test may write to."""
    from kg.build.ops import build_documents

    settings = kb_settings(tmp_path / "kb", base_iri=B, validate=False)
    build_documents([suzhou_plan(), kunshan_annual()], settings)
    return settings


def graphs(index) -> set[str]:
    return {name for (name,) in index.query("SELECT name FROM graphs")}


def test_only_the_graphs_a_write_touched_are_read_again(written, tmp_path):
    from kg.build.ops import add_document, remove

    index = GraphIndex(tmp_path / "graph.sqlite")
    with open_store(written.kb_dir) as store:
        held = set(store.graphs())
        assert index.refresh(store) == (len(held), 0) and graphs(index) == held
        assert index.refresh(store) == (0, 0)  # nothing written since
    add_document(kunshan_annual(name="ks_2026.txt"), written)
    with open_store(written.kb_dir) as store:
        read, dropped = index.refresh(store)
        new = set(store.graphs()) - held
        assert new and read < len(held) and dropped == 0  # its graph and its links, not every graph again
        assert graphs(index) == set(store.graphs())
    remove("ks_2026.txt", written)
    with open_store(written.kb_dir) as store:
        assert index.refresh(store)[1] == len(new) and graphs(index) == set(store.graphs())
        _, sub = neighbourhood(index, "ks_2025.txt", 1)
        assert B + "doc/ks_2026.txt" not in sub


class Steps(Timebox):
    """A timebox that runs out after a number of checks."""

    def __init__(self, steps: int):
        super().__init__(0)
        self.left = steps

    def check(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise TimeUp("out of steps")


def test_a_catch_up_stopped_by_its_time_keeps_what_it_read(written, tmp_path):
    index = GraphIndex(tmp_path / "graph.sqlite")
    with open_store(written.kb_dir) as store:
        total = len(store.graphs())
        with pytest.raises(TimeUp):
            index.refresh(store, Steps(2))
        done = len(graphs(index))
        assert 0 < done < total
        assert index.refresh(store) == (total - done, 0)


def test_a_neighbourhood_holds_at_most_its_cap_nearest_first(written, tmp_path):
    index = GraphIndex(tmp_path / "graph.sqlite")
    with open_store(written.kb_dir) as store:
        index.refresh(store)
    center, whole = neighbourhood(index, "sz-001", 2)
    assert not whole.graph["truncated"] and whole.number_of_nodes() > 6
    center, capped = neighbourhood(index, "sz-001", 2, max_nodes=6)
    assert capped.graph["truncated"] and capped.number_of_nodes() == 6
    _, one = neighbourhood(index, "sz-001", 1)
    near = set(one)
    assert set(capped) <= near  # the first hop before the second
    assert {(s, o) for s, o in capped.edges()} == {(s, o) for s, o in whole.subgraph(capped).edges()}
