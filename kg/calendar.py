"""An agency's deadlines as an iCalendar feed (icalendar): one event per dated task, recurring ones recur.

Outlook and phone calendars subscribe to the feed's URL; every event's UID is
stable (the measure's IRI and the deadline), so a refreshed feed updates
events instead of duplicating them.
"""
from __future__ import annotations

import hashlib
from datetime import date, datetime, timezone

RRULE = {"yearly": {"FREQ": "YEARLY"}, "quarterly": {"FREQ": "MONTHLY", "INTERVAL": 3},
         "monthly": {"FREQ": "MONTHLY"}}
ROLE = {"lead": "牵头", "support": "配合"}


def tasks_calendar(tasks: dict, start_of_recurrence: date | None = None) -> bytes:
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//policykg//deadlines//ZH")
    cal.add("version", "2.0")
    name = f"{tasks.get('place') or ''}{tasks['agency']} 任务期限"
    cal.add("x-wr-calname", name)
    cal.add("name", name)
    stamp = datetime(2000, 1, 1, tzinfo=timezone.utc)  # stable bytes for the same tasks
    first = start_of_recurrence or date(date.today().year, 12, 31)
    for role in ("lead", "support"):
        for t in tasks.get(role, []):
            for i, d in enumerate(t.get("deadlines", [])):
                if not d.get("due") and not d.get("recurring"):
                    continue
                ev = Event()
                uid = hashlib.sha1(f"{t['measure_id']}|{i}|{d.get('due')}|{d.get('recurring')}".encode()).hexdigest()
                ev.add("uid", f"{uid}@policykg")
                ev.add("dtstamp", stamp)
                summary = t["text"].replace("\n", "")
                ev.add("summary", f"【{ROLE[role]}】{summary[:60]}{'…' if len(summary) > 60 else ''}")
                ev.add("description", f"{summary}\n期限：{d.get('text')}\n文件：{t.get('doc_title') or t['doc']}")
                if d.get("due"):
                    day = date.fromisoformat(d["due"])
                    ev.add("dtstart", day)
                else:
                    ev.add("dtstart", first)
                    ev.add("rrule", RRULE[d["recurring"]])
                ev.add("categories", [ROLE[role]])
                cal.add_component(ev)
    return cal.to_ical()
