// Map of event locations over a bundled Natural Earth base map (no tile server, works offline).
"use strict";

(() => {
  const C = Communique;
  const form = document.getElementById("map-form");
  const status = document.getElementById("status");
  const container = document.getElementById("map");
  const WIDTH = 960, HEIGHT = 500;
  const projection = d3.geoNaturalEarth1().fitSize([WIDTH, HEIGHT], { type: "Sphere" });
  const path = d3.geoPath(projection);
  let layer = null;

  async function drawBaseMap() {
    const svg = d3.select(container).append("svg").attr("viewBox", `0 0 ${WIDTH} ${HEIGHT}`)
      .attr("role", "img").attr("aria-label", "map of event locations");
    svg.append("path").datum({ type: "Sphere" }).attr("d", path).attr("fill", "#ebf8ff");
    const world = await d3.json("/static/vendor/countries-110m.json");
    const countries = topojson.feature(world, world.objects.countries);
    svg.append("g").attr("class", "countries").selectAll("path").data(countries.features)
      .join("path").attr("d", path).attr("fill", "#edf2f7").attr("stroke", "#a0aec0")
      .attr("stroke-width", 0.5)
      .append("title").text((f) => f.properties.name);
    layer = svg.append("g").attr("class", "points");
  }

  function colour(score) {
    return score > 0.5 ? "#2f855a" : score < -0.5 ? "#c53030" : "#718096";
  }

  // The explorer has no place filter; the place's name in the evidence is the closest match.
  function explorerLink(point) {
    const { since, until, type, actor } = C.formParams(form);
    return "/" + C.queryString({ since, until, type, actor, text: point.name });
  }

  function drawPoints(points) {
    layer.selectAll("*").remove();
    const max = d3.max(points, (p) => p.events) || 1;
    const radius = d3.scaleSqrt().domain([0, max]).range([0, 18]);
    layer.selectAll("circle").data(points).join("circle")
      .attr("class", "place")
      .attr("cx", (p) => projection([p.longitude, p.latitude])[0])
      .attr("cy", (p) => projection([p.longitude, p.latitude])[1])
      .attr("r", (p) => Math.max(3, radius(p.events)))
      .attr("fill", (p) => colour(p.mean_score)).attr("fill-opacity", 0.6)
      .attr("stroke", "#1a202c").attr("stroke-width", 0.5).style("cursor", "pointer")
      .on("click", (_, p) => { window.location.href = explorerLink(p); })
      .append("title")
      .text((p) => `${p.name || "unnamed place"}${p.country ? ", " + p.country : ""}: ` +
                   `${p.events} events, mean score ${C.formatScore(p.mean_score)}`);
  }

  async function load(params) {
    history.replaceState(null, "", "/map" + C.queryString(params));
    C.setStatus(status, "Loading…");
    try {
      const data = await C.api("/api/places", params);
      drawPoints(data.points);
      const note = data.truncated ? ` (from the latest ${data.events_scanned} events; narrow the filters to see older ones)` : "";
      C.setStatus(status, `${data.points.length} places${note}`);
    } catch (error) {
      C.setStatus(status, `Could not load places: ${error.message}`, true);
    }
  }

  async function start() {
    try {
      await drawBaseMap();
      const info = await C.api("/api/info");
      const select = document.getElementById("type-select");
      for (const type of info.event_types) select.append(C.el("option", { value: type }, type));
    } catch (error) {
      C.setStatus(status, `Could not draw the map: ${error.message}`, true);
      return;
    }
    C.fillForm(form, C.pageParams());
    load(C.formParams(form));
  }

  form.addEventListener("submit", (e) => { e.preventDefault(); load(C.formParams(form)); });
  start();
})();
