// Events explorer: filters -> one server-side page of events -> an event's sources and evidence.
"use strict";

(() => {
  const C = Communique;
  const KINDS = ["source", "target", "trigger", "date", "place"];
  const form = document.getElementById("filters");
  const tbody = document.querySelector("#events tbody");
  const status = document.getElementById("status");
  const detail = document.getElementById("detail");
  const state = { filters: {}, offset: 0, limit: 50, total: 0, selected: null };

  function filtersFromForm() {
    const params = C.formParams(form);
    state.limit = Number(params.limit || 50);
    delete params.limit;
    return params;
  }

  function syncUrl() {
    const params = { ...state.filters, limit: state.limit, offset: state.offset || null,
                     event: state.selected };
    history.replaceState(null, "", "/" + C.queryString(params));
    const download = C.queryString(state.filters);
    document.getElementById("csv").href = "/api/events.csv" + download;
    document.getElementById("jsonl").href = "/api/events.jsonl" + download;
  }

  async function loadPage() {
    C.setStatus(status, "Loading…");
    syncUrl();
    try {
      const page = await C.api("/api/events",
                               { ...state.filters, limit: state.limit, offset: state.offset });
      // Past the store's count cap the total is a lower bound ("10,000+"): paging goes on
      // while full pages come back.
      state.total = page.total_exact === false
        ? Math.max(page.total, state.offset + page.events.length + (page.events.length === state.limit ? 1 : 0))
        : page.total;
      renderRows(page.events);
      const last = state.offset + page.events.length;
      const of = page.total_exact === false ? `${page.total.toLocaleString("en")}+`
                                            : `${page.total}`;
      C.setStatus(status, page.total ? `Events ${state.offset + 1}–${last} of ${of}`
                                     : "No events match these filters.");
    } catch (error) {
      renderRows([]);
      C.setStatus(status, `Could not load events: ${error.message}`, true);
    }
    document.getElementById("prev").disabled = state.offset === 0;
    document.getElementById("next").disabled = state.offset + state.limit >= state.total;
  }

  function renderRows(rows) {
    C.clear(tbody);
    for (const row of rows) {
      const id = C.eventId(row);
      const tr = C.el("tr", { "data-id": id, tabindex: 0, onclick: () => selectEvent(id),
                              onkeydown: (e) => { if (e.key === "Enter") selectEvent(id); } },
        C.el("td", {}, row.date || ""), C.el("td", {}, row.type, row.mode ? ` · ${row.mode}` : ""),
        C.el("td", {}, C.sideLabel(row, "source")), C.el("td", {}, C.sideLabel(row, "target")),
        C.el("td", {}, row.status || ""),
        C.el("td", { class: C.scoreClass(row.score) }, C.formatScore(row.score)),
        C.el("td", {}, row.num_sources ?? ""),
        C.el("td", { class: "evidence", title: evidenceText(row) }, evidenceText(row)));
      if (id === state.selected) tr.classList.add("selected");
      tbody.append(tr);
    }
  }

  function evidenceText(row) {
    if (typeof row.evidence === "string") return row.evidence;
    return (row.record && row.record.evidence) || row.sentence_text || "";
  }

  async function selectEvent(id) {
    state.selected = id;
    for (const tr of tbody.querySelectorAll("tr")) {
      tr.classList.toggle("selected", tr.dataset.id === id);
    }
    syncUrl();
    C.clear(detail);
    detail.append(C.el("p", {}, "Loading event…"));
    try {
      renderDetail(await C.api(`/api/events/${encodeURIComponent(id)}`));
    } catch (error) {
      C.clear(detail);
      detail.append(C.el("p", { class: "status error" }, `Could not load event: ${error.message}`));
    }
  }

  function renderDetail(event) {
    C.clear(detail);
    const source = C.side(event, "source"), target = C.side(event, "target");
    detail.append(C.el("h2", {}, `${event.type}${event.mode ? " · " + event.mode : ""}: `,
                       C.partyLabel(source), " → ", C.partyLabel(target)));
    detail.append(facts(event, source, target));
    const mentions = event.mentions || [];
    detail.append(C.el("h3", {}, `${mentions.length} source${mentions.length === 1 ? "" : "s"}`),
                  legend());
    const texts = fieldTexts(event, mentions);
    for (const mention of mentions) detail.append(renderMention(mention, texts));
  }

  function facts(event, source, target) {
    const place = C.location(event);
    const rows = [
      ["Date", event.date || "unknown"], ["Status", event.status],
      ["Score", C.formatScore(event.score)], ["Quad class", event.quad_class],
      ["CAMEO", event.cameo], ["Place", place ? [place.name, place.country].filter(Boolean).join(", ") : ""],
      ["Confidence", event.confidence], ["Id", C.eventId(event)],
    ];
    const list = C.el("dl", {});
    for (const [name, value] of rows) {
      if (value === null || value === undefined || value === "") continue;
      list.append(C.el("dt", {}, name), C.el("dd", {}, value));
    }
    if (C.party(source) && C.party(target)) {
      const href = "/dyad" + C.queryString({ a: C.party(source), b: C.party(target) });
      list.append(C.el("dt", {}, "Dyad"), C.el("dd", {}, C.el("a", { href }, "timeline")));
    }
    return list;
  }

  function legend() {
    return C.el("p", { class: "legend" },
                ...KINDS.map((kind) => C.el("mark", { class: `hl-${kind}` }, kind)));
  }

  // The words each field was read from, to find them again in sentences without offsets.
  function fieldTexts(event, mentions) {
    const texts = {};
    for (const mention of mentions) {
      for (const kind of KINDS) {
        const span = (mention.offsets || {})[kind];
        if (span && span.text && !texts[kind]) texts[kind] = span.text;
      }
    }
    return texts;
  }

  function sentenceOf(mention) {
    const text = mention.sentence_text ?? mention.sentence ?? mention.evidence ?? mention.text ?? "";
    const start = mention.sentence_start ?? mention.start ??
                  (mention.evidence_span ? mention.evidence_span.start : 0);
    return { text, start: Number(start) || 0 };
  }

  function spansIn(sentence, offsets, texts) {
    const spans = [];
    for (const kind of KINDS) {
      const span = (offsets || {})[kind];
      if (span && sentence.text.slice(span.start - sentence.start, span.end - sentence.start) === span.text) {
        spans.push({ start: span.start - sentence.start, end: span.end - sentence.start, kind });
        continue;
      }
      const word = (span && span.text) || texts[kind];
      const at = word ? sentence.text.indexOf(word) : -1;
      if (at >= 0) spans.push({ start: at, end: at + word.length, kind });
    }
    return spans;
  }

  function renderMention(mention, texts) {
    const sentence = sentenceOf(mention);
    const href = C.safeHref(mention.url);
    const outlet = mention.outlet || "unknown outlet";
    const title = mention.title || mention.article_id || mention.url || "untitled";
    const meta = C.el("div", { class: "meta" }, outlet, " · ", mention.published || "undated",
                      mention.is_primary ? " · primary report" : "", " · ",
                      href ? C.el("a", { href, rel: "noopener noreferrer nofollow", target: "_blank" }, title)
                           : C.el("span", {}, title),
                      ` · characters ${sentence.start}–${sentence.start + sentence.text.length}`);
    const quote = C.el("blockquote", { class: "sentence" },
                       C.highlight(sentence.text, spansIn(sentence, mention.offsets, texts)));
    return C.el("div", { class: "mention" }, meta, quote);
  }

  function fillSelect(select, values) {
    for (const value of values) select.append(C.el("option", { value }, value));
  }

  async function start() {
    try {
      const info = await C.api("/api/info");
      fillSelect(document.getElementById("type-select"), info.event_types);
      fillSelect(document.getElementById("status-select"), info.statuses);
    } catch (error) {
      C.setStatus(status, `Could not reach the API: ${error.message}`, true);
    }
    const params = C.pageParams();
    C.fillForm(form, params);
    state.filters = filtersFromForm();
    state.offset = Number(params.offset || 0);
    await loadPage();
    if (params.event) await selectEvent(params.event);
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    state.filters = filtersFromForm();
    state.offset = 0;
    loadPage();
  });
  form.addEventListener("reset", () => setTimeout(() => {
    state.filters = filtersFromForm(); state.offset = 0; loadPage();
  }));
  document.getElementById("prev").addEventListener("click", () => {
    state.offset = Math.max(0, state.offset - state.limit); loadPage();
  });
  document.getElementById("next").addEventListener("click", () => {
    state.offset += state.limit; loadPage();
  });
  start();
})();
