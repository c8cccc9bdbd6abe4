"""The event graph for authors, as Graphviz DOT or Mermaid.

Nodes: phases, events (grouped by arc) and endings. Edges: phase gates
(phase → event), follow-ups (choice → event, labelled with the delay), flags
(setter event → reader event or ending, labelled with the flag), transitions
(phase → phase) and terminal phases.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from game.engine.model import Consequence, Event, Scenario
from game.safe_text import one_line

Format = Literal["dot", "mermaid"]
Edge = tuple[
    str, str, str, str
]  # from, to, label, style: "follow" | "flag" | "phase" | "transition"


def _consequences(event: Event) -> Iterator[tuple[str, Consequence]]:
    for choice in event.choices:
        yield choice.id, choice.consequence
        for outcome in choice.outcomes:
            yield f"{choice.id}/{outcome.id}", outcome.consequence


def edges(scenario: Scenario) -> list[Edge]:
    result: list[Edge] = []
    readers: dict[str, list[str]] = {}
    for event in scenario.events:
        exprs = [event.when, event.weight, *(c.when for c in event.choices)]
        for flag in sorted({f for e in exprs if e is not None for f in e.flags}):
            readers.setdefault(flag, []).append(f"event:{event.id}")
    for ending in scenario.endings:
        if ending.when is not None:
            for flag in sorted(ending.when.flags):
                readers.setdefault(flag, []).append(f"ending:{ending.id}")
    for transition in scenario.transitions:
        result.append(
            (f"phase:{transition.source}", f"phase:{transition.target}", "", "transition")
        )
        for flag in sorted(transition.when.flags):
            readers.setdefault(flag, []).append(f"phase:{transition.target}")
    open_phases = [p.id for p in scenario.phases if not p.terminal]
    for event in scenario.events:
        if not event.followup_only:
            for phase in event.phases or open_phases:
                result.append((f"phase:{phase}", f"event:{event.id}", "", "phase"))
        for label, consequence in _consequences(event):
            for follow in consequence.follow:
                result.append(
                    (
                        f"event:{event.id}",
                        f"event:{follow.event}",
                        f"{label} +{follow.after}q",
                        "follow",
                    )
                )
            for flag in consequence.set_flags:
                for reader in readers.get(flag, []):
                    result.append((f"event:{event.id}", reader, flag, "flag"))
    for rule in scenario.rules:
        for flag in rule.consequence.set_flags:
            for reader in readers.get(flag, []):
                result.append((f"rule:{rule.id}", reader, flag, "flag"))
    return sorted(set(result))


def _label(scenario: Scenario, node: str) -> str:
    kind, _, ident = node.partition(":")
    if kind == "event":
        return one_line(scenario.event_by_id[ident].title)
    if kind == "ending":
        ending = scenario.ending_by_id[ident]
        return one_line(f"{ending.title} ({ending.grade})")
    if kind == "phase":
        return one_line(scenario.phase_by_id[ident].label)
    return ident


def render(scenario: Scenario, fmt: Format) -> str:
    all_edges = edges(scenario)
    nodes = sorted(
        {n for e in all_edges for n in e[:2]} | {f"ending:{e.id}" for e in scenario.endings}
    )
    return (
        _dot(scenario, nodes, all_edges) if fmt == "dot" else _mermaid(scenario, nodes, all_edges)
    )


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dot(scenario: Scenario, nodes: list[str], all_edges: list[Edge]) -> str:
    shapes = {"event": "box", "ending": "doubleoctagon", "phase": "ellipse", "rule": "note"}
    styles = {"follow": "bold", "flag": "dashed", "phase": "dotted", "transition": "solid"}
    lines = [f"digraph {_quote(scenario.id)} {{", "  rankdir=LR;"]
    arcs: dict[str, list[str]] = {}
    for node in nodes:
        kind = node.partition(":")[0]
        if kind == "event":
            arcs.setdefault(scenario.event_by_id[node[6:]].arc, []).append(node)
            continue
        lines.append(
            f"  {_quote(node)} [shape={shapes[kind]}, label={_quote(_label(scenario, node))}];"
        )
    for arc, members in sorted(arcs.items()):
        name = one_line(arc)
        lines.append(f"  subgraph {_quote('cluster_' + name)} {{ label={_quote(name)};")
        for node in members:
            lines.append(f"    {_quote(node)} [shape=box, label={_quote(_label(scenario, node))}];")
        lines.append("  }")
    for source, target, label, style in all_edges:
        attrs = f"style={styles[style]}" + (f", label={_quote(label)}" if label else "")
        lines.append(f"  {_quote(source)} -> {_quote(target)} [{attrs}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid(scenario: Scenario, nodes: list[str], all_edges: list[Edge]) -> str:
    ids = {node: f"n{i}" for i, node in enumerate(nodes)}
    shapes = {
        "event": ("[", "]"),
        "ending": ("{{", "}}"),
        "phase": ("([", "])"),
        "rule": ("[/", "/]"),
    }
    arrows = {"follow": "==>", "flag": "-.->", "phase": "-->", "transition": "-->"}
    lines = ["flowchart LR"]
    for node in nodes:
        opening, closing = shapes[node.partition(":")[0]]
        text = _label(scenario, node).replace('"', "'")
        lines.append(f'  {ids[node]}{opening}"{text}"{closing}')
    for source, target, label, style in all_edges:
        text = f'|"{label}"|' if label else ""
        lines.append(f"  {ids[source]} {arrows[style]}{text} {ids[target]}")
    return "\n".join(lines) + "\n"
