"""Reading one attribution (``X牵头，Y、Z等参与``) into lead and support agencies.

``AttributionParser.parse`` turns the text of one attribution — a parenthesis at
an item's end, a label line, a table cell — into lead and support agencies in
canonical short form: as the document abbreviates them, with the place prefix
that the list implies made explicit (``市发改委、工信局等参与`` → 市发改委, 市工信局).
Agencies no list has seen are accepted by their form (``bodies.py``), not only by
the registry; role words come from ``roles.py``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..places import gazetteer
from ..records import AgencyRef
from ..registry import LEVEL_OF_PREFIX, Registry
from .bodies import body_forms
from .roles import role_words


@dataclass
class AgencyContext:
    """What a document tells about how to read its agency names."""

    registry: Registry
    default_prefix: str | None = None  # 市 / 区 / 县 / 省; None: national or unknown
    own_places: tuple[str, ...] = ()  # 苏州市, 苏州 … whose prefix a full name drops


@dataclass
class Attribution:
    lead: list[AgencyRef] = field(default_factory=list)
    support: list[AgencyRef] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0

    def __bool__(self) -> bool:
        return bool(self.lead or self.support)


_HARD = re.compile(r"[;；。]")
_SOFT = re.compile(r"[,，]")
_OPEN, _CLOSE = "(（〔[【", ")）〕]】"
_PLACE_TYPE = re.compile(r"^(?:各)?(?:[县市区乡镇]|乡镇|街道|开发区|特区|园区|功能区|高新区|经开区|示范区|新区|社区|村|县区|县市区)$")
_GOV_TAIL = body_forms().government_end  # …人民政府, …管委会 (rules/bodies.toml)
_BARE_TAILS = {"管委会", "人民政府", "政府", "管理委员会", "党委", "党工委", "办事处"}


_SPLIT_CACHE: dict[str, re.Pattern] = {}


def split_top(text: str, seps: str) -> list[tuple[int, int]]:
    """Spans of text between separators that stand outside brackets."""
    pattern = _SPLIT_CACHE.get(seps)
    if pattern is None:
        pattern = _SPLIT_CACHE[seps] = re.compile("[" + re.escape(_OPEN + _CLOSE + seps) + "]")
    spans, depth, start = [], 0, 0
    for m in pattern.finditer(text):
        ch = m.group(0)
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:
            spans.append((start, m.start()))
            start = m.end()
    spans.append((start, len(text)))
    return spans


class AttributionParser:
    def __init__(self, ctx: AgencyContext):
        self.ctx = ctx
        self.roles = role_words()
        self.forms = body_forms()
        self._probes: dict[str, Attribution] = {}

    def probe(self, text: str) -> Attribution:
        """``parse`` at offset 0, remembered: cells are probed more than once."""
        got = self._probes.get(text)
        if got is None:
            got = self._probes[text] = self.parse(text, 0, rule="probe")
        return got

    # ------------------------------------------------------------ entry point
    def parse(self, text: str, offset: int = 0, rule: str = "attribution",
              column_role: str | None = None, lead_label_present: bool | None = None) -> Attribution:
        """Read one attribution. ``column_role`` is the role a table column gives its cells."""
        roles = self.roles
        self._running_prefix = None
        self._named: set[int] = set()  # starts of bare items in lists that write every prefix
        if lead_label_present is None:
            lead_label_present = any(roles.labels.get(m.group(1), ("", ""))[0] == "lead"
                                     for m in roles.label_any.finditer(text))
        r = _Reading(rule=rule, label_role=column_role, label_rule=rule, lead_label_present=lead_label_present)
        for hs, he in split_top(text, ";；。\n"):
            r.in_blanket = False
            for cs, ce in split_top(text[hs:he], ",，"):
                self._clause(r, text, cs + hs, ce + hs)
        if r.pending:
            role = "lead" if not r.has("lead") else "support"
            r.assigned += [(i, s, e, role, rule + ".bare") for i, s, e in r.pending]
        return self._result(r, text, offset)

    def _clause(self, r: "_Reading", text: str, cs: int, ce: int) -> None:
        """One comma clause: a blanket note, a label and its list, a role word before or after a list."""
        roles, forms = self.roles, self.forms
        clause = text[cs:ce]
        if not clause.strip():
            return
        if r.in_blanket or forms.blanket.search(clause):
            r.in_blanket = True
            names = roles.after_re.sub("", re.sub(r"^.*?(?:均需|均由|需|由|涉及)", "", clause))
            r.blanket_names.update(re.sub(r"\s+", "", item) for item, _, _ in self._items(names, cs))
            return
        m = roles.label_re.match(clause)
        if m:
            if r.pending:
                r.assigned += [(i, s, e, "lead" if not r.has("lead") else "support", r.rule) for i, s, e in r.pending]
                r.pending = []
            role, rule_id = roles.labels[m.group(1)]
            if role == "marker":  # 部门分工：X牵头，Y配合 — the words after it give the roles
                role, rule_id = None, r.rule
            if role == "responsible":
                role = "support" if r.lead_label_present else "lead"
            r.label_role, r.label_rule = role, rule_id
            cs += m.end()
            clause = text[cs:ce]
        if r.label_role == "person":
            return
        pm = roles.before_re.match(clause)
        if pm and len(clause) > len(pm.group(1)) + 1:
            # 会同X: X takes part
            role = roles.before[pm.group(1)][0]
            cs += len(pm.group(1))
            clause = clause[len(pm.group(1)):]
            sm = roles.after_re.search(clause)
            items = self._items(clause[: sm.start()] if sm else clause, cs)
            r.assigned += [(i, s, e, role, "before." + role) for i, s, e in items]
            if sm:
                group, r.pending = r.pending, []
                self._after(r, group, sm)
            return
        sm = roles.after_re.search(clause)  # the leftmost role word that leaves only a short verb after it
        items = self._items(clause[: sm.start()] if sm else clause, cs)
        if sm:
            group, r.pending = r.pending + items, []
            self._after(r, group, sm)
        elif r.label_role:
            r.assigned += [(i, s, e, r.label_role, r.label_rule) for i, s, e in items]
        else:
            r.pending += items

    def _after(self, r: "_Reading", group: list[tuple[str, int, int]], sm: re.Match) -> None:
        """A list with its role word after it (X牵头, X具体落实)."""
        word = sm.group(1)
        role, rule_id = self.roles.after[word]
        governments = bool(group) and all(_GOVERNMENTS.search(i) for i, _, _ in group)
        if role == "lead" and word == "负责落实" and r.has("lead") and not r.lead_words - {"负责落实"} <= _GUIDANCE \
                and governments:
            return  # …牵头，各县（市、区）人民政府负责落实: the governments under the leads, the blanket
        if role == "lead":
            r.lead_words.add(word)
        if role == "implement":
            role = "support" if (r.has("lead") or r.lead_label_present) else "lead"
            if role == "support" and not r.lead_words <= _GUIDANCE and governments:
                return  # the governments under the leads carry it out: the blanket, not listed
        if role == "ignore":
            return
        r.assigned += [(i, s, e, role, rule_id) for i, s, e in group]

    def _result(self, r: "_Reading", text: str, offset: int) -> Attribution:
        result = Attribution(start=offset, end=offset + len(text))
        lead_names = [a for a in r.assigned if a[3] == "lead"]
        for item, start, end, role, rule_id in r.assigned:
            if re.sub(r"\s+", "", item) in r.blanket_names and len(lead_names) > 1:
                continue  # the blanket governments, restated beside the real leads
            ref = self._ref(item, role, offset + start, offset + end, rule_id, named=start in self._named)
            if ref is None:
                if self.forms.entity_end.search(item) and item not in result.entities:
                    result.entities.append(item)
                continue
            bucket = result.lead if role == "lead" else result.support
            if all(x.name != ref.name for x in result.lead + result.support):
                bucket.append(ref)
        return result

    # ------------------------------------------------------------ list items
    def _items(self, body: str, offset: int) -> list[tuple[str, int, int]]:
        """Split an agency list into items (text, start, end) relative to the attribution."""
        out: list[tuple[str, int, int]] = []
        for s, e in split_top(body, "、,，/ \t"):
            piece = body[s:e]
            # split on 及/和/以及 joining two complete bodies
            for ps, pe in self._split_conj(piece):
                raw = piece[ps:pe]
                lstrip = len(raw) - len(raw.lstrip(" \t\n“”\"'《》"))
                item = raw.strip(" \t\n“”\"'《》")
                item = re.sub(r"等(?:[\u4e00-\u9fff]{0,6}?(?:有关|相关|其他|成员|责任))?(?:部门|单位|机构)?$", "", item)
                before_cut = len(item)
                item = re.sub(r"^(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,3}[、.．])",
                              "", item)  # (一)由省经贸委负责: an item's number is no part of the name
                item = re.sub(r"^(?:由|请|并|和|及|以及)", "", item)
                if item:
                    start = offset + s + ps + lstrip + (before_cut - len(item))
                    for a, b in self._run_together(item):  # 区财政局区税务局: two names with nothing between
                        out.append((item[a:b], start + a, start + b))
        # a list that writes the prefix on most of its names (县农业局、县发改委、县水利局、黎阳建管办): a name
        # without one is a body of its own name, not a function whose prefix the list implies
        written = sum(1 for i, _, _ in out if i[0] in self.forms.level_prefix and len(i) > 2)
        bare = [x for x in out if not (x[0][0] in self.forms.level_prefix and len(x[0]) > 2) and not x[0].startswith("各")]
        if written >= 2 and written > len(bare):
            self._named.update(x[1] for x in bare)
        return self._spread(out)

    def _run_together(self, item: str) -> list[tuple[int, int]]:
        """Spans of the names an item runs together with no separator: a body that acts (…局, …委, …政府)
        followed at once by another that opens with its level (区财政局区税务局, 区委区政府)."""
        for m in _DEPARTMENT_THEN_LEVEL.finditer(item):
            p = m.end()
            if p < len(item) - 2 and item[p] in self.forms.level_prefix and self._is_body(item[:p]) \
                    and self._is_body(item[p:]):
                return [(0, p)] + [(p + a, p + b) for a, b in self._run_together(item[p:])]
        return [(0, len(item))]

    def _split_conj(self, piece: str) -> list[tuple[int, int]]:
        for conj in ("以及", "及", "和"):
            idx = piece.find(conj)
            while idx > 0:
                left, right = piece[:idx], piece[idx + len(conj):]
                if (self._is_body(left) or self.forms.generic.match(left)) \
                        and (self._is_body(right) or self.forms.generic.match(right)) \
                        and right not in _BARE_TAILS and not _GOV_TAIL.fullmatch(right) \
                        and (conj != "和" or self.forms.department_end.search(left) or self.forms.generic.match(left)):
                    # 农业农村和科技局, 自然资源和规划局: one bureau whose name joins two functions with 和; two
                    # bodies joined by 和 each end as an organ (县农业农村局和县科技局)
                    return [(0, idx)] + [(idx + len(conj) + a, idx + len(conj) + b)
                                         for a, b in self._split_conj(right)]
                idx = piece.find(conj, idx + 1)
        return [(0, len(piece))]

    def _spread(self, items: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
        """Spread a shared 各 or a shared ending over the items of one set."""
        if len(items) < 2:
            return items
        out: list[tuple[str, int, int]] = []
        i = 0
        while i < len(items):
            item, s, e = items[i]
            if item.startswith("各"):
                j = i + 1
                while j < len(items) and _PLACE_TYPE.match(_GOV_TAIL.sub("", items[j][0]) or "县"):
                    j += 1
                group = items[i:j]
                if len(group) > 1:
                    if _GOV_TAIL.search(group[-1][0]):
                        # 各县、市、区政府: one set, as written
                        out.append(("、".join(x[0] for x in group), group[0][1], group[-1][2]))
                    else:
                        out.append(group[0])
                        out += [("各" + x[0] if not x[0].startswith("各") else x[0], x[1], x[2])
                                for x in group[1:]]
                    i = j
                    continue
            # 市、区退役军人事务部门: levels written once before a shared name, a body of each level
            if len(item) == 1 and item in self.forms.level_prefix:
                j = i
                while j < len(items) and len(items[j][0]) == 1 and items[j][0] in self.forms.level_prefix:
                    j += 1
                if j < len(items) and items[j][0][0] in self.forms.level_prefix and len(items[j][0]) > 2:
                    rest = items[j][0][1:]
                    out += [(x[0] + rest, x[1], x[2]) for x in items[i:j]] + [items[j]]
                    i = j + 1
                    continue
            # 城乡一体化示范区、高新区党工委和管委会: the shared ending
            if i + 1 < len(items) and _PLACE_LIKE.search(item) and not self._has_org_tail(item) \
                    and not item.startswith("各"):
                nxt = items[i + 1][0]
                m = _SHARED_TAIL.search(nxt)
                if m:
                    out.append((item + m.group(1), s, e))
                    i += 1
                    continue
            out.append(items[i])
            i += 1
        return out

    def _has_org_tail(self, item: str) -> bool:
        return bool(re.search(r"(?:人民政府|政府|办事处|管委会|党工委|党委|局|委|办|厅|部)$", item))

    # ------------------------------------------------------------ one name
    def _is_body(self, item: str) -> bool:
        item = item.strip()
        if len(item) < 2 or len(item) > 25 or item[0].isdigit():
            return False
        if sum(item.count(c) for c in "(（") != sum(item.count(c) for c in ")）"):
            return False  # a name has its brackets closed: 各县(市、区)人民政府
        if self.forms.generic.match(item) or self.forms.not_body.match(item):
            return False
        bare = _TRAILING_NOTE.sub("", item)  # 高新园(邹区镇): the name before the note
        if item.startswith("各") and not (self.forms.organ_end.search(bare) or _PLACE_SET.search(bare)):
            return False  # 各重点产业链: 各 before what no organ or place ends with is no set of bodies
        if _CLAUSE_WORD.search(item):
            return False  # a clause that ends in an organ word (依托“粤治慧”建设数字政府, …的工作是县政府)
        return bool(self.forms.organ_end.search(item) or self.forms.organ_end.search(bare) or self.ctx.registry.national_body(item)
                    or self.ctx.registry.function_at_end(item) or item.startswith("各"))

    def canonical(self, item: str, running_prefix: str | None = None,
                  bare_ok: bool = True) -> tuple[str, str | None, str | None]:
        """(canonical name, function id, level) of a list item."""
        reg = self.ctx.registry
        name = item
        # drop the document's own place from a full name: 苏州市生态环境局 → 市生态环境局
        for place in self.ctx.own_places:
            if name.startswith(place) and len(name) > len(place) + 1:
                rest = name[len(place):]
                if rest[0] in "省市县区州" and reg.starts_with_function(rest[1:]):
                    name = rest
                    break
                if place[-1] in "省市县区州" and reg.starts_with_function(rest):
                    name = place[-1] + rest
                    break
        fn = reg.function_at_end(name)
        key = fn[0].id if fn else None
        level = None
        prefix = running_prefix or self.ctx.default_prefix
        if prefix and (reg.starts_with_function(name) or bare_ok and self._bare_department(name)):
            # no prefix written: the list's or the document's level applies (市发改委、工信局; 教育体育局
            # in a city's table is the city's)
            name = prefix + name
        elif not (name[0] in self.forms.level_prefix and len(name) > 2):
            nat = reg.national_body(name)
            if nat is not None:
                return name, nat.id, "national"
        if name and name[0] in LEVEL_OF_PREFIX:
            level = LEVEL_OF_PREFIX[name[0]]
        return name, key, level

    def _bare_department(self, name: str) -> bool:
        """A department named by its function alone, in no registry (国土房管局, 教育体育局): an organ
        ending of a department, no place, no level character and no national body before it."""
        if len(name) < 3 or name[0] in self.forms.level_prefix + "各" or not _BARE_DEPARTMENT.search(name):
            return False
        if re.search(r"[省市县区州镇乡]", name[:-1]):
            return False  # a place inside the name makes it a named body (沿江三市直属海事局)
        if self.ctx.registry.national_body(name) or re.match(r"国家|中国|国务院|中央|全国", name):
            return False
        fn = self.ctx.registry.function_at_end(name)
        rest = fn[1] if fn else name
        g = gazetteer()
        return not (g.starts_with_place(name) or name.endswith("分局") or g.holds_place(rest))

    def _ref(self, item: str, role: str, start: int, end: int, rule: str, named: bool = False) -> AgencyRef | None:
        item = re.sub(r"\s+", "", item)
        if len(item) < 2 or self.forms.generic.match(item):
            return None
        if self.forms.entity_end.search(item):
            return None
        if not self._is_body(item):
            return None
        alias = _ALIAS_NOTE.search(item)
        if alias and self._is_body(item[:alias.start()]):
            item = item[:alias.start()]  # 市安委办(工作专班办公室), 区民政局(区委社会工委): the body, not its other name
        name, key, level = self.canonical(item, self._running_prefix, bare_ok=not named)
        if name and name[0] in self.forms.level_prefix and self.ctx.registry.starts_with_function(name[1:]):
            self._running_prefix = name[0]
        return AgencyRef(name=name, role=role, surface=item, start=start, end=end, rule=rule, key=key, level=level)

    _running_prefix: str | None = None
    _named: set[int] = set()

    def parse_list(self, text: str, offset: int, role: str, rule: str) -> Attribution:
        """A cell or line holding only agency names, all with one role."""
        return self.parse(text, offset, rule=rule, column_role=role, lead_label_present=False)


# leads that only guide (X负责指导，Y落实): the implementers are listed
_GUIDANCE = {"负责指导"}
# a government or a set of them (各县区政府, 城乡一体化示范区管委会, 各乡镇)
_GOVERNMENTS = re.compile("(?:" + body_forms().government_end.pattern + ")|(?:党委|党工委)$"
                          r"|^各[\u4e00-\u9fff()（）、]{0,10}(?:县|区|市|乡|镇|街道|园区|开发区)$")


@dataclass
class _Reading:
    """What reading one attribution has gathered so far."""

    rule: str
    label_role: str | None  # the role the last label (or the table column) gives
    label_rule: str
    lead_label_present: bool
    assigned: list[tuple[str, int, int, str, str]] = field(default_factory=list)  # item, start, end, role, rule
    pending: list[tuple[str, int, int]] = field(default_factory=list)  # items awaiting a role
    blanket_names: set[str] = field(default_factory=set)
    lead_words: set[str] = field(default_factory=set)  # role words that made leads (负责指导 only: a guiding lead)
    in_blanket: bool = False

    def has(self, role: str) -> bool:
        return any(a[3] == role for a in self.assigned)


# a set of places (各旗县(市、区), 各盟市, 各乡镇(街道)) — what 各 may stand before besides an organ
_PLACE_SET = re.compile(r"(?:县|区|市|旗|盟|乡|镇|街道|村|社区|园区|地)(?:[(（][^()（）]{1,10}[)）])?$")
# what a name of an organ never holds: quotation marks, the verbs of a clause (是, 要, 将, 须)
# the ending of a body that acts, where another name opens with its level right after it
_DEPARTMENT_THEN_LEVEL = re.compile("(?:" + "|".join(sorted(body_forms().department_endings, key=len, reverse=True))
                                    + ")(?=[" + body_forms().level_prefix + "])")
_CLAUSE_WORD = re.compile(r"[“”\"《》]|是|(?<![重主纲])要|将|须")
# the endings of a functional department (管委会 and 指挥部 are named after a place or a project)
_BARE_DEPARTMENT = re.compile(r"(?:局|(?<![管党工])委|办|厅)$")
# another name of the same body, in brackets after it
_ALIAS_NOTE = re.compile(r"[(（][\u4e00-\u9fff]{2,12}(?:办公室|委|局|工委|中心|专班)[)）]$")
_TRAILING_NOTE = re.compile(r"[(（][^()（）]{1,12}[)）]$")
_PLACE_LIKE = re.compile(r"(?:区|园|县|市|镇|乡)$")
_SHARED_TAIL = re.compile(r"(?:区|园|县|市)((?:党工委|党委)和(?:管委会|人民政府)|管委会|人民政府|政府)$")
