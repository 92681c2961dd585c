"""Questions as hypothesis makes them: Chinese text, agency and place names, years, decimals, percentages, units and
punctuation, in any order (shared by the library's property test and the live server's)."""
from __future__ import annotations

from hypothesis import strategies as st

WORDS = ["谁牵头", "什么时候完成", "要达到多少", "哪些任务", "已经逾期", "今年到期", "下个月到期", "年底前要完成哪些",
         "是不是", "牵头吗", "还是", "配合单位有哪些", "提前几天", "负责哪些任务", "的", "和", "要", "在", "任务",
         "岸电", "VOCs综合治理", "细颗粒物", "PM2.5", "晚上噪声", "优良天数比率", "秸秆综合利用率", "目标是多少", "那份",
         "工作总结里", "《全面推进美丽苏州建设工作方案》", "方案中", "全市", "全县", "本镇", "国家", "三个月内到期"]
AGENCIES = ["环保局", "市生态环境局", "苏州市生态环境局", "苏州环保局", "交通局", "苏州市交通运输局", "发改委", "交警",
            "城管", "生态环境部", "国家发展改革委", "嘉兴市生态环境局平湖分局", "市交通局", "县住建局", "区政府",
            "不存在局", "交通运输部门", "人民银行", "苏州海关", "市委宣传部"]
PLACES = ["苏州", "苏州市", "郑州", "郑州市", "平湖", "平湖市", "嘉兴", "昆山市", "吴江区", "太湖", "新建", "全国", "江苏省",
          "浙江", "北京", "杨凌", "雨花区", "周庄镇"]
UNITS = ["%", "％", "微克/立方米", "万吨", "亿元", "个百分点", "台", "辆", "亩", "天", "平方公里", "μg/m3"]
PUNCTUATION = list("，。？！、；：（）《》“”?!,.:;()[]- \n\t")

number = st.one_of(st.integers(0, 100000).map(str),
                   st.floats(0, 10000, allow_nan=False, allow_infinity=False).map(lambda x: f"{x:.1f}"),
                   st.floats(0, 100, allow_nan=False, allow_infinity=False).map(lambda x: f"{x:.3f}"))
piece = st.one_of(
    st.sampled_from(WORDS), st.sampled_from(AGENCIES), st.sampled_from(PLACES), st.sampled_from(PUNCTUATION),
    st.integers(1900, 2100).map(lambda y: f"{y}年"),
    st.tuples(number, st.sampled_from(UNITS)).map("".join),
    number,
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=6),
    st.text(max_size=4),  # anything at all: controls, surrogates' neighbours, emoji
)
questions = st.lists(piece, max_size=12).map("".join)
