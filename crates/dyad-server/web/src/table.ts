// The event table: one row per stored event, newest first; a row opens its article.
import type { EventRow } from "./api";
import { goldsteinColor, quadColors, quadNames } from "./colors";
import { el, fmt } from "./dom";

function actorCell(a: EventRow["source"] | null): HTMLTableCellElement {
  const td = el("td");
  if (!a) {
    td.textContent = "–";
    return td;
  }
  td.append(el("code", {}, a.code));
  if (a.text) td.append(el("span", { class: "muted" }, ` ${a.text}`));
  return td;
}

export function renderTable(
  tbody: HTMLTableSectionElement,
  rows: EventRow[],
  onOpen: (row: EventRow) => void,
): void {
  tbody.replaceChildren();
  if (rows.length === 0) {
    const tr = el("tr", { class: "empty" });
    tr.append(el("td", { colspan: "9" }, "No events match these filters."));
    tbody.append(tr);
    return;
  }
  for (const r of rows) {
    const tr = el("tr", { tabindex: "0", "data-event-id": String(r.id), "data-doc-id": r.doc_id });
    tr.append(el("td", {}, r.date ?? "–"));
    tr.append(actorCell(r.source));
    tr.append(actorCell(r.target));
    const cameo = el("td", { title: `rule ${r.rule}${r.plover ? ` · PLOVER ${r.plover.type}` : ""}` });
    cameo.append(el("code", {}, r.cameo));
    if (r.negated) cameo.append(el("span", { class: "neg" }, " not"));
    tr.append(cameo);
    const quad = el("td", { title: quadNames[r.quad_class - 1] ?? "" });
    const dot = el("span", { class: "swatch" });
    dot.style.background = quadColors[r.quad_class - 1] ?? "#999";
    quad.append(dot, document.createTextNode(String(r.quad_class)));
    tr.append(quad);
    const g = el("td", { class: "num" }, fmt(r.goldstein));
    g.style.color = goldsteinColor(r.goldstein);
    tr.append(g);
    tr.append(el("td", { class: "evidence" }, r.evidence));
    tr.append(el("td", {}, r.place ? `${r.place.name}${r.place.country ? ` (${r.place.country})` : ""}` : "–"));
    tr.append(el("td", { class: "num" }, String(r.num_mentions)));
    tr.addEventListener("click", () => onOpen(r));
    tr.addEventListener("keydown", (e) => {
      if (e.key === "Enter") onOpen(r);
    });
    tbody.append(tr);
  }
}
