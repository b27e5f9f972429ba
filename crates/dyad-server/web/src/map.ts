// World map: Natural Earth country shapes (bundled world-atlas TopoJSON, fetched from the same
// origin) and one circle per place, area by events, colour by mean Goldstein.
import { geoGraticule10, geoNaturalEarth1, geoPath } from "d3-geo";
import { scaleSqrt } from "d3-scale";
import { select } from "d3-selection";
import type { FeatureCollection } from "geojson";
import { feature } from "topojson-client";
import type { Topology, GeometryCollection } from "topojson-specification";
import worldUrl from "world-atlas/countries-110m.json?url";
import type { Place } from "./api";
import { goldsteinColor } from "./colors";
import { fmt, widthOf } from "./dom";

let countries: Promise<FeatureCollection> | null = null;

function loadCountries(): Promise<FeatureCollection> {
  if (!countries) {
    countries = fetch(worldUrl)
      .then((r) => {
        if (!r.ok) throw new Error(`country shapes: ${r.status}`);
        return r.json() as Promise<Topology<{ countries: GeometryCollection }>>;
      })
      .then((topo) => feature(topo, topo.objects.countries) as FeatureCollection);
    countries.catch(() => {
      countries = null; // try again next time
    });
  }
  return countries;
}

export async function renderMap(
  container: HTMLElement,
  places: Place[],
  onPlace: (country: string) => void,
): Promise<void> {
  const land = await loadCountries();
  container.replaceChildren();
  const width = widthOf(container, 600);
  const height = Math.round(width * 0.52);
  const projection = geoNaturalEarth1().fitSize([width, height], { type: "Sphere" });
  const path = geoPath(projection);
  const svg = select(container).append("svg")
    .attr("width", width).attr("height", height).attr("viewBox", `0 0 ${width} ${height}`)
    .attr("data-places", String(places.length));
  svg.append("path").attr("class", "sphere").attr("d", path({ type: "Sphere" }) ?? "");
  svg.append("path").attr("class", "graticule").attr("d", path(geoGraticule10()) ?? "");
  svg.append("g").attr("class", "countries").selectAll("path")
    .data(land.features)
    .join("path")
    .attr("d", (f) => path(f) ?? "")
    .append("title").text((f) => String(f.properties?.name ?? ""));
  const located = places.filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon));
  const max = Math.max(1, ...located.map((p) => p.events));
  const r = scaleSqrt().domain([0, max]).range([0, Math.max(8, width / 40)]);
  const sorted = [...located].sort((a, b) => b.events - a.events); // small ones on top
  svg.append("g").attr("class", "places").selectAll("circle")
    .data(sorted)
    .join("circle")
    .attr("transform", (p) => {
      const xy = projection([p.lon, p.lat]);
      return xy ? `translate(${xy[0]},${xy[1]})` : "translate(-100,-100)";
    })
    .attr("r", (p) => Math.max(2.5, r(p.events)))
    .attr("fill", (p) => goldsteinColor(p.goldstein_mean))
    .on("click", (_e, p) => { if (p.country) onPlace(p.country); })
    .append("title")
    .text((p) => `${p.name}${p.country ? ` (${p.country})` : ""}: ${p.events} events, mean Goldstein ${fmt(p.goldstein_mean)}`);
  // Colour key: mean Goldstein from conflict to cooperation.
  const key = svg.append("g").attr("class", "key").attr("transform", `translate(10,${height - 16})`);
  [-10, -5, 0, 5, 10].forEach((g, i) => {
    key.append("rect").attr("x", i * 16).attr("width", 16).attr("height", 8).attr("fill", goldsteinColor(g));
  });
  key.append("text").attr("x", 0).attr("y", -3).text("Goldstein −10 … +10");
  if (located.length === 0) {
    svg.append("text").attr("x", width / 2).attr("y", height - 12).attr("text-anchor", "middle")
      .attr("class", "empty").text("No located events in this selection.");
  }
}
