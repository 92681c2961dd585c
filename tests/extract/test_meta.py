"""Document metadata read from the text (meta.py): title, number, date, place, level, kind, year, owner."""
from datetime import date

import pytest

from extract.meta import read_meta
from extract.normalize import normalize

FIELDS = ("title", "doc_number", "date", "jurisdiction", "level", "kind", "plan_year", "owner")

CASES = [
    # a page's metadata table: the labelled title, never a metadata line; its date
    ("索引号: 11341602003165628D/202506-00023 组配分类: 决策部署落实情况\n发布机构: 谯城区教育局 主题分类: 科技、教育\n"
     "名称: 谯城区教育局2025年政府工作报告重点工作任务分解表 文号:\n发文日期: 2025-06-13 发布日期: 2025-06-13\n"
     "一、重点任务\n1.推进学校建设。\n",
     ("谯城区教育局2025年政府工作报告重点工作任务分解表", None, date(2025, 6, 13), "谯城区", "county", "task-breakdown",
      2025, None)),
    # a news item that opens by reporting the document: its issuer and title, the kind and year of that title
    ("近日,德州市残联印发2023年工作要点,对全年工作进行详细部署。今年,全市残疾人工作将坚持以促进残疾人全面发展为主线。\n"
     "稳步提高残疾人社会保障水平\n深入实施阳光家园计划,年内托养不少于1000人。\n",
     ("2023年工作要点", None, None, "德州市", "city", "annual-plan", 2023, None)),
    # a street's notice: the street is the one its signature names, not …已经街道党工委…审定
    ("印发《关于全面推行河长制的实施意见》的通知\n各办、各村(社区):\n《关于全面推行河长制的实施意见》已经街道党工委、"
     "办事处审定,现印发给你们。\n中共长沙市望城区丁字湾街道工作委员会\n长沙市望城区丁字湾街道办事处\n2017年12月12日\n"
     "全街道各村(社区)要落实河长制。\n",
     ("印发《关于全面推行河长制的实施意见》的通知", None, date(2017, 12, 12), "望城区丁字湾街道", "township", "plan", None,
      None)),
    # untitled: opening with its year and what its body kept doing then, an account of that year; with the
    # year's 总体思路, that year's plan; with 将, a plan
    ("2023年,长寿镇党委、政府坚持以习近平新时代中国特色社会主义思想为指导,全面落实法治思想。\n一、政治思想引领\n"
     "长寿镇始终将法治政府建设纳入全镇发展总体规划。\n",
     (None, None, None, "长寿镇", "township", "progress-report", 2023, None)),
    ("2024年是实施十四五规划关键一年。2024年全市水利工作的总体思路是:坚持以习近平新时代中国特色社会主义思想为指导。\n"
     "一、致力水利工程补短板\n1.系统谋划重大水利项目。\n",
     (None, None, None, None, "city", "annual-plan", 2024, None)),
    ("2024年,全市将坚持以习近平新时代中国特色社会主义思想为指导,做好各项工作。\n一、重点任务\n1.推进项目建设。\n",
     (None, None, None, None, "city", "plan", None, None)),
    # a province by its short name (江苏是鱼米之乡…), not the country whose documents it carries out
    ("关于做好二〇二三年全面推进乡村振兴重点工作的实施意见\n江苏是鱼米之乡、农业大省,在新征程上全面推进中国式现代化江苏新实践,"
     "必须坚持不懈把解决好三农问题作为重中之重,贯彻党中央、国务院决策部署,落实中央一号文件。全省上下要立足省情。\n"
     "一、抓紧抓好粮食生产\n1.稳定粮食播种面积。\n",
     ("关于做好二〇二三年全面推进乡村振兴重点工作的实施意见", None, None, "江苏省", "province", "plan", None, None)),
    ("2024年,市场监管总局坚决贯彻党中央、国务院决策部署,严格落实四个最严要求。\n压实两个责任。推动食品安全属地管理落实。\n",
     (None, None, None, None, None, "progress-report", 2024, None)),
    # a province's short name inside a city's name (吉林市) is the city's
    ("吉林市2023年生态环境工作要点\n一、重点任务\n全市要推进吉林市生态文明建设,吉林市各区要落实。\n1.推进项目建设。\n",
     ("吉林市2023年生态环境工作要点", None, None, "吉林市", "city", "annual-plan", 2023, None)),
    # a town that speaks of itself (我镇, 全镇) is a township's document, whatever of the centre it cites; a title
    # that opens with a street is the street's; a place in brackets inside a company's name is not the document's
    ("镇2022年农村人居环境集中整治攻坚行动实施方案\n根据市委市政府关于人居环境综合整治的部署,为深入实施乡村振兴战略,"
     "贯彻党中央、国务院决策,全面提升我镇农村人居环境质量。\n一、总体目标\n在2022年5月底前实现全镇农村人居环境显著改善。\n",
     ("镇2022年农村人居环境集中整治攻坚行动实施方案", None, None, None, "township", "annual-plan", 2022, None)),
    ("公开方式: 主动公开\n珠山街道2024年工作计划\n来源:珠山街道办事处 发布时间:2024-02-26 11:11\n一、重点工作\n"
     "持续加强与天仪基业(上海)智能科技有限公司合作。\n",
     ("珠山街道2024年工作计划", None, date(2024, 2, 26), "珠山街道", "township", "annual-plan", 2024, None)),
    # an account written against the year's plan (截止10月28日, 占年计划的95%) is a progress report
    ("市林业局围绕年度目标任务,扎实推进各项林业重点工作。\n(一)完成林业固定资产投资2亿元,占年计划的100%。\n"
     "(二)截止10月28日,完成造林11.4万亩,占年计划12万亩的95%。\n",
     (None, None, None, None, "city", "progress-report", None, None)),
    # a notice's inner title behind its label; the number without the label glued before it
    ("信息标题 市政府办公室关于印发太仓市2018年度生态文明建设目标任务书的通知 内容概述\n各镇人民政府:\n"
     "现将《太仓市2018年度生态文明建设目标任务书》印发给你们。\n文号太政办〔2018〕87号\n",
     ("太仓市2018年度生态文明建设目标任务书", "太政办〔2018〕87号", None, "太仓市", "county", "annual-plan", 2018, None)),
    # a title in 《》 over three lines; a breakdown by its title
    ("广东省人民政府印发\n《2023年省〈政府工作报告〉\n工作任务分工方案》\n粮食产量1268万吨以上\n部门分工:省农业农村厅牵头,各地、各部门配合。\n",
     ("2023年省〈政府工作报告〉工作任务分工方案", None, None, "广东省", "province", "task-breakdown", 2023, None)),
    # a town's own plan: township level; a signature date in Chinese numerals
    ("各行政村、各有关单位:\n经镇政府研究决定,现将《徐庄镇2017年度安全生产专项整治工作计划》印发给你们,请遵照执行。\n"
     "二〇一七年二月二十四日\n徐庄镇2017年度安全生产专项整治\n工作计划\n按照镇政府关于2017年安全生产工作的总体要求,根据我镇实际,特制定本工作计划。\n",
     ("徐庄镇2017年度安全生产专项整治工作计划", None, date(2017, 2, 24), "徐庄镇", "township", "annual-plan", 2017, None)),
    # a district named with its city; a notice's inner title with quotes in it
    ("杭州市拱墅区人民政府办公室关于印发拱墅区“清洁排放区”建设暨大气污染防治2018年实施计划的通知\n拱政办发〔2018〕42号\n"
     "各街道办事处,区政府各部门:\n现将《拱墅区“清洁排放区”建设暨大气污染防治2018年实施计划》印发给你们。\n"
     "杭州市拱墅区人民政府办公室\n2018年9月28日\n一、工作目标\n全区环境空气质量持续改善。\n",
     ("拱墅区“清洁排放区”建设暨大气污染防治2018年实施计划", "拱政办发〔2018〕42号", date(2018, 9, 28), "杭州市拱墅区",
      "county", "annual-plan", 2018, None)),
    # an untitled annual plan that its bureau speaks: the bureau owns it
    ("2025年是“十四五”规划的收官之年,生态环境局将拿出“咬定青山不放松”的工作劲头,坚决守牢底线。\n(一)坚持靶向治理\n"
     "持续推进133个污染控制区整治。\n",
     (None, None, None, None, None, "annual-plan", 2025, "生态环境局")),
    # a government's general office issues tasks for others and owns none
    ("福州市人民政府办公厅关于下达2018年促进就业工作目标责任制任务的通知\n各县(市)区人民政府:\n"
     "一、明确目标。2018年全市促进就业目标责任制主要指标:全市实现城镇新增就业12.2万人。\n福州市人民政府办公厅\n2018年3月2日\n",
     ("2018年促进就业工作目标责任制任务", None, date(2018, 3, 2), "福州市", "city", "annual-plan", 2018, None)),
    # a metadata table flattened with pipes: its date; the year an annual plan opens with
    ("索引号: | 002489698/2023-272488 | 公开方式: | 主动公开 |\n文号: | 公开日期: | 2023-07-28 | |\n"
     "2023年是全面贯彻落实党的二十大精神开局之年。全市做好“三农”工作。\n一、主要目标\n",
     (None, None, date(2023, 7, 28), None, "city", "annual-plan", 2023, None)),
    # the first line names whom it goes to (各镇人民政府,地区和街道办事处): no township; the district by its title
    ("各镇人民政府,地区和街道办事处,区政府各委、办、局,各区属机构:\n《顺义区2016年政务公开工作要点》已经区政府同意,"
     "现印发给你们。\n北京市顺义区人民政府办公室\n2016年9月12日\n顺义区2016年政务公开工作要点\n一、认真落实政务公开重点工作任务\n",
     ("顺义区2016年政务公开工作要点", None, date(2016, 9, 12), "北京市顺义区", "county", "annual-plan", 2016, None)),
    # a province that masks its name and speaks of 全省: no national document
    ("2023 年生态环境工作要点\n2023 年是全面贯彻落实党的二十大精神的开局之年。根据党中央、国务院决策部署以及省委、省政府和"
     "生态环境部工作要求,现对 2023 年全省生态环境工作作出如下安排。\n主要目标是:全省地表水省控断面优良比例达到 89.3%。"
     "全省受污染耕地安全利用率稳定在 91%以上。\n",
     ("2023年生态环境工作要点", None, None, None, "province", "annual-plan", 2023, None)),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0][:12] for c in CASES])
def test_read_meta(resources, text, expected):
    meta = read_meta(normalize(text).text, resources.registry).meta
    assert tuple(getattr(meta, f) for f in FIELDS) == expected


def test_a_bureaus_own_work_plan_is_its_own():
    from extract import Resources, extract_text
    from pathlib import Path

    res = Resources.from_dir(Path(__file__).resolve().parents[2] / "ontology")
    text = "平昌县农业农村局2020年工作计划\n2019-12-25 16:39\n一、推动农业产业高质量发展\n1.建设现代农业园区5个。\n"
    doc = extract_text(text, "a.txt", res)
    # the owner keeps the name its document gives it, as the gold of other places does (华容县文旅广电局)
    assert (doc.meta.owner, doc.meta.kind, doc.meta.plan_year, doc.meta.date) == (
        "平昌县农业农村局", "annual-plan", 2020, date(2019, 12, 25))
    assert [a.name for a in doc.measures[-1].lead] == ["平昌县农业农村局"]


def test_a_pages_publication_date_dates_the_document_but_gives_no_year_to_its_deadlines(resources):
    # 发布时间 is when a site put the page up, maybe years after the text: the text's 年底前 stays open;
    # a 成文日期 is the text's own date
    from extract import extract_text
    body = "关于做好道路养护工作的通知\n{label}：2021-12-27\n一、完成道路维修。年底前完成。（责任单位：县交通运输局）\n"
    published = extract_text(body.format(label="发布时间"), "a.txt", resources)
    written = extract_text(body.format(label="成文日期"), "a.txt", resources)
    assert published.meta.date == written.meta.date == date(2021, 12, 27)
    dues = lambda doc: [d.due for m in doc.measures for d in m.deadlines]  # noqa: E731
    assert dues(published) == [None]
    assert dues(written) == [date(2021, 12, 31)]


@pytest.mark.parametrize("line, issuer", [
    ("发布时间：2023-04-08 来源：本网 浏览次数：1179", None),
    ("来源：芜湖市教育局阅读次数：305", "芜湖市教育局"),
    ("发布机构：谯城区教育局 主题分类：科技、教育", "谯城区教育局"),
    ("发布机构 | 市交通运输局规划处 | 公开范围 | 面向社会 |", "市交通运输局规划处"),
    ("发布单位: | 杭州市农业农村局(杭州市乡村振兴局) | 主题分类: | 农业 |", "杭州市农业农村局"),
])
def test_a_source_line_names_an_issuer_only_when_it_names_a_body(resources, line, issuer):
    text = f"关于做好道路养护工作的通知\n{line}\n一、完成道路维修。\n"
    assert read_meta(normalize(text).text, resources.registry).meta.issuer == issuer


def test_a_municipality_by_its_short_name_and_the_bureau_that_speaks_of_its_year(resources):
    # 北京 is how Beijing writes of itself; a report whose body opens a later line with its year's work
    text = ("根据市政府办公厅通知要求，我们重点梳理年度任务完成情况。\n一、总体情况\n"
            "2023年，市卫生健康委以习近平新时代中国特色社会主义思想为指导，推动北京卫生健康事业发展。\n"
            "二、完成情况\n1.支持雄安新区医疗机构建设，北京援建医院开诊。\n2.推进北京医疗资源向雄安新区疏解。\n"
            "3.完成年度考核工作，北京地区医疗机构全部参评，北京市民满意度提升。\n4.北京急救体系建设取得进展。\n")
    meta = read_meta(normalize(text).text, resources.registry).meta
    assert (meta.jurisdiction, meta.level, meta.kind, meta.owner) == ("北京市", "province", "progress-report", "市卫生健康委")
