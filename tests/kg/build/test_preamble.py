"""What a document writes around its measures (kg/rules/preamble.toml): never a goal in a trail."""
import pytest

from extract.normalize import normalize
from kg.build.preamble import part_of

CASES = [
    ("各省辖市人民政府，济源示范区、航空港区管委会，省人民政府各部门：", "preamble.addressee"),
    ("市各委办局，各直属单位：", "preamble.addressee"),
    ("《2017年山东省政务公开工作要点》已经省政府同意，现印发给你们，请认真贯彻执行。", "preamble.transmittal"),
    ("现将1-9月的工作落实情况报告如下：", "preamble.transmittal"),
    ("为认真贯彻落实《关于全面推进美丽江苏建设的实施意见》，加快推进美丽苏州建设，制定以下工作方案。", "preamble.purpose"),
    ("根据《河南省空气质量持续改善行动计划》，结合全县实际，制定本方案。", "preamble.purpose"),
    ("坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，深入践行习近平生态文明思想。", "preamble.guidance"),
    ("2017年全省政务公开工作的总体要求是：全面贯彻党的十八大精神。", "preamble.guidance"),
    ("（一）指导思想。", "preamble.guidance"),
    ("2025年是“十四五”收官之年，也是全面推进美丽苏州建设的关键之年。", "preamble.context"),
    ("近年来，我市开展无废城市建设试点，取得积极成效。", "preamble.account"),
    ("2019年，永州市坚持以改善生态环境质量为中心，切实打好污染防治攻坚战，取得积极成效。", "preamble.account"),
    ("西安市人民政府办公厅", "preamble.signature"),
    ("2022年7月27日", "preamble.signature"),
    ("國務院:大力發展新能源和清潔能源 到2025年電能佔終端能源消費比重達30%左右插图1", "preamble.caption"),
    ("京政办发〔2016〕26号《北京市人民政府办公厅关于印发〈北京市2016年政务公开工作要点〉的通知》", "preamble.title"),
    ("序号陕西省《工作要点》部署任务西安市落实措施牵头单位责任单位完成时限备注", "preamble.header"),
    ("《潍坊政务公开工作要点实施方案.docx》由会员分享，可在线阅读。", "preamble.page"),
    # measures, however they open
    ("强化秸秆禁烧工作，运用“铁塔天眼”等手段，秸秆焚烧和垃圾散烧做到“防早防小”。", None),
    ("到2025年，全市PM2.5浓度保持28微克/立方米左右。", None),
    ("12月7日，国务院印发《空气质量持续改善行动计划》，其中提到，大力发展新能源和清洁能源。到2025年，非化石能源消费比重达20%左右。", None),
    ("各区镇对本行政区域内空气质量负总责，明确目标任务，细化工作措施。", None),
    ("指导各区政府建立健全权力清单和责任清单制度，并做好权力清单、责任清单编制和公开工作。", None),
    ("以降低PM2.5浓度为主线，大力推进NOx和VOCs减排。", None),
]


@pytest.mark.parametrize("text,rule", CASES, ids=[c[0][:14] for c in CASES])
def test_part_of(text, rule):
    assert part_of(normalize(text).text) == rule
