"""The worker side of a build (kg/build/workers.py): one typed result per job, the same in a pool as in process."""
import pickle
from concurrent.futures import ProcessPoolExecutor

import pytest

from kg.build import workers
from kg.build.hierarchy import infer
from kg.build.ops import read_manifest
from kg.build.validate import Finding, Report, ValidationError

from ..conftest import kb_settings
from ..conftest_paths import CORPUS


@pytest.fixture(scope="module")
def started(tmp_path_factory):
    workers.start(kb_settings(tmp_path_factory.mktemp("kb")))
    return workers.workshop()


def test_a_file_comes_back_prepared_with_its_graph(started):
    manifest = read_manifest(CORPUS)
    path = CORPUS / "001_a4dc09f2c6a77e08.txt"
    job = workers.prepare((path, manifest.get(path.name)))
    assert isinstance(job, workers.DocumentJob) and job.refused is None and job.source == str(path)
    doc = job.prepared
    assert doc.name == path.name and doc.views and doc.nquads.count(b"\n") > 100
    assert doc.graph == str(started.ctx.ids.doc_graph(path.name))
    assert set(doc.seconds) == {"extract", "graph", "validate"}


@pytest.mark.parametrize("content, reason", [
    (b"", "the file is empty"),
    (b"\x00\x01\x02\xff" * 64, "binary data or an unknown text encoding"),
])
def test_a_file_that_cannot_be_read_comes_back_refused_with_its_reason(started, tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    job = workers.prepare((path, None))
    assert job == workers.DocumentJob(str(path), prepared=None, refused=reason)


def test_a_pair_comes_back_as_its_link_graph(started):
    manifest = read_manifest(CORPUS)
    prepared = {}
    for path in sorted(CORPUS.glob("*.txt")):
        job = workers.prepare((path, manifest.get(path.name)))
        prepared[job.prepared.name] = job.prepared
    hierarchy = infer([p.info for p in prepared.values()])
    (child, ancestor), distance = sorted(hierarchy.pairs().items())[0]
    infos = {name: p.info for name, p in prepared.items()}
    pair = workers.link(workers.pair_job(hierarchy, infos, child, ancestor, distance, lambda n: prepared[n].views))
    assert isinstance(pair, workers.LinkedPair)
    assert pair.links > 0 and pair.nquads.count(b"\n") >= pair.links and pair.seconds >= 0
    assert pair.graph == str(started.ctx.ids.link_graph(child, ancestor))


def _invalid():
    finding = Finding(severity="Violation", focus="https://w3id.org/policykg/id/m/1", measure=None, measure_id="m1",
                      doc="a.txt", rule="measure.prose", shape="pkg:MeasureShape", path="pkg:text",
                      message="Less than 1 values on pkg:text")
    raise ValidationError(Report((finding,)))


def test_a_graph_that_breaks_the_shapes_reaches_the_build_whole_from_a_worker_process():
    """A pool pickles what a worker raises: the build gets the ValidationError with its report, not a TypeError."""
    with pytest.raises(ValidationError) as here:
        _invalid()
    again = pickle.loads(pickle.dumps(here.value))
    assert again.report == here.value.report and str(again) == str(here.value)
    with ProcessPoolExecutor(1) as pool:
        with pytest.raises(ValidationError) as there:
            pool.submit(_invalid).result()
    assert there.value.report == here.value.report


def test_the_workshop_must_be_started_first(monkeypatch):
    monkeypatch.setattr(workers, "_WORKSHOP", None)
    with pytest.raises(RuntimeError, match="start"):
        workers.workshop()
