// Dyad page: events between two parties and their mean cooperation-conflict score over time.
"use strict";

(() => {
  const C = Communique;
  const form = document.getElementById("dyad-form");
  const status = document.getElementById("status");
  const chart = document.getElementById("chart");
  const SIZE = { width: 960, height: 360, top: 20, right: 50, bottom: 40, left: 50 };

  const DAY_MS = 86400000;

  function pointOf(p) {
    const period = String(p.period ?? p.bucket ?? p.date ?? "");
    const [start, end] = periodRange(period);
    return { period, start, end, events: Number(p.events ?? p.count ?? p.num_events ?? 0),
             score: p.mean_score ?? p.score ?? null };
  }

  // The time a period covers, as the store names periods: 2025-03-09 (day), 2025-W10 (week,
  // counted as strftime's %W: week 00 holds the days before the year's first Monday), 2025-03
  // (month), 2025 (year). Unreadable names give invalid dates and are left out.
  function periodRange(period) {
    const week = /^(\d{4})-W(\d{2})$/.exec(period);
    if (week) {
      const jan1 = Date.UTC(Number(week[1]), 0, 1);
      const firstMonday = jan1 + ((8 - new Date(jan1).getUTCDay()) % 7) * DAY_MS;
      const n = Number(week[2]);
      const start = n === 0 ? jan1 : firstMonday + (n - 1) * 7 * DAY_MS;
      return [new Date(start), new Date(n === 0 ? firstMonday : start + 7 * DAY_MS)];
    }
    const [year, month, day] = period.split("-").map(Number);
    if (day) return [new Date(Date.UTC(year, month - 1, day)), new Date(Date.UTC(year, month - 1, day + 1))];
    if (month) return [new Date(Date.UTC(year, month - 1, 1)), new Date(Date.UTC(year, month, 1))];
    return [new Date(Date.UTC(year, 0, 1)), new Date(Date.UTC(year + 1, 0, 1))];
  }

  // A real time axis: each bar spans its period, so ten quiet years look ten years wide.
  function drawChart(allPoints) {
    C.clear(chart);
    const points = allPoints.filter((p) => !Number.isNaN(p.start.getTime()));
    if (!points.length) return;
    const { width, height, top, right, bottom, left } = SIZE;
    const svg = d3.select(chart).append("svg").attr("viewBox", `0 0 ${width} ${height}`)
      .attr("role", "img").attr("aria-label", "cooperation-conflict timeline");
    const x = d3.scaleUtc().domain([d3.min(points, (p) => p.start), d3.max(points, (p) => p.end)])
      .range([left, width - right]);
    const yScore = d3.scaleLinear().domain([-10, 10]).range([height - bottom, top]);
    const yCount = d3.scaleLinear().domain([0, d3.max(points, (p) => p.events) || 1]).nice()
      .range([height - bottom, top]);
    svg.append("g").attr("class", "axis time-axis").attr("transform", `translate(0,${height - bottom})`)
      .call(d3.axisBottom(x).ticks(Math.floor((width - left - right) / 90)));
    svg.append("g").attr("class", "axis").attr("transform", `translate(${left},0)`)
      .call(d3.axisLeft(yScore).ticks(5));
    svg.append("g").attr("class", "axis").attr("transform", `translate(${width - right},0)`)
      .call(d3.axisRight(yCount).ticks(Math.min(5, yCount.domain()[1])).tickFormat(d3.format("d")));
    svg.append("line").attr("x1", left).attr("x2", width - right)
      .attr("y1", yScore(0)).attr("y2", yScore(0)).attr("stroke", "#a0aec0");
    const span = (p) => x(p.end) - x(p.start);
    const inset = (p) => Math.min(1, span(p) * 0.1);
    svg.append("g").attr("class", "bars").selectAll("rect").data(points).join("rect")
      .attr("data-period", (p) => p.period)
      .attr("x", (p) => x(p.start) + inset(p)).attr("width", (p) => Math.max(2, span(p) - 2 * inset(p)))
      .attr("y", (p) => yCount(p.events)).attr("height", (p) => yCount(0) - yCount(p.events))
      .attr("fill", "#a0aec0")
      .append("title").text((p) => `${p.period}: ${p.events} events`);
    drawScoreLine(svg, points.filter((p) => p.score !== null), x, yScore);
  }

  // The line joins neighbouring periods only: across a gap with no events it breaks.
  function drawScoreLine(svg, points, x, y) {
    const cx = (p) => x(new Date((p.start.getTime() + p.end.getTime()) / 2));
    const series = points.flatMap((p, i) =>
      (i > 0 && points[i - 1].end.getTime() < p.start.getTime() ? [null, p] : [p]));
    svg.append("path").attr("class", "score-line").datum(series).attr("fill", "none")
      .attr("stroke", "#2b6cb0").attr("stroke-width", 2)
      .attr("d", d3.line().defined((p) => p !== null).x(cx).y((p) => y(p.score)));
    svg.append("g").attr("class", "score-dots").selectAll("circle").data(points).join("circle")
      .attr("data-period", (p) => p.period)
      .attr("cx", cx).attr("cy", (p) => y(p.score)).attr("r", 4)
      .attr("fill", (p) => (p.score > 0 ? "#2f855a" : p.score < 0 ? "#c53030" : "#718096"))
      .append("title").text((p) => `${p.period}: mean score ${C.formatScore(p.score)}`);
  }

  function drawEvents(data) {
    const tbody = document.querySelector("#dyad-events tbody");
    C.clear(tbody);
    document.getElementById("events-title").textContent =
      `${data.total} events between ${data.a} and ${data.b}` +
      (data.total > data.events.length ? ` (latest ${data.events.length} shown)` : "");
    for (const row of data.events) {
      const href = "/" + C.queryString({ dyad: `${data.a},${data.b}`, event: C.eventId(row) });
      tbody.append(C.el("tr", { onclick: () => { window.location.href = href; } },
        C.el("td", {}, C.el("a", { href }, row.date || "undated")),
        C.el("td", {}, row.type), C.el("td", {}, C.sideLabel(row, "source")),
        C.el("td", {}, C.sideLabel(row, "target")),
        C.el("td", { class: C.scoreClass(row.score) }, C.formatScore(row.score)),
        C.el("td", { class: "evidence" }, typeof row.evidence === "string" ? row.evidence : "")));
    }
  }

  async function show(params) {
    history.replaceState(null, "", "/dyad" + C.queryString(params));
    C.setStatus(status, "Loading…");
    try {
      const path = `/api/dyads/${encodeURIComponent(params.a)}/${encodeURIComponent(params.b)}/timeline`;
      const data = await C.api(path, { bucket: params.bucket || "month", limit: 100 });
      const points = data.points.map(pointOf);
      drawChart(points);
      drawEvents(data);
      C.setStatus(status, points.length ? `${points.length} periods`
                                        : `No events between ${params.a} and ${params.b}.`);
    } catch (error) {
      C.clear(chart);
      C.setStatus(status, `Could not load the timeline: ${error.message}`, true);
    }
  }

  async function fillActors() {
    try {
      const data = await C.api("/api/actors", { limit: 200 });
      const list = document.getElementById("actor-list");
      for (const actor of data.actors) {
        const code = actor.party ?? actor.id ?? actor.code;
        if (code) list.append(C.el("option", { value: code }, actor.name || code));
      }
    } catch (error) {
      C.setStatus(status, `Could not load actors: ${error.message}`, true);
    }
  }

  form.addEventListener("submit", (e) => { e.preventDefault(); show(C.formParams(form)); });
  const params = C.pageParams();
  C.fillForm(form, params);
  fillActors();
  if (params.a && params.b) show(params);
})();
