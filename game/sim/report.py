"""The tally as a report: one JSON-able dict, and the text rendered from it.

The text is rendered from the dict and nothing else, so the printed report and
`--json` always hold the same numbers. Everything is listed in the content's
declared order (or sorted), never in the order counters happened to fill, and
nothing outside "timing" depends on the clock or on the number of jobs.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from game.engine import Scenario, Words
from game.engine.model import GRADES
from game.safe_text import clean
from game.sim.metrics import estimate, paired_difference
from game.sim.objective import grade_order
from game.sim.stats import summary, wilson
from game.sim.tally import Tally
from game.words import counted

Report = dict[str, Any]

_PLACES = 6  # floats in the report are rounded to this many places


def build_report(
    scenario: Scenario,
    tally: Tally,
    *,
    strategy: str,
    seed: int,
    fingerprint: str = "",
    timing: dict[str, float] | None = None,
    war: str = "",
) -> Report:
    runs = tally.runs
    report: Report = {
        "content": {"id": scenario.id, "title": scenario.title, "fingerprint": fingerprint},
        "runs": runs,
        "seed": seed,
        "strategy": strategy,
        "endings": _endings(scenario, tally),
        "grades": _grades(scenario, tally),
        "stuck": {
            "count": sum(tally.stuck.values()),
            "share": _share(sum(tally.stuck.values()), runs),
            "events": {event: tally.stuck[event] for event in sorted(tally.stuck)},
        },
        "turns": _turns(scenario, tally),
        "meters": _meters(scenario, tally),
        "events": _events(scenario, tally),
        "choices": _choices(scenario, tally),
        "measures": _measures(scenario, tally, war),
    }
    if timing is not None:
        report["timing"] = timing
    return report


def _measures(scenario: Scenario, tally: Tally, war: str) -> dict[str, Any]:
    """Mean grade, the war share (when the content declares its marker), phases reached."""
    metrics = ["mean_grade", *(["war"] if war else [])]
    metrics += [f"phase_{phase.id}" for phase in scenario.phases]
    result: dict[str, Any] = {}
    for metric in metrics:
        found = estimate(metric, scenario, tally)
        result[metric] = {
            "value": round(found.value, _PLACES),
            "ci95": [round(found.low, _PLACES), round(found.high, _PLACES)],
        }
    return result


def paired(scenario: Scenario, base: Tally, other: Tally, war: str) -> dict[str, Any]:
    """`other` minus `base`, term by term (common random numbers), with 95 % intervals."""
    metrics = [
        "mean_grade",
        *(f"grade_{g}" for g in grade_order(scenario)),
        *(["war"] if war else []),
    ]
    result: dict[str, Any] = {}
    for metric in metrics:
        found = paired_difference(metric, scenario, other, base)
        result[metric] = {
            "difference": round(found.value, _PLACES),
            "ci95": [round(found.low, _PLACES), round(found.high, _PLACES)],
        }
    return result


def render_paired(base: str, differences: dict[str, dict[str, Any]], words: Words) -> str:
    lines = [
        f"Paired differences against {base} "
        f"(same dice {words.term} by {words.term}; 95 % intervals):"
    ]
    for name, table in differences.items():
        cells = []
        for metric, d in table.items():
            low, high = d["ci95"]
            scale = 1 if metric == "mean_grade" else 100
            unit = "" if metric == "mean_grade" else " pts"
            shown = f"{d['difference'] * scale:+.2f}{unit}"
            cells.append(f"{metric} {shown} [{low * scale:+.2f}, {high * scale:+.2f}]")
        lines.append(f"  {name}: " + "; ".join(cells))
    return clean("\n".join(lines)) + "\n"


def timing(seconds: float, runs: int, jobs: int) -> dict[str, float]:
    return {
        "seconds": round(seconds, 3),
        "terms_per_second": round(runs / seconds, 1) if seconds > 0 else 0.0,
        "jobs": jobs,
    }


def _share(count: int, total: int) -> float:
    return round(count / total, _PLACES) if total else 0.0


def _endings(scenario: Scenario, tally: Tally) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for ending in scenario.endings:
        count = tally.endings[ending.id]
        low, high = wilson(count, tally.runs)
        result[ending.id] = {
            "title": ending.title,
            "grade": ending.grade,
            "count": count,
            "share": _share(count, tally.runs),
            "ci95": [round(low, _PLACES), round(high, _PLACES)],
        }
    return result


def _grades(scenario: Scenario, tally: Tally) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    for ending in scenario.endings:
        counts[ending.grade] += tally.endings[ending.id]
    grades = GRADES
    return {g: {"count": counts[g], "share": _share(counts[g], tally.runs)} for g in grades}


def _turns(scenario: Scenario, tally: Tally) -> dict[str, Any]:
    stats = summary([float(t) for t in tally.turns])
    histogram = Counter(tally.turns)
    return {
        "of": scenario.turns,
        "mean": round(stats["mean"], _PLACES),
        "stdev": round(stats["stdev"], _PLACES),
        "min": int(stats["min"]),
        "median": stats["median"],
        "max": int(stats["max"]),
        "full_term": _share(histogram[scenario.turns], tally.runs),
        "histogram": {str(t): histogram[t] for t in sorted(histogram)},
    }


def _meters(scenario: Scenario, tally: Tally) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for index, meter in enumerate(scenario.meters):
        stats = summary([values[index] for values in tally.meters])
        result[meter.id] = {
            "label": meter.label,
            "initial": meter.initial,
            **{key: round(value, _PLACES) for key, value in stats.items()},
        }
    return result


def _events(scenario: Scenario, tally: Tally) -> dict[str, Any]:
    """Events never offered first, then the rarest first."""
    order = sorted(
        scenario.events,
        key=lambda e: (tally.terms_offered[e.id] > 0, tally.terms_offered[e.id], e.id),
    )
    return {
        event.id: {
            "arc": event.arc,
            "offered": tally.offered[event.id],
            "terms": tally.terms_offered[event.id],
            "share": _share(tally.terms_offered[event.id], tally.runs),
        }
        for event in order
    }


def _choices(scenario: Scenario, tally: Tally) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for event in scenario.events:
        decided = tally.decided[event.id]
        result[event.id] = {
            "decided": decided,
            "choices": {
                choice.id: {
                    "count": tally.chosen[event.id, choice.id],
                    "share": _share(tally.chosen[event.id, choice.id], decided),
                    "tags": list(choice.tags),
                }
                for choice in event.choices
            },
        }
    return result


# ── text ─────────────────────────────────────────────────────────────────


def _pct(share: float) -> str:
    return f"{100 * share:5.1f} %"


def _count(n: int) -> str:
    return f"{n:,}"


def render_report(report: Report, words: Words) -> str:
    """The report as text, in the content's `words` for a turn and a term."""
    lines = [_title(report, words)]
    if "timing" in report:
        t, terms = report["timing"], words.terms
        jobs = counted(t["jobs"], "job")
        rate = _count(round(t["terms_per_second"]))
        lines.append(
            f"{_count(report['runs'])} {terms} in {t['seconds']:.1f} s with {jobs} "
            f"({rate} {terms}/s)"
        )
    lines += ["", *_ending_lines(report, words), "", *_grade_lines(report)]
    lines += ["", *_turn_lines(report, words), "", *_meter_lines(report, words)]
    lines += ["", *_event_lines(report, words), "", *_choice_lines(report)]
    return clean("\n".join(lines)) + "\n"  # content text is untrusted


def _title(report: Report, words: Words) -> str:
    content = report["content"]
    return (
        f"{content['title']} ({content['id']}): {_count(report['runs'])} simulated "
        f"{words.terms}, "
        f"strategy {report['strategy']}, seed {report['seed']}"
    )


def _ending_lines(report: Report, words: Words) -> list[str]:
    endings = report["endings"]
    width = max([len(e) for e in endings] + [len("Endings")])
    terms = words.terms
    lines = [f"{'Endings':<{width + 3}}  {terms:>8}  {'share':>7}  95 % interval"]
    for ending_id, e in endings.items():
        low, high = e["ci95"]
        lines.append(
            f"{e['grade']:<2} {ending_id:<{width}}  {_count(e['count']):>8}  {_pct(e['share'])}"
            f"  {100 * low:4.1f}–{100 * high:4.1f} %   {e['title']}"
        )
    unreached = [ending_id for ending_id, e in endings.items() if e["count"] == 0]
    if unreached:
        lines.append(f"never reached: {', '.join(unreached)}")
    stuck = report["stuck"]
    if stuck["count"]:
        where = ", ".join(f"{event} ({n})" for event, n in stuck["events"].items())
        lines.append(
            f"STUCK: {_count(stuck['count'])} {terms} ({_pct(stuck['share']).strip()}) reached an "
            f"event with no available choice: {where}"
        )
    return lines


def _grade_lines(report: Report) -> list[str]:
    cells = [f"{g} {_pct(v['share']).strip()}" for g, v in report["grades"].items()]
    return ["Grades: " + "   ".join(cells)]


def _turn_lines(report: Report, words: Words) -> list[str]:
    t = report["turns"]
    return [
        f"{words.term.capitalize()} length ({words.turns} of {t['of']}): mean {t['mean']:.1f}, "
        f"median {t['median']:g}, min {t['min']}, max {t['max']}; "
        f"full {words.term} in {_pct(t['full_term']).strip()}"
    ]


def _meter_lines(report: Report, words: Words) -> list[str]:
    meters = report["meters"]
    width = max([len(m["label"]) for m in meters.values()] + [len("Meters at the end")])
    head = ("initial", "mean", "spread", "min", "p10", "median", "p90", "max")
    lines = [f"{'Meters at the end':<{width}}" + "".join(f"{h:>9}" for h in head)]
    for m in meters.values():
        values = (m[k] for k in ("initial", "mean", "stdev", "min", "p10", "median", "p90", "max"))
        lines.append(f"{m['label']:<{width}}" + "".join(f"{v:9.2f}" for v in values))
    lines.append(f"(spread: standard deviation over {words.terms})")
    return lines


def _event_lines(report: Report, words: Words) -> list[str]:
    events = report["events"]
    never = [event_id for event_id, e in events.items() if e["offered"] == 0]
    terms = words.terms
    lines = [f"Event coverage (offered: times on an agenda; {terms}: share of {terms} offered in)"]
    lines.append(f"never offered: {', '.join(never)}" if never else "never offered: none")
    width = max([len(e) for e in events] + [5])
    arc_width = max([len(e["arc"]) for e in events.values()] + [3])
    lines.append(f"  {'event':<{width}}  {'arc':<{arc_width}}  {'offered':>8}  {terms:>7}")
    for event_id, e in events.items():
        lines.append(
            f"  {event_id:<{width}}  {e['arc']:<{arc_width}}  {_count(e['offered']):>8}"
            f"  {_pct(e['share'])}"
        )
    return lines


def _choice_lines(report: Report) -> list[str]:
    choices = report["choices"]
    lines = [f"Choice popularity under {report['strategy']} (share of the event's decisions)"]
    never = [
        f"{event_id}.{choice_id}"
        for event_id, e in choices.items()
        if e["decided"]
        for choice_id, c in e["choices"].items()
        if c["count"] == 0
    ]
    lines.append(f"never picked: {', '.join(never)}" if never else "never picked: none")
    width = max([len(e) for e in choices] + [5])
    for event_id, e in choices.items():
        if not e["decided"]:
            continue
        cells = " · ".join(f"{cid} {_pct(c['share']).strip()}" for cid, c in e["choices"].items())
        lines.append(f"  {event_id:<{width}}  {cells}")
    return lines


def render_compare(reports: list[Report], words: Words) -> str:
    """The ending table of several strategies side by side."""
    first = reports[0]
    endings = first["endings"]
    median = f"median {words.term} ({words.turns})"
    width = max([len(e) for e in endings] + [len(median)])
    column = max([len(r["strategy"]) for r in reports] + [16])
    lines = [
        f"{first['content']['title']} ({first['content']['id']}): {_count(first['runs'])} "
        f"simulated {words.terms} per strategy, seed {first['seed']}",
        "",
        f"{'':<{width + 3}}" + "".join(f"  {r['strategy']:>{column}}" for r in reports),
    ]
    for ending_id, e in endings.items():
        cells = [
            f"{_pct(r['endings'][ending_id]['share'])} ({_count(r['endings'][ending_id]['count'])})"
            for r in reports
        ]
        lines.append(
            f"{e['grade']:<2} {ending_id:<{width}}" + "".join(f"  {c:>{column}}" for c in cells)
        )
    lines.append("")
    rows = [
        ("D or F", [_pct(r["grades"]["D"]["share"] + r["grades"]["F"]["share"]) for r in reports]),
        (median, [f"{r['turns']['median']:g}" for r in reports]),
    ]
    if any(r["stuck"]["count"] for r in reports):
        rows.append(("stuck", [_count(r["stuck"]["count"]) for r in reports]))
    for label, cells in rows:
        lines.append(f"{'':<3}{label:<{width}}" + "".join(f"  {c:>{column}}" for c in cells))
    return clean("\n".join(lines)) + "\n"
