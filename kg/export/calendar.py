"""An agency's deadlines as an iCalendar feed (icalendar): one event per dated milestone, written periods recur.

Outlook and phone calendars subscribe to the feed's URL; every event's UID is
stable (the measure's IRI and the deadline), so a refreshed feed updates
events instead of duplicating them. DTSTAMP is when the knowledge base was
written (the same knowledge base gives the same bytes). A deadline recurs only
where its phrase writes a period (每年, 每季度, 每月: ``rules/calendar.toml``);
年均增长, 逐年 and 定期 make no event. Each milestone of a task is its own event,
its summary naming the milestone, so two of one task never read the same.
"""
from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, timezone
from functools import lru_cache

from kg.rules import load_rules
from kg.vocab import ROLE_LABELS

RRULE = {"yearly": {"FREQ": "YEARLY"}, "quarterly": {"FREQ": "MONTHLY", "INTERVAL": 3},
         "monthly": {"FREQ": "MONTHLY"}}
SUMMARY_CHARS = 40


@lru_cache(maxsize=1)
def _periods() -> dict[str, re.Pattern]:
    return {k: re.compile(v) for k, v in load_rules("calendar")["period"].items()}


def written_period(deadline: dict) -> str | None:
    """The period a deadline's phrase writes (yearly, quarterly, monthly), None when it writes none."""
    text = deadline.get("text") or ""
    recurring = deadline.get("recurring")
    if recurring and _periods()[recurring].search(text):
        return recurring
    for period, pattern in _periods().items():  # the phrase may say more than the reading kept (每季度调度)
        if pattern.search(text):
            return period
    return None


def tasks_calendar(tasks: dict, written: datetime | None = None, start_of_recurrence: date | None = None) -> bytes:
    """``tasks``: the body of ``KnowledgeBase.agency_tasks``; ``written``: when the knowledge base was written."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//policykg//deadlines//ZH")
    cal.add("version", "2.0")
    name = f"{tasks.get('place') or ''}{tasks['agency']} 任务期限"
    cal.add("x-wr-calname", name)
    cal.add("name", name)
    stamp = (written or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    first = start_of_recurrence or date(stamp.year, 12, 31)
    for role in ("lead", "support"):
        for t in tasks.get(role, []):
            text = t["text"].replace("\n", "")
            short = f"{text[:SUMMARY_CHARS]}{'…' if len(text) > SUMMARY_CHARS else ''}"
            events = [(i, d, written_period(d)) for i, d in enumerate(t.get("deadlines", []))]
            events = [(i, d, period) for i, d, period in events if d.get("due") or period]
            seen: set[str] = set()
            for n, (i, d, period) in enumerate(events, start=1):
                ev = Event()
                uid = hashlib.sha1(f"{t['measure_id']}|{i}|{d.get('due')}|{d.get('recurring')}".encode()).hexdigest()
                ev.add("uid", f"{uid}@policykg")
                ev.add("dtstamp", stamp)
                milestone = d.get("text") or d.get("due") or ""
                summary = f"【{ROLE_LABELS[role]}·{milestone}】{short}" if len(events) > 1 else f"【{ROLE_LABELS[role]}】{short}"
                if summary in seen:
                    summary = f"【{ROLE_LABELS[role]}·{milestone}·第{n}个节点】{short}"
                seen.add(summary)
                ev.add("summary", summary)
                ev.add("description", f"{text}\n期限：{d.get('text')}\n文件：{t.get('doc_title') or t['doc']}")
                if d.get("due"):
                    ev.add("dtstart", date.fromisoformat(d["due"]))
                else:
                    ev.add("dtstart", first)
                    ev.add("rrule", RRULE[period])
                ev.add("categories", [ROLE_LABELS[role]])
                cal.add_component(ev)
    return cal.to_ical()
