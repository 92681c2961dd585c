"""extract/normalize.py, the PDF debris part: radical glyphs stand for ordinary ideographs."""
import pytest

from extract.normalize import normalize, radicals_to_ideographs


@pytest.mark.parametrize("debris,clean", [
    ("⼀批⾼排放柴油货⻋", "一批高排放柴油货车"),   # Kangxi radicals (NFKC) and a CJK Radicals Supplement one
    ("⻅效", "见效"),
    ("⺠⽣实事", "民生实事"),
    ("到2025年", "到2025年"),               # nothing else changes
])
def test_radicals_to_ideographs(debris, clean):
    assert radicals_to_ideographs(debris) == clean
    assert len(radicals_to_ideographs(debris)) == len(debris)  # one for one: offsets hold


def test_normalize_maps_them_too():
    assert normalize("推动⼀批⾼排放柴油货⻋淘汰").text == "推动一批高排放柴油货车淘汰"
