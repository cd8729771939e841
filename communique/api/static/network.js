// Actor network: nodes sized by events, edges weighted by events and coloured by mean score.
"use strict";

(() => {
  const C = Communique;
  const form = document.getElementById("network-form");
  const status = document.getElementById("status");
  const graph = document.getElementById("graph");
  const WIDTH = 960, HEIGHT = 640, MARGIN = 6, GAP = 4, LABEL_ROOM = 36;
  // Parties that name nobody ("unknown attackers"): not a state, so not a node of the graph.
  const UNKNOWN_PARTIES = new Set(["unknown", "unidentified", "unknown attackers",
                                   "unknown perpetrator"]);
  const CODE = /^[A-Z0-9]{2,}$/;  // country (CHN) and organisation (UN, EU) codes

  function edgeColour(score) {
    return score > 0.5 ? "#2f855a" : score < -0.5 ? "#c53030" : "#a0aec0";
  }

  function isUnknown(id) { return UNKNOWN_PARTIES.has(String(id).toLowerCase()); }

  // The layout is computed to rest before drawing, so the picture never jitters or lags. Pulls
  // towards the centre keep actors without links (or a pair on its own) on the canvas.
  function layout(nodes, links) {
    nodes.forEach((n, i) => {  // a spiral around the centre, the same on every load
      const angle = i * 2.4, radius = 12 * Math.sqrt(i + 1);
      n.x = WIDTH / 2 + radius * Math.cos(angle);
      n.y = HEIGHT / 2 + radius * Math.sin(angle);
    });
    const simulation = d3.forceSimulation(nodes)
      .force("link", d3.forceLink(links).id((n) => n.id).distance(80).strength(0.2))
      .force("charge", d3.forceManyBody().strength(-1200 / Math.sqrt(nodes.length + 1))
        .distanceMax(350))
      .force("x", d3.forceX(WIDTH / 2).strength(0.05))
      .force("y", d3.forceY(HEIGHT / 2).strength(0.08))
      .force("collide", d3.forceCollide().radius((n) => n.r + GAP).iterations(2))
      .stop();
    simulation.tick(300);
    separate(nodes);
  }

  // Pushes overlapping circles apart and keeps each inside the canvas until none overlaps.
  function separate(nodes) {
    for (let round = 0; round < 300; round += 1) {
      nodes.forEach(keepInside);
      if (!pushApart(nodes)) return;
    }
    nodes.forEach(keepInside);
  }

  function keepInside(n) {
    n.x = Math.max(n.r + MARGIN, Math.min(WIDTH - n.r - MARGIN - LABEL_ROOM, n.x));
    n.y = Math.max(n.r + MARGIN, Math.min(HEIGHT - n.r - MARGIN, n.y));
  }

  function pushApart(nodes) {
    let moved = false;
    for (let i = 0; i < nodes.length; i += 1) {
      for (let j = i + 1; j < nodes.length; j += 1) {
        const a = nodes[i], b = nodes[j];
        let dx = b.x - a.x, dy = b.y - a.y, distance = Math.hypot(dx, dy);
        const wanted = a.r + b.r + GAP;
        if (distance >= wanted) continue;
        if (distance < 1e-6) { dx = Math.cos(i + j); dy = Math.sin(i + j); distance = 1; }
        const push = (wanted - distance) / 2 + 0.5;
        a.x -= (dx / distance) * push; a.y -= (dy / distance) * push;
        b.x += (dx / distance) * push; b.y += (dy / distance) * push;
        moved = true;
      }
    }
    return moved;
  }

  function draw(data) {
    C.clear(graph);
    const shown = data.nodes.filter((n) => !isUnknown(n.id));
    // Area follows the event count relative to the busiest actor, whatever the corpus size.
    const busiest = d3.max(shown, (n) => n.events) || 1;
    const nodes = shown.map((n) => ({ ...n, r: 5 + 20 * Math.sqrt((n.events || 0) / busiest),
                                      coded: CODE.test(String(n.id)) }));
    const links = data.edges.filter((e) => !isUnknown(e.source) && !isUnknown(e.target))
      .map((e) => ({ ...e }));
    if (!nodes.length) return;
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
    // Small actors last, on top: a big neighbour never hides a small actor's label.
    const ordered = [...nodes].sort((a, b) => b.r - a.r);
    const node = svg.append("g").attr("class", "nodes").selectAll("g").data(ordered).join("g")
      .attr("class", (n) => (n.coded ? "node" : "node uncoded"))
      .attr("transform", (n) => `translate(${n.x},${n.y})`)
      .attr("data-r", (n) => n.r)
      .style("cursor", "pointer")
      .on("click", (_, n) => { window.location.href = "/" + C.queryString({ actor: n.id }); });
    node.append("circle").attr("r", (n) => n.r).attr("stroke", "#fff")
      .attr("fill", (n) => (n.coded ? "#2b6cb0" : "#805ad5"));
    // A short label fits inside a big circle; others go to its right (its left near the right
    // edge, to stay on the canvas), on a white halo that keeps them readable over the lines.
    const label = (n) => String(n.label || n.name || n.id);
    const inside = (n) => n.r >= 14 && label(n).length <= 4;
    const leftward = (n) => n.x > WIDTH - 140;
    node.append("text").attr("y", 4).attr("font-size", 12)
      .attr("x", (n) => (inside(n) ? 0 : leftward(n) ? -(n.r + 3) : n.r + 3))
      .attr("text-anchor", (n) => (inside(n) ? "middle" : leftward(n) ? "end" : "start"))
      .attr("fill", (n) => (inside(n) ? "#fff" : "#1a202c"))
      .attr("stroke", (n) => (inside(n) ? "none" : "#fff")).attr("stroke-width", 3)
      .attr("paint-order", "stroke")
      .text(label);
    node.append("title").text((n) => `${n.name || n.id}: ${n.events} events`);
  }

  // Events whose other party is unknown are not drawn: listed below the graph instead.
  function describeUnknown(data) {
    const aside = document.getElementById("unknown-parties");
    C.clear(aside);
    const pairs = data.edges.filter((e) => isUnknown(e.source) || isUnknown(e.target));
    if (!pairs.length) return 0;
    const total = d3.sum(pairs, (e) => e.weight);
    aside.append(C.el("span", {}, "Not drawn: ",
      C.el("a", { href: "/" + C.queryString({ actor: "unknown" }), id: "unknown-events" },
           `${total} events with an unknown party`),
      " (an actor the reports do not name, not a state):"),
      C.el("ul", {}, pairs.map((e) => {
        const known = isUnknown(e.source) ? e.target : e.source;
        return C.el("li", {}, C.el("a", { href: "/" + C.queryString({ actor: known }) }, known),
                    ` with an unknown party: ${e.weight} events`);
      })));
    return total;
  }

  async function load(params) {
    history.replaceState(null, "", "/network" + C.queryString(params));
    C.setStatus(status, "Loading…");
    try {
      const data = await C.api("/api/network", params);
      draw(data);
      const unknown = describeUnknown(data);
      const drawn = data.nodes.filter((n) => !isUnknown(n.id)).length;
      const pairs = data.edges.filter((e) => !isUnknown(e.source) && !isUnknown(e.target)).length;
      const note = data.truncated ? ` (the ${data.nodes.length} most active of ${data.nodes_total})` : "";
      const apart = unknown ? `; ${unknown} events with an unknown party listed below` : "";
      C.setStatus(status, data.nodes.length
        ? `${drawn} actors, ${pairs} pairs${note}${apart}`
        : "No events in this window.");
    } catch (error) {
      C.clear(graph);
      C.clear(document.getElementById("unknown-parties"));
      C.setStatus(status, `Could not load the network: ${error.message}`, true);
    }
  }

  form.addEventListener("submit", (e) => { e.preventDefault(); load(C.formParams(form)); });
  C.fillForm(form, C.pageParams());
  load(C.formParams(form));
})();
