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


@pytest.mark.parametrize("debris,clean", [
    ("優(yōu)化營商環(huán)境", "优化营商环境"),           # pinyin after a character
    ("打贏藍 (lán) 天保衛(wèi)戰(zhàn)", "打赢蓝天保卫战"),     # with a blank on each side, both go
    # a blank after the debris alone separates a table's cells: it stays, and the table with it
    ("序號(hào) 重點(diǎn)工作任務(wù) 牽頭責(zé)任單位", "序号 重点工作任务 牵头责任单位"),
])
def test_pinyin_debris_goes_and_cell_separators_stay(debris, clean):
    assert normalize(debris).text == clean
