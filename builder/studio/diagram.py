"""The processing steps as a diagram: a server-rendered SVG, redrawn on every edit.

Steps are placed in columns by their distance from the start step (breadth
first); steps no path reaches are put in a last column and flagged, as are
dead ends (a step that is not an end and has no action). Pure: a document in,
:class:`Diagram` out; the template draws it.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN = 170, 56, 70, 26, 16


@dataclass
class Node:
    id: str
    label: str
    role: str
    x: int = 0
    y: int = 0
    end: bool = False
    unreachable: bool = False
    dead_end: bool = False


@dataclass
class Edge:
    source: str
    target: str
    label: str
    path: str = ""
    back: bool = False


@dataclass
class Diagram:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    width: int = 0
    height: int = 0

    @property
    def unreachable(self) -> list[str]:
        return [n.id for n in self.nodes if n.unreachable]

    @property
    def dead_ends(self) -> list[str]:
        return [n.id for n in self.nodes if n.dead_end]


def _label(value: Any, lang: str) -> str:
    text = value.get(lang) or value.get("vi") or "" if isinstance(value, dict) else str(value or "")
    return text if len(text) <= 26 else text[:25] + "…"


def build_diagram(document: dict[str, Any], lang: str = "vi") -> Diagram:
    processing = document.get("processing") or {}
    steps = [s for s in processing.get("steps") or [] if isinstance(s, dict) and s.get("id")]
    by_id = {s["id"]: s for s in steps}
    depth: dict[str, int] = {}
    start = processing.get("start")
    if start in by_id:
        depth[start] = 0
        queue = deque([start])
        while queue:
            current = queue.popleft()
            for action in by_id[current].get("actions") or []:
                target = action.get("to")
                if target in by_id and target not in depth:
                    depth[target] = depth[current] + 1
                    queue.append(target)
    last = max(depth.values(), default=-1) + 1
    columns: dict[int, list[str]] = {}
    diagram = Diagram()
    for step in steps:
        column = depth.get(step["id"], last)
        columns.setdefault(column, []).append(step["id"])
        node = Node(step["id"], _label(step.get("name"), lang), str(step.get("role", "")),
                    end=bool(step.get("end")), unreachable=step["id"] not in depth,
                    dead_end=not step.get("end") and not step.get("actions"))
        row = len(columns[column]) - 1
        node.x = MARGIN + column * (BOX_W + GAP_X)
        node.y = MARGIN + row * (BOX_H + GAP_Y)
        diagram.nodes.append(node)
    placed = {n.id: n for n in diagram.nodes}
    for step in steps:
        for action in step.get("actions") or []:
            target = placed.get(action.get("to"))
            if target is None:
                continue
            source = placed[step["id"]]
            edge = Edge(source.id, target.id, _label(action.get("name"), lang))
            if target.x > source.x:
                x1, y1, x2, y2 = source.x + BOX_W, source.y + BOX_H / 2, target.x, target.y + BOX_H / 2
                mid = (x1 + x2) / 2
                edge.path = f"M{x1:.0f},{y1:.0f} C{mid:.0f},{y1:.0f} {mid:.0f},{y2:.0f} {x2:.0f},{y2:.0f}"
            else:  # back or sideways: loop under the boxes
                edge.back = True
                x1, y1 = source.x + BOX_W / 2, source.y + BOX_H
                x2, y2 = target.x + BOX_W / 2 + 12, target.y + BOX_H
                low = max(y1, y2) + GAP_Y
                edge.path = f"M{x1:.0f},{y1:.0f} C{x1:.0f},{low:.0f} {x2:.0f},{low:.0f} {x2:.0f},{y2:.0f}"
            diagram.edges.append(edge)
    diagram.width = MARGIN * 2 + (max(columns, default=0) + 1) * (BOX_W + GAP_X)
    diagram.height = MARGIN * 2 + max((len(c) for c in columns.values()), default=1) * (BOX_H + GAP_Y) + GAP_Y
    return diagram
