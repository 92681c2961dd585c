"""Arbitrary text never crashes the extractor (hypothesis)."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import extract_text

# text built from the pieces policy documents are made of, plus anything at all
PIECES = ["一、", "(一)", "（二）", "1.", "2、", "①", "一是", "第三条", "【", "】", "牵头单位:", "责任单位：", "市发改委",
          "、", "，", "。", "；", "(", ")", "（", "）", "〔", "〕", "牵头", "配合", "按职责分工负责", "到2025年", "年底前",
          "6月底前", "每年", "十四五", "截至", "95%", "以上", "28微克/立方米", "\t", "\n", " ", "|", "序号", "各区、",
          "以下均需", "不再列出", "翻一番", "比2020年", "力争", "淘(tao)汰", "牽頭單位", "2024年10月26日", "苏府〔2024〕59号"]

docs = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(docs)
def test_any_text_extracts(resources, text):
    doc = extract_text(text, "x.txt", resources)
    for m in doc.measures:
        assert 0 <= m.start <= m.end <= len(doc.text)
        assert doc.raw_text(m.start, m.end) is not None
        for d in m.deadlines:
            assert 0 <= d.start <= d.end <= len(doc.text)


# a clause: a verb, its object, an organ word ending the clause, then a role word
VERBS = ["建设", "推进", "发挥", "依托", "加强", "完善", "落实", "组织", "开展", "推动", "强化", "实施"]
OBJECTS = ["数字政府", "农业农村部门", "“粤治慧”", "县政府", "各单位", "市场监管", "服务中心", "指挥部"]
ENDINGS = ["局", "委", "办", "政府", "中心", "部门", "单位", "管委会"]
ROLES = ["牵头", "负责", "配合", "参与", "按职责分工负责"]
clauses = st.tuples(st.sampled_from(VERBS), st.sampled_from(OBJECTS), st.sampled_from(["", "的", "要", "和"]),
                    st.sampled_from(ENDINGS), st.sampled_from(ROLES)).map("".join)


@settings(max_examples=300, deadline=None)
@given(clauses)
def test_a_clause_is_never_an_agency(resources, clause):
    """A stretch that opens with a verb (建设数字政府牵头, 发挥农业农村部门配合) names no agency."""
    from extract.attribution import AgencyContext, AttributionParser

    attr = AttributionParser(AgencyContext(resources.registry, "市", ())).parse(clause, 0)
    assert [a.name for a in attr.lead + attr.support] == []
