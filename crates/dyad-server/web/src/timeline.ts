// Stacked QuadClass bars per period with the mean Goldstein score as a line; brushing a range
// of periods selects that period for the other views.
import { brushX, type D3BrushEvent } from "d3-brush";
import { scaleBand, scaleLinear } from "d3-scale";
import { select } from "d3-selection";
import { line } from "d3-shape";
import type { Timeline } from "./api";
import { quadColors, quadNames } from "./colors";
import { fmt, widthOf } from "./dom";
import { periodRange } from "./period";


export type Range = [string, string];

export function renderTimeline(
  container: HTMLElement,
  data: Timeline,
  selected: Range | null,
  onBrush: (range: Range | null) => void,
): void {
  container.replaceChildren();
  const periods = data.periods;
  const total = periods.reduce((s, p) => s + p.events, 0);
  const width = widthOf(container, 900);
  const height = 240;
  const margin = { top: 26, right: 40, bottom: 28, left: 40 };
  const svg = select(container)
    .append("svg")
    .attr("width", width)
    .attr("height", height)
    .attr("viewBox", `0 0 ${width} ${height}`)
    .attr("data-total", String(total))
    .attr("data-periods", String(periods.length))
    .attr("role", "img")
    .attr("aria-label", `${total} events in ${periods.length} periods`);
  if (periods.length === 0) {
    svg.append("text").attr("x", width / 2).attr("y", height / 2).attr("text-anchor", "middle")
      .attr("class", "empty").text("No events match these filters.");
    return;
  }
  const x = scaleBand<string>()
    .domain(periods.map((p) => p.period))
    .range([margin.left, width - margin.right])
    .paddingInner(0.15)
    .paddingOuter(0.05);
  const maxCount = Math.max(1, ...periods.map((p) => p.events));
  const y = scaleLinear().domain([0, maxCount]).nice().range([height - margin.bottom, margin.top]);
  const yg = scaleLinear().domain([-10, 10]).range([height - margin.bottom, margin.top]);

  // Grid and axes, by hand: a few ticks are all this needs.
  const axes = svg.append("g").attr("class", "axis");
  for (const t of y.ticks(Math.min(4, maxCount)).filter(Number.isInteger)) {
    axes.append("line").attr("x1", margin.left).attr("x2", width - margin.right)
      .attr("y1", y(t)).attr("y2", y(t)).attr("class", "grid");
    axes.append("text").attr("x", margin.left - 4).attr("y", y(t)).attr("dy", "0.32em")
      .attr("text-anchor", "end").text(String(t));
  }
  for (const t of [-10, 0, 10]) {
    axes.append("text").attr("x", width - margin.right + 4).attr("y", yg(t)).attr("dy", "0.32em")
      .attr("class", "goldstein-tick").text((t > 0 ? "+" : "") + t);
  }
  const every = Math.max(1, Math.ceil(periods.length / Math.max(1, Math.floor(width / 70))));
  periods.forEach((p, i) => {
    if (i % every !== 0) return;
    axes.append("text").attr("x", (x(p.period) ?? 0) + x.bandwidth() / 2).attr("y", height - margin.bottom + 16)
      .attr("text-anchor", "middle").text(p.period);
  });

  // Stacked bars, QuadClass 1 at the bottom.
  const bars = svg.append("g").attr("class", "bars");
  for (const p of periods) {
    let acc = 0;
    const g = bars.append("g").attr("data-period", p.period);
    p.quad.forEach((n, q) => {
      if (n <= 0) return;
      g.append("rect")
        .attr("x", x(p.period) ?? 0).attr("width", x.bandwidth())
        .attr("y", y(acc + n)).attr("height", Math.max(0, y(acc) - y(acc + n)))
        .attr("fill", quadColors[q] ?? "#999")
        .append("title").text(`${p.period}: ${n} ${quadNames[q] ?? ""}`);
      acc += n;
    });
    g.append("title").text(`${p.period}: ${p.events} events, mean Goldstein ${fmt(p.goldstein_mean)}`);
  }

  // Mean Goldstein line over the bars.
  const path = line<(typeof periods)[number]>()
    .x((p) => (x(p.period) ?? 0) + x.bandwidth() / 2)
    .y((p) => yg(p.goldstein_mean))
    .defined((p) => p.events > 0 && Number.isFinite(p.goldstein_mean));
  svg.append("path").datum(periods).attr("class", "goldstein-line").attr("d", path(periods) ?? "");
  svg.append("g").attr("class", "goldstein-dots").selectAll("circle")
    .data(periods.filter((p) => p.events > 0))
    .join("circle")
    .attr("cx", (p) => (x(p.period) ?? 0) + x.bandwidth() / 2)
    .attr("cy", (p) => yg(p.goldstein_mean))
    .attr("r", 3);

  // Brush: snap to whole periods and report their date range.
  const inSelection = (sel: [number, number]) =>
    periods.filter((p) => {
      const mid = (x(p.period) ?? 0) + x.bandwidth() / 2;
      return mid >= sel[0] && mid <= sel[1];
    });
  const brush = brushX<unknown>()
    .extent([[margin.left, margin.top], [width - margin.right, height - margin.bottom]])
    .on("end", (event: D3BrushEvent<unknown>) => {
      if (!event.sourceEvent) return; // moved by code below
      const sel = event.selection as [number, number] | null;
      if (!sel) return onBrush(null);
      const chosen = inSelection(sel);
      if (chosen.length === 0) return onBrush(null);
      const first = periodRange(data.by, chosen[0].period);
      const last = periodRange(data.by, chosen[chosen.length - 1].period);
      if (!first || !last) return onBrush(null);
      onBrush([first[0], last[1]]);
    });
  const gb = svg.append("g").attr("class", "brush").call(brush);
  if (selected) {
    // Show the current selection: the periods that overlap it.
    const hit = periods.filter((p) => {
      const r = periodRange(data.by, p.period);
      return r !== null && r[1] >= selected[0] && r[0] <= selected[1];
    });
    if (hit.length > 0) {
      const x0 = x(hit[0].period) ?? 0;
      const x1 = (x(hit[hit.length - 1].period) ?? 0) + x.bandwidth();
      gb.call(brush.move, [x0, x1]);
    }
  }

  // Legend.
  const legend = svg.append("g").attr("class", "legend").attr("transform", `translate(${margin.left},4)`);
  quadNames.forEach((n, i) => {
    const g = legend.append("g").attr("transform", `translate(${i * 150},0)`);
    g.append("rect").attr("width", 10).attr("height", 10).attr("fill", quadColors[i]);
    g.append("text").attr("x", 14).attr("y", 9).text(n);
  });
  const gl = legend.append("g").attr("transform", `translate(${4 * 150},0)`);
  gl.append("line").attr("x1", 0).attr("x2", 12).attr("y1", 5).attr("y2", 5).attr("class", "goldstein-line");
  gl.append("text").attr("x", 16).attr("y", 9).text("mean Goldstein (right axis)");
}
