// Helpers shared by every page. Article text is untrusted: every string reaches the page as a
// DOM text node (el, highlight); nothing here ever parses a string as HTML.
"use strict";

const Communique = (() => {
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name.startsWith("on") && typeof value === "function") {
        node.addEventListener(name.slice(2), value);
      } else {
        node.setAttribute(name, String(value));
      }
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function queryString(params) {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
      if (value !== null && value !== undefined && value !== "") search.set(name, value);
    }
    const text = search.toString();
    return text ? "?" + text : "";
  }

  async function api(path, params) {
    const response = await fetch(path + queryString(params || {}),
                                 { headers: { accept: "application/json" } });
    let body = null;
    try { body = await response.json(); } catch (_) { body = null; }
    if (!response.ok) {
      const message = body && body.error ? body.error.message : response.statusText;
      throw new Error(`${response.status}: ${message}`);
    }
    return body;
  }

  function setStatus(node, message, isError) {
    node.textContent = message;
    node.classList.toggle("error", Boolean(isError));
  }

  // Only web links become clickable: a javascript: or data: URL from an article is shown as text.
  function safeHref(url) {
    if (!url) return null;
    try {
      const parsed = new URL(url, window.location.href);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (_) {
      return null;
    }
  }

  function party(actor) {
    if (!actor) return "";
    return actor.country || actor.org || (actor.name ? actor.name.toLowerCase() : "");
  }

  function partyLabel(actor) {
    if (!actor) return "—";
    const code = actor.country || actor.org;
    return code && actor.name && actor.name !== code ? `${actor.name} (${code})`
                                                     : (actor.name || code || "—");
  }

  function eventId(row) { return row.event_id ?? row.id; }

  // Rows may carry nested actors (source: {name, country}) or flat columns (source_name).
  function side(row, which) {
    const nested = row[which];
    if (nested && typeof nested === "object") return nested;
    const name = row[`${which}_name`], code = row[`${which}_party`];
    if (!name && !code) return null;
    return { name: name || code, country: row[`${which}_country`], org: row[`${which}_org`] };
  }

  function sideLabel(row, which) { return partyLabel(side(row, which)); }

  function location(row) {
    const nested = row.location;
    if (nested && typeof nested === "object") return nested;
    if (!row.location_name && row.latitude == null) return null;
    return { name: row.location_name, country: row.location_country,
             latitude: row.latitude, longitude: row.longitude };
  }

  function formatScore(score) {
    if (score === null || score === undefined || Number.isNaN(Number(score))) return "";
    const value = Number(score);
    return (value > 0 ? "+" : "") + value.toFixed(1);
  }

  function scoreClass(score) {
    return Number(score) > 0 ? "score-pos" : Number(score) < 0 ? "score-neg" : "";
  }

  // spans: [{start, end, kind}] relative to text; overlapping spans keep the earlier one.
  function highlight(text, spans) {
    const fragment = document.createDocumentFragment();
    const ordered = spans
      .filter((s) => s && s.start >= 0 && s.end <= text.length && s.end > s.start)
      .sort((a, b) => a.start - b.start || b.end - a.end);
    let cursor = 0;
    for (const span of ordered) {
      if (span.start < cursor) continue;
      fragment.append(document.createTextNode(text.slice(cursor, span.start)));
      fragment.append(el("mark", { class: `hl-${span.kind}`, title: span.kind },
                         text.slice(span.start, span.end)));
      cursor = span.end;
    }
    fragment.append(document.createTextNode(text.slice(cursor)));
    return fragment;
  }

  function formParams(form) {
    const params = {};
    for (const [name, value] of new FormData(form).entries()) {
      if (String(value).trim() !== "") params[name] = String(value).trim();
    }
    return params;
  }

  function fillForm(form, params) {
    for (const [name, value] of Object.entries(params)) {
      const field = form.elements.namedItem(name);
      if (field && "value" in field) field.value = value;
    }
  }

  function pageParams() {
    return Object.fromEntries(new URLSearchParams(window.location.search).entries());
  }

  function clear(node) { node.replaceChildren(); }

  return { el, api, queryString, setStatus, safeHref, party, partyLabel, eventId, side, sideLabel, location, formatScore,
           scoreClass, highlight, formParams, fillForm, pageParams, clear };
})();
