// pactcli publish: the chart, the event panel, the clocks, search and tag filters.
// The page's content is the HTML list; this script only enhances it. It never parses markup: every piece of
// store text reaches the DOM through textContent (or an SVG attribute), and all local times were computed by
// pactcli with tzdata and embedded, so nothing here converts a time or needs the browser's zone database.
(function () {
  'use strict';

  performance.mark('pactcli-start');
  const data = JSON.parse(document.getElementById('P_data').textContent);
  const events = data.events;
  const zones = data.zones;
  const S = data.S; // repeated strings, referred to by index
  const C = data.C; // citation runs, referred to by index
  const SVG = 'http://www.w3.org/2000/svg';
  const HOUR = 3600e3;
  const DAY = 24 * HOUR;
  const YEAR = 365.2425 * DAY;
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#B27400', '#3B8FC2', '#000000'];
  const ROW = 18;
  const MAX_ROWS = 10;

  // --- small DOM helpers (text only) ----------------------------------------------------------------------
  function h(tag, props, children) {
    const node = document.createElement(tag);
    if (props) {
      for (const key of Object.keys(props)) {
        const value = props[key];
        if (value === undefined || value === null || value === false) continue;
        if (key === 'text') node.textContent = value;
        else if (key === 'className') node.className = value;
        else node.setAttribute(key, value === true ? '' : String(value));
      }
    }
    for (const child of children || []) {
      if (child === null || child === undefined) continue;
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }
  function s(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const key of Object.keys(attrs || {})) node.setAttribute(key, String(attrs[key]));
    return node;
  }
  function runs(list) {
    // Citation runs: a string is plain text, a one-string array italic text.
    const out = document.createDocumentFragment();
    for (const part of list) out.append(Array.isArray(part) ? h('i', { text: part[0] }) : document.createTextNode(part));
    return out;
  }
  function dayText(ms) {
    const d = new Date(ms);
    return d.getUTCDate() + ' ' + MONTHS[d.getUTCMonth()] + ' ' + d.getUTCFullYear();
  }
  function clockText(ms) {
    const d = new Date(ms);
    return String(d.getUTCHours()).padStart(2, '0') + ':' + String(d.getUTCMinutes()).padStart(2, '0');
  }

  // --- per-event facts ------------------------------------------------------------------------------------
  const items = Array.from(document.querySelectorAll('ol.events > li.ev'));
  const envelope = events.map(function (ev) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const c of ev.claims) { lo = Math.min(lo, c.span[0]); hi = Math.max(hi, c.span[1]); }
    return [lo, hi];
  });
  // Place and summary are the list's own text: read from it when first needed.
  const textCache = [];
  function info(i) {
    if (!textCache[i]) {
      const li = items[i];
      const text = function (selector) { const node = li.querySelector(selector); return node ? node.textContent : ''; };
      textCache[i] = {
        title: events[i].title,
        place: text('.place'),
        summary: text('.summary'),
        participants: events[i].participants || [],
      };
    }
    return textCache[i];
  }
  let haystack = null; // the fields `timeline --search` looks in, built on the first search
  function searchText(i) {
    if (!haystack) haystack = [];
    if (haystack[i] === undefined) {
      const t = info(i);
      haystack[i] = [events[i].id, t.title, t.summary, t.place, t.participants.join('\n')].join('\n').toLowerCase();
    }
    return haystack[i];
  }
  const tagNamesOf = function (ev) { return (ev.tags || []).map(function (k) { return data.tags[k]; }); };
  const tagSets = events.map(function (ev) { return new Set((ev.tags || []).map(function (k) { return data.tags[k].toLowerCase(); })); });
  const byId = new Map(events.map(function (ev, i) { return [ev.id, i]; }));
  let extent = [Infinity, -Infinity];
  for (const e of envelope) { extent = [Math.min(extent[0], e[0]), Math.max(extent[1], e[1])]; }
  if (!isFinite(extent[0])) extent = [Date.UTC(1931, 0, 1), Date.UTC(1947, 0, 1)];
  if (extent[1] - extent[0] < DAY) extent = [extent[0] - DAY / 2, extent[1] + DAY / 2];
  const pad = (extent[1] - extent[0]) * 0.02;
  const home = [extent[0] - pad, extent[1] + pad];
  const MIN_SPAN = 2 * HOUR;
  const MAX_SPAN = Math.max((home[1] - home[0]) * 2, 30 * DAY);

  const state = {
    zones: new Set(data.defaultZones),
    tags: new Set(),
    query: '',
    shown: events.map(function () { return true; }),
    view: home.slice(),
    current: -1,
  };

  // --- controls -------------------------------------------------------------------------------------------
  const controls = document.getElementById('P_controls');
  const search = h('input', { type: 'search', id: 'P_q', autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': 'P_count', placeholder: 'title, place, people…' });
  controls.append(h('div', { className: 'search' }, [h('label', { for: 'P_q', text: 'Search' }), search]));
  const tagCounts = new Map();
  for (const ev of events) for (const t of tagNamesOf(ev)) tagCounts.set(t, (tagCounts.get(t) || 0) + 1);
  const tagNames = Array.from(tagCounts.keys()).sort();
  const tagSummary = h('summary', { text: 'Tags' });
  if (tagNames.length) {
    const chips = h('div', { className: 'chips' });
    for (const t of tagNames) {
      const button = h('button', { type: 'button', 'aria-pressed': 'false', 'data-tag': t.toLowerCase(),
        text: t + ' (' + tagCounts.get(t) + ')' });
      button.addEventListener('click', function () {
        const key = button.getAttribute('data-tag');
        if (state.tags.has(key)) state.tags.delete(key); else state.tags.add(key);
        button.setAttribute('aria-pressed', state.tags.has(key) ? 'true' : 'false');
        summarise();
        applyFilters();
      });
      chips.append(button);
    }
    controls.append(h('details', { className: 'tags-filter' }, [tagSummary,
      h('fieldset', null, [h('legend', { className: 'visually', text: 'Show events with any of these tags' }), chips])]));
  }
  const zoneSummary = h('summary');
  const zoneBox = h('fieldset', { className: 'zones' }, [h('legend', { className: 'visually', text: 'Clocks to show each time in' })]);
  zones.forEach(function (z, i) {
    const box = h('input', { type: 'checkbox', id: 'P_z' + i, value: String(i), 'data-zone': z.name, checked: state.zones.has(i) });
    box.addEventListener('change', function () {
      if (box.checked) state.zones.add(i); else state.zones.delete(i);
      summarise();
      updateClocks();
      if (state.current >= 0) renderPanel(state.current, false);
    });
    const label = z.label === z.name ? z.label : z.label + ' (' + z.name + ')';
    zoneBox.append(h('label', { for: 'P_z' + i }, [box, label]));
  });
  controls.append(h('details', { className: 'zones-filter' }, [zoneSummary, zoneBox]));
  controls.hidden = false;
  function summarise() {
    const chosen = Array.from(state.zones).sort(function (a, b) { return a - b; }).map(function (i) { return zones[i].label; });
    zoneSummary.textContent = 'Clocks: ' + (chosen.length ? chosen.join(', ') : 'own clock and UTC only');
    if (tagNames.length) {
      const pressed = tagNames.filter(function (t) { return state.tags.has(t.toLowerCase()); });
      tagSummary.textContent = 'Tags: ' + (pressed.length ? pressed.join(', ') : 'all');
    }
  }
  let searchTimer = 0;
  search.addEventListener('input', function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(function () { state.query = search.value.trim().toLowerCase(); applyFilters(); }, 120);
  });

  // --- filters --------------------------------------------------------------------------------------------
  const count = document.getElementById('P_count');
  const none = document.getElementById('P_none');
  function applyFilters() {
    let shown = 0;
    events.forEach(function (ev, i) {
      let ok = !state.query || searchText(i).indexOf(state.query) >= 0;
      if (ok && state.tags.size) {
        ok = false;
        for (const t of state.tags) if (tagSets[i].has(t)) { ok = true; break; }
      }
      state.shown[i] = ok;
      if (items[i].hidden === ok) items[i].hidden = !ok;
      if (ok) shown += 1;
    });
    count.textContent = shown === events.length
      ? events.length + (events.length === 1 ? ' event' : ' events')
      : 'Showing ' + shown + ' of ' + events.length + ' events';
    none.hidden = shown > 0;
    scheduleDraw();
  }

  // --- clocks in the list ---------------------------------------------------------------------------------
  function zoneLine(times) {
    const out = [];
    for (const zi of Array.from(state.zones).sort(function (a, b) { return a - b; })) {
      const t = times[zi];
      if (t) out.push(zones[zi].label + ' ' + t[0] + ' ' + S[t[1]] + (S[t[3]] ? ' (' + S[t[3]] + ')' : ''));
    }
    return out.join(' · ');
  }
  function updateClocks() {
    events.forEach(function (ev, i) {
      const spans = items[i].querySelectorAll('.clocks');
      ev.claims.forEach(function (c, k) {
        if (c.times && spans[k]) spans[k].textContent = zoneLine(c.times);
      });
    });
  }

  // --- chart ----------------------------------------------------------------------------------------------
  const box = document.getElementById('P_chartbox');
  const button = function (text, label, action) {
    const b = h('button', { type: 'button', 'aria-label': label, title: label, text: text });
    b.addEventListener('click', action);
    return b;
  };
  const rangeText = h('span', { className: 'range', 'aria-live': 'polite', id: 'P_range' });
  box.append(h('div', { className: 'toolbar' }, [
    button('−', 'Zoom out', function () { zoom(2); }),
    button('+', 'Zoom in', function () { zoom(0.5); }),
    button('←', 'Earlier', function () { pan(-0.25); }),
    button('→', 'Later', function () { pan(0.25); }),
    button('Whole period', 'Show the whole period', function () { setView(home[0], home[1]); }),
    rangeText,
  ]));
  const chart = h('div', { className: 'chart', id: 'P_chart', tabindex: '0', role: 'group',
    'aria-label': 'Timeline chart (UTC). Arrow keys move, + and − zoom, 0 shows the whole period; Tab reaches each event.' });
  box.append(chart);
  box.append(h('p', { className: 'hint', text: 'Drag or use ← → to move; wheel, + and − to zoom (decades to hours). Select an event for its details.' }));
  box.hidden = false;
  const svg = s('svg', { 'aria-label': 'Timeline chart' });
  chart.append(svg);

  function setView(a, b) {
    let span = Math.min(Math.max(b - a, MIN_SPAN), MAX_SPAN);
    let mid = (a + b) / 2;
    const lo = home[0] - span / 2;
    const hi = home[1] + span / 2;
    mid = Math.min(Math.max(mid, lo + span / 2), hi - span / 2);
    state.view = [mid - span / 2, mid + span / 2];
    scheduleDraw();
  }
  function zoom(factor, at) {
    const v = state.view;
    // Without a pointer position, zoom around the selected event when it is in view, else the centre.
    let centre = at === undefined ? (v[0] + v[1]) / 2 : at;
    if (at === undefined && state.current >= 0) {
      const e = envelope[state.current];
      if (e[1] >= v[0] && e[0] <= v[1]) centre = Math.min(Math.max((e[0] + e[1]) / 2, v[0]), v[1]);
    }
    setView(centre - (centre - v[0]) * factor, centre + (v[1] - centre) * factor);
  }
  function pan(fraction) {
    const width = state.view[1] - state.view[0];
    setView(state.view[0] + width * fraction, state.view[1] + width * fraction);
  }

  // Ticks: the finest step whose labels fit, from 100 years down to 1 hour, always on UTC boundaries.
  const STEPS = [
    ['h', 1], ['h', 2], ['h', 3], ['h', 6], ['h', 12], ['d', 1], ['d', 2], ['d', 7], ['d', 14],
    ['m', 1], ['m', 2], ['m', 3], ['m', 6], ['y', 1], ['y', 2], ['y', 5], ['y', 10], ['y', 20], ['y', 50], ['y', 100],
  ];
  const APPROX = { h: HOUR, d: DAY, m: YEAR / 12, y: YEAR };
  const LABEL_PX = { h: 48, d: 84, m: 72, y: 44 };
  function ticks(v0, v1, width) {
    const perMs = width / (v1 - v0);
    let step = STEPS[STEPS.length - 1];
    for (const candidate of STEPS) {
      if (APPROX[candidate[0]] * candidate[1] * perMs >= LABEL_PX[candidate[0]]) { step = candidate; break; }
    }
    const unit = step[0];
    const n = step[1];
    const out = [];
    const first = new Date(v0);
    let t;
    let k = 0;
    if (unit === 'y') {
      let y = Math.floor(first.getUTCFullYear() / n) * n;
      while ((t = Date.UTC(y, 0, 1)) <= v1 && k++ < 400) { if (t >= v0) out.push([t, String(y)]); y += n; }
    } else if (unit === 'm') {
      let m = first.getUTCFullYear() * 12 + Math.floor(first.getUTCMonth() / n) * n;
      while ((t = Date.UTC(Math.floor(m / 12), m % 12, 1)) <= v1 && k++ < 400) {
        if (t >= v0) out.push([t, MONTHS[m % 12] + ' ' + Math.floor(m / 12)]);
        m += n;
      }
    } else if (unit === 'd') {
      // Weekly and fortnightly ticks restart on the 1st of each month, as in the terminal chart.
      let d = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate());
      while (d <= v1 && k++ < 800) {
        const day = new Date(d).getUTCDate();
        if (d >= v0 && (n === 1 || (day - 1) % n === 0) && (n < 7 || day < 29)) out.push([d, dayText(d)]);
        d += DAY;
      }
    } else {
      let t0 = Math.floor(v0 / (n * HOUR)) * n * HOUR;
      while (t0 <= v1 && k++ < 800) {
        if (t0 >= v0) out.push([t0, new Date(t0).getUTCHours() === 0 ? dayText(t0) : clockText(t0)]);
        t0 += n * HOUR;
      }
    }
    return out;
  }

  let drawPending = false;
  function scheduleDraw() {
    if (drawPending) return;
    drawPending = true;
    requestAnimationFrame(function () { drawPending = false; draw(); });
  }

  function diamond(cx, cy, r, filled, colour) {
    return s('polygon', {
      points: [cx, cy - r, cx + r, cy, cx, cy + r, cx - r, cy].map(function (v) { return v.toFixed(1); }).join(' '),
      fill: filled ? colour : '#ffffff', stroke: colour, 'stroke-width': 1.5,
      class: filled ? 'point' : 'claim',
    });
  }
  function bar(x0, x1, cy, solid, colour) {
    const a = Math.max(x0, -20);
    const b = Math.min(x1, 100000);
    const attrs = { x: a.toFixed(1), y: (cy - 5).toFixed(1), width: Math.max(b - a, 1).toFixed(1), height: 10 };
    if (solid) return s('rect', Object.assign(attrs, { fill: colour, class: 'solid' }));
    return s('rect', Object.assign(attrs, { fill: 'url(#P_hatch)', stroke: colour, 'stroke-dasharray': '2 2', class: 'fuzzy' }));
  }

  function draw() {
    const width = Math.max(chart.clientWidth, 280);
    const v0 = state.view[0];
    const v1 = state.view[1];
    const x = function (t) { return (t - v0) / (v1 - v0) * width; };
    const lanes = data.lanes.map(function () { return { rows: [], placed: [], overflow: new Map(), reserved: null }; });
    const order = [];
    for (let i = 0; i < events.length; i++) {
      if (state.shown[i] && envelope[i][1] >= v0 && envelope[i][0] <= v1) order.push(i);
    }
    order.sort(function (a, b) { return envelope[a][0] - envelope[b][0] || a - b; });
    const extent = function (i) {
      const x0 = x(envelope[i][0]) - 5;
      const end = Math.max(x(envelope[i][1]), x0 + 10) + 5;
      return [x0, end + String(i + 1).length * 7 + 8];
    };
    // The selected event is always drawn: it takes its place on the first row before the others.
    const current = state.current;
    if (current >= 0 && state.shown[current] && envelope[current][1] >= v0 && envelope[current][0] <= v1) {
      const lane = lanes[events[current].lane];
      lane.reserved = extent(current);
      lane.rows.push(-Infinity);
      lane.placed.push([current, 0]);
    }
    for (const i of order) {
      if (i === current) continue;
      const lane = lanes[events[i].lane];
      const span = extent(i);
      const x0 = span[0];
      const end = span[1];
      const clash = function (r) { return r === 0 && lane.reserved && x0 < lane.reserved[1] && end > lane.reserved[0]; };
      let row = lane.rows.findIndex(function (free, r) { return free <= x0 && !clash(r); });
      if (row < 0 && lane.rows.length < MAX_ROWS) { lane.rows.push(-Infinity); row = lane.rows.length - 1; }
      if (row < 0) {
        const bucket = Math.floor(Math.max(0, Math.min(width, (x0 + end) / 2)) / 6);
        lane.overflow.set(bucket, (lane.overflow.get(bucket) || 0) + 1);
        continue;
      }
      lane.rows[row] = end;
      lane.placed.push([i, row]);
    }
    const frag = document.createDocumentFragment();
    const defs = s('defs');
    const pattern = s('pattern', { id: 'P_hatch', width: 4, height: 4, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
    pattern.append(s('rect', { width: 4, height: 4, fill: '#ffffff' }));
    pattern.append(s('line', { x1: 0, y1: 0, x2: 0, y2: 4, stroke: '#888', 'stroke-width': 1.5 }));
    defs.append(pattern);
    frag.append(defs);
    const top = 22;
    let y = top;
    const laneTops = [];
    lanes.forEach(function (lane, li) {
      const rows = Math.max(lane.rows.length, 1) + (lane.overflow.size ? 1 : 0);
      const height = 16 + rows * ROW + 4;
      laneTops.push(y);
      const g = s('g', { class: 'lane' });
      g.append(s('rect', { x: 0, y: y, width: width, height: height, fill: li % 2 ? '#ffffff' : '#f3f3f3' }));
      const name = s('text', { x: 4, y: y + 12, class: 'lane-name', fill: COLOURS[li % COLOURS.length] });
      name.textContent = data.lanes[li];
      g.append(name);
      frag.append(g);
      y += height;
    });
    const bottom = y;
    const grid = s('g', { class: 'grid' });
    const axis = s('g', { class: 'axis' });
    axis.append(s('line', { x1: 0, y1: top - 1, x2: width, y2: top - 1, stroke: '#444' }));
    let free = -Infinity;
    for (const tick of ticks(v0, v1, width)) {
      const tx = x(tick[0]);
      grid.append(s('line', { x1: tx.toFixed(1), y1: top, x2: tx.toFixed(1), y2: bottom, stroke: '#bbb', 'stroke-dasharray': '1 3' }));
      axis.append(s('line', { x1: tx.toFixed(1), y1: top - 6, x2: tx.toFixed(1), y2: top - 1, stroke: '#444' }));
      const w = tick[1].length * 6.2;
      if (tx - w / 2 >= free && tx + w / 2 <= width) {
        const text = s('text', { x: tx.toFixed(1), y: top - 9, 'text-anchor': 'middle', class: 'tick-label' });
        text.textContent = tick[1];
        axis.append(text);
        free = tx + w / 2 + 8;
      }
    }
    frag.append(grid, axis);
    const group = s('g', { class: 'events' });
    lanes.forEach(function (lane, li) {
      const colour = COLOURS[li % COLOURS.length];
      for (const placed of lane.placed) {
        const i = placed[0];
        const ev = events[i];
        const cy = laneTops[li] + 16 + placed[1] * ROW + ROW / 2;
        const a = s('a', { href: '#' + ev.id, class: 'ev-g' + (i === state.current ? ' sel' : ''), 'data-id': ev.id });
        const title = s('title');
        title.textContent = (i + 1) + '. ' + ev.title + ' — ' + ev.claims.map(function (c) { return c.own; }).join(' | or ');
        a.append(title);
        const ex0 = x(envelope[i][0]);
        const ex1 = x(envelope[i][1]);
        a.append(s('rect', { class: 'hit', x: (Math.max(ex0, -20) - 6).toFixed(1), y: cy - ROW / 2 + 1,
          width: (Math.min(ex1, width + 20) - Math.max(ex0, -20) + 12 + String(i + 1).length * 7).toFixed(1), height: ROW - 2, rx: 3 }));
        if (ev.claims.length > 1 && ex1 - ex0 > 2) {
          a.append(s('line', { x1: Math.max(ex0, -20).toFixed(1), y1: cy, x2: Math.min(ex1, width + 20).toFixed(1), y2: cy, stroke: colour, 'stroke-width': 1.5, class: 'dispute' }));
        }
        for (let k = ev.claims.length - 1; k >= 0; k--) {
          const c = ev.claims[k];
          const c0 = x(c.span[0]);
          const c1 = x(c.span[1]);
          if (c1 - c0 < 4) { a.append(diamond((c0 + c1) / 2, cy, 4.5, k === 0, colour)); continue; }
          if (k > 0) { a.append(bar(c0, c1, cy, false, colour)); continue; }
          if (c.certain) {
            const s0 = x(c.certain[0]);
            const s1 = x(c.certain[1]);
            if (s0 > c0) a.append(bar(c0, s0, cy, false, colour));
            if (c1 > s1) a.append(bar(s1, c1, cy, false, colour));
            a.append(bar(s0, Math.max(s1, s0 + 1), cy, true, colour));
          } else {
            a.append(bar(c0, c1, cy, false, colour));
          }
        }
        const label = s('text', { x: (Math.max(Math.min(ex1, width), 0) + 6).toFixed(1), y: cy + 4, class: 'lbl' });
        label.textContent = String(i + 1);
        a.append(label);
        group.append(a);
      }
      if (lane.overflow.size) {
        const rows = Math.max(lane.rows.length, 1);
        const base = laneTops[li] + 16 + rows * ROW + ROW - 3;
        let path = '';
        let total = 0;
        for (const entry of lane.overflow) {
          const hgt = Math.min(ROW - 4, 3 + Math.log2(1 + entry[1]) * 3);
          path += 'M' + (entry[0] * 6) + ' ' + base + 'h5v' + (-hgt).toFixed(1) + 'h-5z';
          total += entry[1];
        }
        const more = s('path', { d: path, fill: colour, class: 'more' });
        const t = s('title');
        t.textContent = total + ' more events here: zoom in to tell them apart';
        more.append(t);
        group.append(more);
      }
    });
    frag.append(group);
    svg.replaceChildren(frag);
    let drawn = 0;
    let more = 0;
    for (const lane of lanes) { drawn += lane.placed.length; for (const n of lane.overflow.values()) more += n; }
    svg.setAttribute('data-drawn', String(drawn));
    svg.setAttribute('data-more', String(more));
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + (bottom + 2));
    svg.setAttribute('height', String(bottom + 2));
    rangeText.textContent = 'UTC ' + dayText(v0) + (v1 - v0 < 3 * DAY ? ' ' + clockText(v0) : '') + ' – ' +
      dayText(v1) + (v1 - v0 < 3 * DAY ? ' ' + clockText(v1) : '');
  }

  // Keyboard, wheel and drag. A drag that moved does not also follow the link it started on.
  chart.addEventListener('keydown', function (e) {
    const keys = {
      ArrowLeft: function () { pan(-0.1); }, ArrowRight: function () { pan(0.1); },
      '+': function () { zoom(0.5); }, '=': function () { zoom(0.5); }, ArrowUp: function () { zoom(0.5); },
      '-': function () { zoom(2); }, '_': function () { zoom(2); }, ArrowDown: function () { zoom(2); },
      '0': function () { setView(home[0], home[1]); }, Home: function () { setView(home[0], home[1]); },
    };
    const action = keys[e.key];
    if (!action || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    action();
  });
  chart.addEventListener('wheel', function (e) {
    if (e.ctrlKey && Math.abs(e.deltaY) < 1) return;
    e.preventDefault();
    const rect = chart.getBoundingClientRect();
    const at = state.view[0] + (e.clientX - rect.left) / rect.width * (state.view[1] - state.view[0]);
    zoom(Math.exp(Math.max(-300, Math.min(300, e.deltaY)) * 0.0025), at);
  }, { passive: false });
  let drag = null;
  let dragged = false;
  chart.addEventListener('pointerdown', function (e) {
    if (e.button !== 0) return;
    drag = { x: e.clientX, view: state.view.slice(), id: e.pointerId };
    dragged = false;
  });
  chart.addEventListener('pointermove', function (e) {
    if (!drag || e.pointerId !== drag.id) return;
    const dx = e.clientX - drag.x;
    if (!dragged && Math.abs(dx) < 4) return;
    if (!dragged) {
      dragged = true;
      chart.setPointerCapture(e.pointerId);
      rangeText.setAttribute('aria-live', 'off'); // announce where a drag ends, not every step of it
    }
    const perPx = (drag.view[1] - drag.view[0]) / chart.clientWidth;
    setView(drag.view[0] - dx * perPx, drag.view[1] - dx * perPx);
  });
  const endDrag = function () {
    drag = null;
    rangeText.setAttribute('aria-live', 'polite');
  };
  chart.addEventListener('pointerup', endDrag);
  chart.addEventListener('pointercancel', endDrag);
  chart.addEventListener('click', function (e) {
    if (dragged) { e.preventDefault(); e.stopPropagation(); dragged = false; }
  }, true);
  chart.addEventListener('dblclick', function (e) {
    const rect = chart.getBoundingClientRect();
    zoom(0.5, state.view[0] + (e.clientX - rect.left) / rect.width * (state.view[1] - state.view[0]));
  });
  if (window.ResizeObserver) new ResizeObserver(scheduleDraw).observe(chart);

  // --- the event panel ------------------------------------------------------------------------------------
  const panel = document.getElementById('P_panel');
  const layout = panel.parentElement;
  let opener = null;

  function dl(rows) {
    const list = h('dl');
    for (const row of rows) {
      if (row[1] === undefined || row[1] === null || row[1] === '') continue;
      list.append(h('dt', { text: row[0] }), h('dd', null, [row[1]]));
    }
    return list;
  }
  function clockTable(caption, times) {
    const chosen = Array.from(state.zones).sort(function (a, b) { return a - b; });
    const table = h('table', { className: 'clocktable' });
    table.append(h('caption', { className: 'visually', text: caption }));
    table.append(h('thead', null, [h('tr', null, [
      h('th', { scope: 'col', text: 'Clock' }), h('th', { scope: 'col', text: 'Local time' }),
      h('th', { scope: 'col', text: 'Zone (offset)' }), h('th', { scope: 'col', text: 'Day' })])]));
    const body = h('tbody');
    for (const zi of chosen) {
      const t = times[zi];
      const row = h('tr', { 'data-zone': zones[zi].name }, [h('th', { scope: 'row', text: zones[zi].label })]);
      if (!t) {
        row.append(h('td', { colspan: '3', text: 'cannot be shown in this zone' }));
      } else {
        row.append(h('td', { className: 'local', text: t[0] }), h('td', { text: S[t[1]] + ' (UTC' + S[t[2]] + ')' }),
          h('td', { text: S[t[3]] || 'same day' }));
      }
      body.append(row);
    }
    table.append(body);
    return table;
  }
  function citeList(ev, refs) {
    const list = h('ol', { className: 'cites' });
    for (const r of refs) {
      const ref = ev.refs[r]; // [source, citation, locator, quote]
      const li = h('li', null, [runs(C[ref[1]])]);
      if (ref[3]) li.append(h('span', { className: 'quote', text: '“' + ref[3] + '”' }));
      const source = data.sources[ref[0]];
      if (source && !data.fullNotes) {
        const entry = h('span', { className: 'entry' }, [runs(source.entry)]);
        li.append(entry);
      }
      if (source && source.kind) li.append(h('span', { className: 'entry', text: source.kind + ' source' }));
      list.append(li);
    }
    return list;
  }

  function renderPanel(i, focus) {
    const ev = events[i];
    const text = info(i);
    const title = h('h2', { id: 'P_ptitle', tabindex: '-1', text: text.title });
    const close = h('button', { type: 'button', className: 'close', 'aria-label': 'Close the details', text: '✕ Close' });
    close.addEventListener('click', closePanel);
    const parts = [close, h('p', { className: 'num', text: 'Event ' + (i + 1) + ' of ' + events.length + (ev.claims.length > 1 ? ' · disputed' : '') }), title];
    parts.push(dl([
      ['Permalink', h('a', { href: '#' + ev.id, text: '#' + ev.id })],
      ['Place', text.place],
      ['Participants', text.participants.join('; ')],
      ['Tags', tagNamesOf(ev).join(', ')],
    ]));
    if (text.summary) parts.push(h('p', { className: 'summary', text: text.summary }));
    ev.claims.forEach(function (c, k) {
      const heading = k === 0 ? (ev.claims.length > 1 ? 'Main claim' : 'When') : 'Other claim ' + k + ' (disputed)';
      const section = h('section', { className: 'claim', 'data-claim': String(k) }, [h('h3', { text: heading })]);
      section.append(dl([
        ['As stored', h('code', { text: c.raw })],
        ['Own clock', c.own + ' · ' + S[c.zone]],
        ['Precision', S[c.precision]],
        ['Qualifiers', c.qualifiers === undefined ? undefined : S[c.qualifiers]],
        ['UTC', c.utc],
      ]));
      if (c.times) {
        section.append(clockTable(c.endTimes ? 'Start' : 'Clocks', c.times));
        if (c.endTimes) { section.append(h('p', { text: 'End:' })); section.append(clockTable('End', c.endTimes)); }
      } else {
        section.append(h('p', { className: 'noconv', text: 'A date without a time of day: the local day in ' + S[c.zone] + '. It is not converted to other clocks, and no time of day is invented.' }));
      }
      for (const note of c.offsets || []) section.append(h('p', { className: 'offset-note', text: S[note] }));
      if (c.note) section.append(h('p', { className: 'note', text: c.note }));
      section.append(h('p', { text: 'Sources:' }));
      section.append(citeList(ev, c.refs));
      parts.push(section);
    });
    if (ev.text) {
      parts.push(h('h3', { text: 'Text' }));
      parts.push(h('p', { className: 'ptext', text: ev.text }));
      if (ev.textRef !== undefined) parts.push(citeList(ev, [ev.textRef]));
    }
    const nav = h('p', { className: 'nav' });
    const prev = neighbour(i, -1);
    const next = neighbour(i, 1);
    nav.append(prev >= 0 ? h('a', { href: '#' + events[prev].id, text: '← ' + info(prev).title }) : h('span'));
    nav.append(next >= 0 ? h('a', { href: '#' + events[next].id, text: info(next).title + ' →' }) : h('span'));
    parts.push(nav);
    panel.replaceChildren.apply(panel, parts);
    panel.hidden = false;
    layout.classList.add('with-panel');
    if (focus) title.focus({ preventScroll: window.matchMedia('(min-width: 1000px)').matches });
  }
  function neighbour(i, direction) {
    for (let j = i + direction; j >= 0 && j < events.length; j += direction) if (state.shown[j]) return j;
    return -1;
  }
  function openEvent(i, focus) {
    if (state.current >= 0) items[state.current].classList.remove('current');
    state.current = i;
    items[i].classList.add('current');
    renderPanel(i, focus);
    const span = state.view[1] - state.view[0];
    if (envelope[i][1] < state.view[0] || envelope[i][0] > state.view[1]) {
      const mid = (envelope[i][0] + envelope[i][1]) / 2;
      setView(mid - span / 2, mid + span / 2);
    } else {
      scheduleDraw();
    }
  }
  function closePanel() {
    const i = state.current;
    panel.hidden = true;
    panel.replaceChildren();
    layout.classList.remove('with-panel');
    if (i >= 0) items[i].classList.remove('current');
    state.current = -1;
    scheduleDraw();
    try { history.replaceState(null, '', location.href.split('#')[0]); } catch (err) { /* file: URLs may refuse */ }
    const back = opener || (i >= 0 ? items[i].querySelector('h3 a') : null);
    if (back) back.focus();
  }
  function fromHash(focus) {
    let id = '';
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (err) { id = ''; }
    const i = byId.get(id);
    if (i !== undefined) openEvent(i, focus);
  }
  document.addEventListener('click', function (e) {
    const link = e.target instanceof Element ? e.target.closest('a[href^="#"]') : null;
    if (link && !panel.contains(link)) opener = link;
  });
  window.addEventListener('hashchange', function () { fromHash(true); });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && !panel.hidden) closePanel();
  });

  summarise();
  applyFilters();
  draw();
  fromHash(false);
  document.documentElement.setAttribute('data-ready', '1');
  performance.mark('pactcli-ready');
  performance.measure('pactcli-init', 'pactcli-start', 'pactcli-ready');
})();
