"""The walkthrough notebook runs top to bottom (nbclient, a fresh kernel) with no error, and draws its plots."""

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow

NOTEBOOK = ROOT / "notebooks" / "walkthrough.ipynb"


def test_the_walkthrough_runs_top_to_bottom(tmp_path, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit the notebook without outputs"
    monkeypatch.setenv("POLICYKG_NOTEBOOK_WORK", str(tmp_path))  # the kernel builds its knowledge base here
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()  # raises on any error
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert sum("image/png" in o.get("data", {}) for o in outputs if o.output_type == "display_data") == 2
    assert "CJK font: none" not in text
    assert "lead: 市农业农村局" in text
    assert "county measure: 002_67f8289a9b82292a-" in text
    nbformat.write(nb, tmp_path / "walkthrough.executed.ipynb")  # left for a reader who wants to look
