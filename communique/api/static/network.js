// Actor network: nodes sized by events, edges weighted by events and coloured by mean score.
"use strict";

(() => {
  const C = Communique;
  const form = document.getElementById("network-form");
  const status = document.getElementById("status");
  const graph = document.getElementById("graph");
  const WIDTH = 960, HEIGHT = 640;

  function edgeColour(score) {
    return score > 0.5 ? "#2f855a" : score < -0.5 ? "#c53030" : "#a0aec0";
  }

  // The layout is computed to rest before drawing, so the picture never jitters or lags.
  function layout(nodes, links) {
    const simulation = d3.forceSimulation(nodes)
      .force("link", d3.forceLink(links).id((n) => n.id).distance(90))
      .force("charge", d3.forceManyBody().strength(-220))
      .force("center", d3.forceCenter(WIDTH / 2, HEIGHT / 2))
      .force("collide", d3.forceCollide().radius((n) => n.r + 4))
      .stop();
    simulation.tick(300);
    for (const n of nodes) {
      n.x = Math.max(n.r, Math.min(WIDTH - n.r, n.x));
      n.y = Math.max(n.r, Math.min(HEIGHT - n.r, n.y));
    }
  }

  function draw(data) {
    C.clear(graph);
    // Area follows the event count relative to the busiest actor, whatever the corpus size.
    const busiest = d3.max(data.nodes, (n) => n.events) || 1;
    const nodes = data.nodes.map((n) => ({ ...n, r: 5 + 20 * Math.sqrt((n.events || 0) / busiest) }));
    const links = data.edges.map((e) => ({ ...e }));
    layout(nodes, links);
    const maxWeight = d3.max(links, (l) => l.weight) || 1;
    const svg = d3.select(graph).append("svg").attr("viewBox", `0 0 ${WIDTH} ${HEIGHT}`)
      .attr("role", "img").attr("aria-label", "actor network");
    svg.append("g").attr("class", "edges").selectAll("line").data(links).join("line")
      .attr("x1", (l) => l.source.x).attr("y1", (l) => l.source.y)
      .attr("x2", (l) => l.target.x).attr("y2", (l) => l.target.y)
      .attr("stroke", (l) => edgeColour(l.score)).attr("stroke-opacity", 0.7)
      .attr("stroke-width", (l) => 1 + 7 * Math.sqrt(l.weight / maxWeight))
      .append("title")
      .text((l) => `${l.source.id} – ${l.target.id}: ${l.weight} events, mean score ${C.formatScore(l.score)}`);
    const node = svg.append("g").attr("class", "nodes").selectAll("g").data(nodes).join("g")
      .attr("class", "node").attr("transform", (n) => `translate(${n.x},${n.y})`)
      .style("cursor", "pointer")
      .on("click", (_, n) => { window.location.href = "/" + C.queryString({ actor: n.id }); });
    node.append("circle").attr("r", (n) => n.r).attr("fill", "#2b6cb0").attr("stroke", "#fff");
    node.append("text").attr("x", (n) => n.r + 3).attr("y", 4).attr("font-size", 12)
      .text((n) => n.label || n.name || n.id);
    node.append("title").text((n) => `${n.name || n.id}: ${n.events} events`);
  }

  async function load(params) {
    history.replaceState(null, "", "/network" + C.queryString(params));
    C.setStatus(status, "Loading…");
    try {
      const data = await C.api("/api/network", params);
      draw(data);
      const note = data.truncated ? ` (the ${data.nodes.length} most active of ${data.nodes_total})` : "";
      C.setStatus(status, data.nodes.length
        ? `${data.nodes.length} actors, ${data.edges.length} pairs${note}`
        : "No events in this window.");
    } catch (error) {
      C.clear(graph);
      C.setStatus(status, `Could not load the network: ${error.message}`, true);
    }
  }

  form.addEventListener("submit", (e) => { e.preventDefault(); load(C.formParams(form)); });
  C.fillForm(form, C.pageParams());
  load(C.formParams(form));
})();
