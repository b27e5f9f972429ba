// Dyad network: countries as nodes, directed dyads as curved edges, width by events and colour
// by mean Goldstein. The layout runs to rest before drawing (small graphs: top dyads only).
import { forceCenter, forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY,
  type SimulationLinkDatum, type SimulationNodeDatum } from "d3-force";
import { scaleSqrt } from "d3-scale";
import { select } from "d3-selection";
import type { Dyad } from "./api";
import { goldsteinColor } from "./colors";
import { fmt, widthOf } from "./dom";

interface Node extends SimulationNodeDatum { id: string; events: number }
interface Link extends SimulationLinkDatum<Node> { dyad: Dyad }

export function renderNetwork(
  container: HTMLElement,
  dyads: Dyad[],
  onDyad: (source: string, target: string) => void,
): void {
  container.replaceChildren();
  const width = widthOf(container, 600);
  const height = Math.round(width * 0.52);
  const svg = select(container).append("svg")
    .attr("width", width).attr("height", height).attr("viewBox", `0 0 ${width} ${height}`)
    .attr("data-dyads", String(dyads.length));
  if (dyads.length === 0) {
    svg.append("text").attr("x", width / 2).attr("y", height / 2).attr("text-anchor", "middle")
      .attr("class", "empty").text("No dyads in this selection.");
    return;
  }
  const nodes = new Map<string, Node>();
  for (const d of dyads) {
    for (const id of [d.source, d.target]) {
      const n = nodes.get(id) ?? { id, events: 0 };
      n.events += d.events;
      nodes.set(id, n);
    }
  }
  // Start on a circle so the result does not depend on d3's random jitter.
  const list = [...nodes.values()];
  list.forEach((n, i) => {
    const a = (2 * Math.PI * i) / list.length;
    n.x = width / 2 + (width / 4) * Math.cos(a);
    n.y = height / 2 + (height / 4) * Math.sin(a);
  });
  const links: Link[] = dyads.map((d) => ({ source: d.source, target: d.target, dyad: d }));
  const sim = forceSimulation<Node>(list)
    .force("link", forceLink<Node, Link>(links).id((n) => n.id).distance(Math.min(140, width / 5)))
    .force("charge", forceManyBody().strength(-300))
    .force("center", forceCenter(width / 2, height / 2))
    .force("x", forceX(width / 2).strength(0.05))
    .force("y", forceY(height / 2).strength(0.08))
    .force("collide", forceCollide(24))
    .stop();
  for (let i = 0; i < 300; i++) sim.tick();
  const pad = 24;
  for (const n of list) {
    n.x = Math.max(pad, Math.min(width - pad, n.x ?? 0));
    n.y = Math.max(pad, Math.min(height - pad, n.y ?? 0));
  }
  const maxEvents = Math.max(1, ...dyads.map((d) => d.events));
  const w = scaleSqrt().domain([0, maxEvents]).range([0, 12]);
  const nr = scaleSqrt().domain([0, Math.max(1, ...list.map((n) => n.events))]).range([4, 16]);

  svg.append("defs").append("marker")
    .attr("id", "arrow").attr("viewBox", "0 -4 8 8").attr("refX", 8).attr("refY", 0)
    .attr("markerWidth", 6).attr("markerHeight", 6).attr("markerUnits", "userSpaceOnUse")
    .attr("orient", "auto")
    .append("path").attr("d", "M0,-4L8,0L0,4").attr("class", "arrowhead");

  const edge = (l: Link) => {
    const s = l.source as Node;
    const t = l.target as Node;
    const sx = s.x ?? 0, sy = s.y ?? 0, tx = t.x ?? 0, ty = t.y ?? 0;
    const dx = tx - sx, dy = ty - sy;
    const len = Math.hypot(dx, dy) || 1;
    // Bend to the right of the direction, so A→B and B→A are two distinct arcs.
    const bend = 0.15 * len;
    const mx = (sx + tx) / 2 + (-dy / len) * bend;
    const my = (sy + ty) / 2 + (dx / len) * bend;
    // Stop at the target's rim.
    const ex = tx - ((tx - mx) / (Math.hypot(tx - mx, ty - my) || 1)) * (nr(t.events) + 2);
    const ey = ty - ((ty - my) / (Math.hypot(tx - mx, ty - my) || 1)) * (nr(t.events) + 2);
    return `M${sx},${sy}Q${mx},${my} ${ex},${ey}`;
  };
  svg.append("g").attr("class", "edges").selectAll("path")
    .data(links)
    .join("path")
    .attr("d", edge)
    .attr("stroke", (l) => goldsteinColor(l.dyad.goldstein_mean))
    .attr("stroke-width", (l) => Math.max(1.5, w(l.dyad.events)))
    .attr("marker-end", "url(#arrow)")
    .attr("data-dyad", (l) => `${l.dyad.source}-${l.dyad.target}`)
    .on("click", (_e, l) => onDyad(l.dyad.source, l.dyad.target))
    .append("title")
    .text((l) => `${l.dyad.source} → ${l.dyad.target}: ${l.dyad.events} events, mean Goldstein ${fmt(l.dyad.goldstein_mean)}`);
  const g = svg.append("g").attr("class", "nodes").selectAll("g")
    .data(list)
    .join("g")
    .attr("transform", (n) => `translate(${n.x},${n.y})`);
  g.append("circle").attr("r", (n) => nr(n.events));
  g.append("text").attr("dy", (n) => -nr(n.events) - 3).attr("text-anchor", "middle").text((n) => n.id);
  g.append("title").text((n) => `${n.id}: ${n.events} events`);
}
