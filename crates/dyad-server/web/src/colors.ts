import { scaleLinear } from "d3-scale";

/** Goldstein −10 (conflict, red) … 0 (grey) … +10 (cooperation, blue). */
export const goldsteinColor = scaleLinear<string>()
  .domain([-10, 0, 10])
  .range(["#c0392b", "#b8b8b8", "#2166ac"])
  .clamp(true);

/** QuadClass 1–4 colours: verbal/material cooperation, verbal/material conflict. */
export const quadColors = ["#6baed6", "#2171b5", "#fd8d3c", "#cb181d"];
export const quadNames = ["verbal cooperation", "material cooperation", "verbal conflict", "material conflict"];
