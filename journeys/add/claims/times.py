"""Time claims: an event (arriving, leaving, crossing) at a place, and the time or date it happened.

Stories say "on Tuesday", "2일 오후 3시" or "вечером"; a record needs a date and a part of the day or
a clock time in its time grammar (docs/records.md). This module pairs each event word with the
nearest time expression in its clause and resolves that expression against the story's date,
saying in a note what it had to assume.
"""

from __future__ import annotations

import datetime as dt
import re

from journeys.add.claims.places import FoundPlace, country_note
from journeys.add.claims.proposal import ProposedClaim

_WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAYS = {
    **{d: i for i, d in enumerate(_WEEKDAYS_EN)},
    **{d: i for i, d in enumerate(("월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일"))},
    **{f"{p}{d}": i for p in ("星期", "周", "週", "礼拜", "禮拜") for i, d in enumerate("一二三四五六日")},
    "星期天": 6,
    **{d: i for i, d in enumerate(("понедельник", "вторник", "сред", "четверг", "пятниц", "суббот", "воскресень"))},
}
_MONTHS = {m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                           "dec"))}
_MONTHS_RU = {m: i + 1 for i, m in enumerate(("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр",
                                              "октябр", "ноябр", "декабр"))}
_MONTH_EN = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"
_MONTH_RU = r"(?:январ|феврал|марта|апрел|мая|июн|июл|августа|сентябр|октябр|ноябр|декабр)[а-я]*"
_PART_EN = r"(?:(?:early|late|mid)[\s-]*)?(?:morning|afternoon|evening|night)"
_DAY_EN = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"

#: Time expressions: a day (named, relative or dated), a part of the day, a clock time.
_TIME_ATOMS = re.compile("|".join((
    rf"\b(?:(?:early|late)\s+(?:on\s+)?)?(?:on\s+)?{_DAY_EN}(?:\s+{_PART_EN})?\b",
    rf"\b(?:in\s+)?the\s+early\s+hours(?:\s+of\s+(?:{_DAY_EN}|\d{{1,2}}\s+{_MONTH_EN}|{_MONTH_EN}\s+\d{{1,2}}))?",
    rf"\b(?:on\s+)?the\s+{_PART_EN}\s+of\s+(?:{_DAY_EN}|\d{{1,2}}\s+{_MONTH_EN}|{_MONTH_EN}\s+\d{{1,2}})",
    rf"\b(?:later|early|earlier)\s+(?:in\s+the\s+(?:day|{_PART_EN})|today|tonight)\b",
    rf"\b(?:(?:later|early)\s+)?(?:today|tonight|tomorrow|yesterday|overnight|this\s+{_PART_EN})\b",
    rf"\b(?:in\s+the\s+)?{_PART_EN}\b",
    r"\bearly\s+on\b",
    rf"\b(?:on\s+)?(?:\d{{1,2}}\s+{_MONTH_EN}|{_MONTH_EN}\s+\d{{1,2}}(?!\d))(?:,?\s+\d{{4}})?",
    r"\b(?:at\s+)?(?:(?:around|about|approximately|roughly|some)\s+)?\d{1,2}(?::?\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)"
    r"(?:\s*\((?:local|Beijing|Pyongyang|Moscow)\s+time\))?",
    r"\bat\s+\d{1,2}:\d{2}\b|\b(?:at\s+)?(?:around\s+|about\s+)?\d{1,2}\s*o['’]clock\b",
    r"(?:현지시각으로\s*)?(?:\d{1,2}월\s*)?\d{1,2}일(?!\s*(?:간|동안))|이날|오늘|내일|어제|당일|[월화수목금토일]요일",
    r"새벽|아침|오전|오후(?:\s*늦게)?|저녁|밤|낮|심야|\d{1,2}시(?:\s*\d{1,2}분)?(?:\s*(?:경|쯤|께|를\s*전후해|전후))?",
    r"(?:\d{1,2}月)?\d{1,2}日|今天|明天|昨天|当天|當天|当日|今日|次日|(?:星期|周|週|礼拜|禮拜)[一二三四五六日天]",
    r"凌晨|清晨|早上|上午|中午|下午|傍晚|晚上|晚间|夜间|深夜|\d{1,2}(?:点|點|时|時)(?:\d{1,2}分|半)?(?:左右|许|許)?",
    r"(?:в|во)\s+(?:понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)|сегодня|завтра|вчера",
    rf"\d{{1,2}}\s+{_MONTH_RU}|(?:рано\s+|поздно\s+)?(?:утром|днём|днем|вечером|ночью)|(?:около\s+)?(?:в\s+)?\d{{1,2}}:\d{{2}}",
)), re.IGNORECASE)

#: Words for arriving, leaving, crossing and passing, in the four languages.
_EVENTS = re.compile("|".join((
    r"\b(?:(?:is|are|was|were|be)\s+)?(?:expected|due|scheduled|set|likely)\s+(?:to\s+(?:arrive|reach|cross|enter|leave"
    r"|depart|pass|return|get)\w*|in\b|at\b)",
    r"\b(?:will|would|could|may|to|then)\s+(?:arrive|reach|cross|enter|leave|depart|return|pass|stay|visit|stop|make)\w*",
    r"\b(?:made|makes|making)\s+(?:his|her|its|their)\s+way(?:\s+back)?\b|\b(?:(?:first|next|last)\s+)?stop(?:over|s|ped)?\b|\b(?:is|are|was|were)\s+visiting\b|\bstay(?:ed|ing|s)?\b",
    r"\b(?:arriv(?:ed|es|ing|al|e)|reach(?:ed|es|ing)?|cross(?:ed|es|ing)|enter(?:ed|s|ing)|left|leav(?:es|ing)"
    r"|depart(?:ed|s|ing|ure)|pass(?:ed|es|ing)\s+through|return(?:ed|s|ing)|set\s+off|pulled\s+(?:in|out))\b",
    r"도착|출발|통과|떠나|떠났|넘어|넘었|진입|입경|귀환|돌아오",
    r"抵达|抵達|到达|到達|抵京|出发|出發|离开|離開|启程|啟程|越过|越過|跨过|跨過|进入|進入|入境|返回|回到",
    r"\b(?:прибы\w+|прибуд\w+|отправил\w*|выехал\w*|пересе\w+|въехал\w*|покинул\w*|проехал\w*|вернул\w*)",
)), re.IGNORECASE)

#: A time after "said" or "reported" dates the report, not the event before it.
_REPORTING = re.compile(r"\b(?:said|says|reported|reports|told|according|announced|confirmed)\b|\bсообщ|\bзаяви")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_HAN = re.compile(r"[\u3400-\u9fff]")


def time_claims(sentence: str, places: list[FoundPlace], offset: int,
                 published: dt.date | None) -> list[tuple[int, ProposedClaim]]:
    """A place and a time of day or date: an event word ("arrived", "도착") paired with the nearest time
    expression in its clause, after it in English and Russian, before it in Korean and Chinese."""
    atoms = _merge([(m.start(), m.end()) for m in _TIME_ATOMS.finditer(sentence)], sentence)
    events = list(_EVENTS.finditer(sentence))
    verb_final = bool(_HANGUL.search(sentence))  # Korean: time, place, then the verb
    time_first = verb_final or bool(_HAN.search(sentence))  # Chinese: time, verb, then the place
    found: list[tuple[int, ProposedClaim]] = []
    for i, event in enumerate(events):
        limit_after = events[i + 1].start() if i + 1 < len(events) else len(sentence)
        limit_before = events[i - 1].end() if i else 0
        after = [a for a in atoms if event.end() <= a[0] < limit_after and a[0] - event.end() < 80
                 and not _REPORTING.search(sentence, event.end(), a[0])]
        before = [a for a in atoms if limit_before <= a[0] and a[1] <= event.start()
                  and (time_first or event.start() - a[1] < 60)]
        options = (before[-1:] + after[:1]) if time_first else (after[:1] + before[-1:])
        if not options:
            continue
        atom = options[0]
        start, end = min(atom[0], event.start()), max(atom[1], event.end())
        place = _time_place(places, start, end, event, verb_final)
        if atom[0] >= event.end() and place is not None and place.end > atom[1] and not verb_final:
            end = place.end
        elif verb_final and place is not None and place.start < start:
            start = place.start
        if place is not None and place.start >= end and not verb_final:
            end = place.end
        time, why = _resolve(sentence[atom[0] : atom[1]], published)
        notes = [n for n in (why, country_note(place, "time") if place else None) if n]
        found.append((start, ProposedClaim("time", "", sentence[start:end].rstrip(" ,"), "", offset, 0,
                                           place=place.name if place else None, time=time,
                                           note="; ".join(notes) or None)))
    return found


def _merge(atoms: list[tuple[int, int]], sentence: str) -> list[tuple[int, int]]:
    """Adjacent time words make one expression ("on Tuesday at around 4 p.m.", "2일 오후 3시")."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(atoms):
        if merged and (start < merged[-1][1] or re.fullmatch(r"[\s,]*(?:at|on|in)?\s*", sentence[merged[-1][1] : start])):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _time_place(places: list[FoundPlace], start: int, end: int, event: re.Match[str],
                verb_final: bool) -> FoundPlace | None:
    """The place of an event: the first named in its words, else the nearest on the event's side."""
    inside = [p for p in places if start <= p.start and p.end <= end]
    if inside:
        return inside[-1] if verb_final else inside[0]
    if verb_final:
        near = [p for p in places if p.end <= event.start() and event.start() - p.end < 20]
        return near[-1] if near else None
    near = [p for p in places if p.start >= event.end() and p.start - event.end() < 30]
    return near[0] if near else None


def _resolve(words: str, published: dt.date | None) -> tuple[str | None, str | None]:
    """The time grammar's form of a time expression, and a note on what was assumed."""
    lowered = words.lower()
    day: dt.date | None = None
    note = None
    weekday = next((i for name, i in _WEEKDAYS.items() if name in lowered), None)
    if published and weekday is not None:
        shift = (weekday - published.weekday() + 3) % 7 - 3  # the nearest such day, three days either way
        day = published + dt.timedelta(days=shift)
        note = f"the weekday read as the one nearest the story's date ({published.isoformat()})"
    elif (dated := _explicit_date(lowered, published)) is not None:
        day = dated
    elif published:
        relative = {"tomorrow": 1, "내일": 1, "明天": 1, "次日": 1, "завтра": 1, "yesterday": -1, "어제": -1, "昨天": -1,
                    "вчера": -1}
        shift = next((v for k, v in relative.items() if k in lowered), 0)
        day = published + dt.timedelta(days=shift)
        named = re.search(r"today|tonight|this|오늘|이날|당일|今天|今日|当天|當天|当日|сегодня", lowered) or shift
        note = None if named else f"no day named: the story's date ({published.isoformat()}) assumed"
    if day is None:
        return None, "no date: give the day in 'time' (the story's date was not known)"
    return f"{day.isoformat()} {_part(lowered)}".strip(), note


def _explicit_date(words: str, published: dt.date | None) -> dt.date | None:
    year = published.year if published else None
    if match := re.search(r"(\d{1,2})\s+(" + _MONTH_EN + r")|(" + _MONTH_EN + r")\s+(\d{1,2})", words):
        day_text, month_text = (match[1], match[2]) if match[1] else (match[4], match[3])
        month = _MONTHS.get(month_text[:3])
    elif match := re.search(r"(\d{1,2})\s+(" + _MONTH_RU + ")", words):
        day_text, month = match[1], next((v for k, v in _MONTHS_RU.items() if match[2].startswith(k)), None)
    elif match := re.search(r"(?:(\d{1,2})(?:월|月)\s*)?(\d{1,2})(?:일|日)", words):
        day_text = match[2]
        month = int(match[1]) if match[1] else (published.month if published else None)
    else:
        return None
    if year and month:
        try:
            return dt.date(year, month, int(day_text))
        except ValueError:
            return None
    return None


def _part(words: str) -> str:
    """The part of the day (docs/records.md) or the clock time an expression names."""
    if clock := re.search(r"(\d{1,2})(?::?(\d{2}))?\s*(a\.m\.|p\.m\.|am\b|pm\b)", words):
        hour = int(clock[1]) % 12 + (12 if clock[3].startswith("p") else 0)
        return f"{hour:02d}:{clock[2] or '00'}"
    if clock := re.search(r"(\d{1,2})(?:시|点|點|时|時)\s*(?:(\d{1,2})(?:분|分)|(半))?", words):
        hour = int(clock[1]) + (12 if re.search(r"오후|저녁|밤|下午|晚上|傍晚", words) and int(clock[1]) < 12 else 0)
        minutes = int(clock[2]) if clock[2] else (30 if clock[3] else 0)
        return f"{hour:02d}:{minutes:02d}"
    if clock := re.search(r"(\d{1,2})\s*o['’]clock", words):
        hour = int(clock[1]) + (12 if re.search(r"afternoon|evening|night", words) and int(clock[1]) < 12 else 0)
        return f"{hour:02d}:00"
    if clock := re.search(r"(\d{1,2}):(\d{2})", words):
        return f"{int(clock[1]):02d}:{clock[2]}"
    parts = [
        (r"early hours|새벽|凌晨", "early hours"), (r"\bearly\b.*\bmorning|рано утром|清晨", "early morning"),
        (r"\blate\b.*\bmorning", "late morning"), (r"\bearly\b.*\bafternoon", "early afternoon"),
        (r"\blate\b.*\bafternoon|오후\s*늦게", "late afternoon"), (r"\blate\b.*\bnight|심야|深夜", "late night"),
        (r"morning|아침|오전|早上|上午|утром", "morning"), (r"\bnoon\b|midday|낮|中午", "midday"),
        (r"afternoon|오후|下午|днём|днем", "afternoon"), (r"evening|저녁|傍晚|вечером", "evening"),
        (r"night|tonight|overnight|밤|晚上|晚间|夜间|ночью", "night"), (r"\bearly\b", "early"),
    ]
    return next((part for pattern, part in parts if re.search(pattern, words)), "")
