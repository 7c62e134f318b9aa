'use strict';
// FunAsr dashboard: a small hash-routed page over the AppHost's JSON API. Text is always set with textContent.

const page = document.getElementById('page');
const palette = ['#5b3fd0', '#1f8a4c', '#c2185b', '#0277bd', '#ef6c00', '#6d4c41', '#00897b', '#7b1fa2'];
const serviceColours = new Map();
let timers = [];
let streams = [];

function colourOf(service) {
  if (!serviceColours.has(service)) serviceColours.set(service, palette[serviceColours.size % palette.length]);
  return serviceColours.get(service);
}

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function api(path, options) {
  const response = await fetch(path, Object.assign({ credentials: 'same-origin', headers: { Accept: 'application/json' } }, options));
  if (response.status === 401) { page.replaceChildren(el('p', { class: 'empty', text: 'Signed out: open the dashboard link the AppHost printed.' })); throw new Error('401'); }
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

function every(ms, fn) { fn(); timers.push(setInterval(fn, ms)); }

function formatTime(iso) { return new Date(iso).toLocaleTimeString(undefined, { hour12: false }) + '.' + String(new Date(iso).getMilliseconds()).padStart(3, '0'); }
function formatMs(ms) { return ms >= 1000 ? (ms / 1000).toFixed(2) + ' s' : ms.toFixed(ms < 10 ? 2 : 1) + ' ms'; }

// ---- Resources -----------------------------------------------------------------------------------------------
function renderResources() {
  const body = el('tbody');
  page.replaceChildren(el('h2', { text: 'Resources' }),
    el('table', { id: 'resources' },
      el('thead', {}, el('tr', {}, ['Name', 'Type', 'State', 'Health', 'Endpoint', 'PID', 'Restarts', 'Started', 'Actions'].map(h => el('th', { text: h })))),
      body));
  every(2000, async () => {
    const resources = await api('/api/resources');
    body.replaceChildren(...resources.map(r => el('tr', { 'data-name': r.name },
      el('td', {}, el('a', { href: `#/console/${encodeURIComponent(r.name)}`, text: r.name })),
      el('td', { text: r.type }),
      el('td', { class: `state-${r.state}`, text: r.state, title: r.message || '' }),
      el('td', { class: `health-${r.health}`, text: r.state === 'Running' ? r.health : '' }),
      el('td', {}, r.url ? el('a', { href: r.url, target: '_blank', rel: 'noopener', text: r.url }) : `127.0.0.1:${r.port}`),
      el('td', { class: 'num', text: r.pid ?? '' }),
      el('td', { class: 'num', text: r.restarts }),
      el('td', { text: r.startedAt ? formatTime(r.startedAt) : '' }),
      el('td', {}, ['restart', 'stop', 'start'].map(command =>
        el('button', { type: 'button', text: command, onclick: () => api(`/api/resources/${encodeURIComponent(r.name)}/${command}`, { method: 'POST' }) }))))));
  });
}

// ---- Console logs ----------------------------------------------------------------------------------------------
async function renderConsole(name) {
  const resources = await api('/api/resources');
  const chosen = name || resources[0]?.name;
  const picker = el('select', { 'aria-label': 'Resource', onchange: e => { location.hash = `#/console/${encodeURIComponent(e.target.value)}`; } },
    resources.map(r => { const o = el('option', { value: r.name, text: r.name }); o.selected = r.name === chosen; return o; }));
  const output = el('pre', { class: 'console', id: 'console' });
  page.replaceChildren(el('h2', { text: 'Console logs' }), el('div', { class: 'filters' }, picker), output);
  if (!chosen) return;
  const source = new EventSource(`/api/resources/${encodeURIComponent(chosen)}/console/stream`);
  streams.push(source);
  source.addEventListener('line', e => {
    const line = JSON.parse(e.data);
    const stick = output.scrollTop + output.clientHeight >= output.scrollHeight - 20;
    output.append(el('span', { class: line.isError ? 'err' : '' }, `${formatTime(line.time)}  ${line.text}\n`));
    while (output.childNodes.length > 5000) output.firstChild.remove();
    if (stick) output.scrollTop = output.scrollHeight;
  });
}

// ---- Structured logs -------------------------------------------------------------------------------------------
function renderLogs() {
  const service = el('input', { placeholder: 'service', 'aria-label': 'Service' });
  const severity = el('select', { 'aria-label': 'Minimum level' }, ['Trace', 'Debug', 'Information', 'Warning', 'Error', 'Critical'].map(s => el('option', { value: s, text: s })));
  severity.value = 'Information';
  const text = el('input', { placeholder: 'search text', 'aria-label': 'Search' });
  const body = el('tbody');
  page.replaceChildren(el('h2', { text: 'Structured logs' }), el('div', { class: 'filters' }, service, severity, text),
    el('table', { id: 'logs' }, el('thead', {}, el('tr', {}, ['Time', 'Level', 'Service', 'Category', 'Message', 'Trace'].map(h => el('th', { text: h })))), body));
  const load = async () => {
    const query = new URLSearchParams({ service: service.value, severity: severity.value, q: text.value, limit: '300' });
    const logs = await api(`/api/logs?${query}`);
    body.replaceChildren(...logs.map(l => el('tr', {},
      el('td', { text: formatTime(l.timestamp) }),
      el('td', { class: `sev-${l.severity}`, text: l.severity }),
      el('td', { text: l.service }),
      el('td', { class: 'muted', text: l.category }),
      el('td', { text: l.message }),
      el('td', {}, l.traceId ? el('a', { href: `#/trace/${l.traceId}`, text: l.traceId.slice(0, 8) }) : ''))));
  };
  for (const input of [service, severity, text]) input.addEventListener('change', load);
  every(3000, load);
}

// ---- Traces ----------------------------------------------------------------------------------------------------
function renderTraces() {
  const service = el('input', { placeholder: 'service', 'aria-label': 'Service' });
  const text = el('input', { placeholder: 'span name', 'aria-label': 'Span name' });
  const hideSingle = el('input', { type: 'checkbox', id: 'hide-single' });
  hideSingle.checked = true;
  const body = el('tbody');
  page.replaceChildren(el('h2', { text: 'Traces' }),
    el('div', { class: 'filters' }, service, text, el('label', { for: 'hide-single' }, hideSingle, ' hide one-span traces (background polling)')),
    el('table', { id: 'traces' }, el('thead', {}, el('tr', {}, ['Time', 'Name', 'Services', 'Duration', 'Spans', 'Errors'].map(h => el('th', { text: h })))), body));
  const load = async () => {
    const traces = await api(`/api/traces?${new URLSearchParams({ service: service.value, q: text.value, limit: '200', minSpans: hideSingle.checked ? '2' : '1' })}`);
    body.replaceChildren(...traces.map(t => el('tr', { 'data-trace': t.traceId },
      el('td', { text: formatTime(t.start) }),
      el('td', {}, el('a', { href: `#/trace/${t.traceId}`, text: `${t.rootService}: ${t.rootName}` })),
      el('td', {}, t.services.map(s => el('span', { class: 'svc-tag', text: s + ' ' }))),
      el('td', { class: 'num', text: formatMs(t.durationMs) }),
      el('td', { class: 'num', text: t.spanCount }),
      el('td', { class: 'num' + (t.errorCount ? ' sev-Error' : ''), text: t.errorCount }))));
  };
  for (const input of [service, text, hideSingle]) input.addEventListener('change', load);
  every(3000, load);
}

async function renderTrace(traceId) {
  const trace = await api(`/api/traces/${encodeURIComponent(traceId)}`);
  const spans = trace.spans;
  const ids = new Set(spans.map(s => s.spanId));
  const children = new Map();
  for (const s of spans) {
    const parent = s.parentSpanId && ids.has(s.parentSpanId) ? s.parentSpanId : null;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(s);
  }
  const ordered = [];
  const visit = (parent, depth) => (children.get(parent) || []).sort((a, b) => a.startUnixNano - b.startUnixNano)
    .forEach(s => { ordered.push([s, depth]); visit(s.spanId, depth + 1); });
  visit(null, 0);
  const start = Math.min(...spans.map(s => s.startUnixNano));
  const end = Math.max(...spans.map(s => s.endUnixNano));
  const total = Math.max(end - start, 1);
  const details = el('div', { class: 'details', id: 'span-details' }, el('span', { class: 'muted', text: 'Click a span to see its attributes.' }));
  const rows = ordered.map(([s, depth]) => {
    const bar = el('div', { class: 'span-bar' + (s.status === 'Error' ? ' error' : ''), title: `${s.name} ${formatMs(s.durationMs)}` });
    bar.style.left = `${((s.startUnixNano - start) / total) * 100}%`;
    bar.style.width = `${Math.max(((s.endUnixNano - s.startUnixNano) / total) * 100, 0.2)}%`;
    bar.style.background = colourOf(s.service);
    const time = el('span', { class: 'span-time', text: formatMs(s.durationMs) });
    const endPercent = ((s.endUnixNano - start) / total) * 100;
    if (endPercent > 85) time.style.right = `calc(${100 - ((s.startUnixNano - start) / total) * 100}% + 4px)`;
    else time.style.left = `calc(${endPercent}% + 4px)`;
    const tag = el('span', { class: 'svc', text: s.service });
    tag.style.background = colourOf(s.service);
    const label = el('div', { class: 'span-label', title: s.name }, tag, s.name);
    label.style.paddingLeft = `${0.5 + depth * 1.1}rem`;
    const row = el('div', { class: 'span-row', 'data-span': s.spanId, 'data-service': s.service, role: 'button', tabindex: '0' }, label, el('div', { class: 'span-track' }, bar, time));
    const show = () => {
      document.querySelectorAll('.span-row.selected').forEach(r => r.classList.remove('selected'));
      row.classList.add('selected');
      const facts = [['Service', s.service], ['Instance', s.instanceId], ['Kind', s.kind], ['Status', s.status + (s.statusMessage ? `: ${s.statusMessage}` : '')],
        ['Start', formatTime(s.start)], ['Duration', formatMs(s.durationMs)], ['Span id', s.spanId], ['Parent', s.parentSpanId], ['Scope', s.scope],
        ...s.attributes.map(a => [a.key, a.value]), ...s.events.map(e => [`event ${formatTime(e.time)}`, e.name])];
      details.replaceChildren(el('h3', { text: s.name }), el('table', {}, el('tbody', {}, facts.filter(f => f[1] !== null && f[1] !== undefined).map(([k, v]) => el('tr', {}, el('td', { text: k }), el('td', { text: v }))))));
    };
    row.addEventListener('click', show);
    row.addEventListener('keydown', e => { if (e.key === 'Enter') show(); });
    return row;
  });
  const services = [...new Set(spans.map(s => s.service))];
  page.replaceChildren(
    el('h2', { text: `Trace ${traceId}` }),
    el('p', { class: 'muted', text: `${spans.length} spans · ${services.join(', ')} · ${formatMs(total / 1e6)}` }),
    el('div', { class: 'waterfall', id: 'waterfall' }, rows),
    details);
}

// ---- Metrics ---------------------------------------------------------------------------------------------------
function chart(title, series, unit) {
  const width = 800, height = 200, pad = 30;
  const points = series.flatMap(s => s.points);
  const box = el('div', { class: 'chart' }, el('h3', { text: title }));
  if (points.length < 2) { box.append(el('p', { class: 'empty', text: 'Waiting for data…' })); return box; }
  const times = points.map(p => p.t), values = points.map(p => p.v);
  const t0 = Math.min(...times), t1 = Math.max(...times), vMax = Math.max(...values, 1e-9);
  const svgNs = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', title);
  const text = (x, y, content) => { const t = document.createElementNS(svgNs, 'text'); t.setAttribute('x', x); t.setAttribute('y', y); t.setAttribute('font-size', '11'); t.setAttribute('fill', '#6b6b75'); t.textContent = content; svg.append(t); };
  text(2, 12, `${vMax.toPrecision(3)} ${unit}`);
  text(2, height - 4, '0');
  text(width - 60, height - 4, new Date(t1).toLocaleTimeString(undefined, { hour12: false }));
  for (const s of series) {
    const line = document.createElementNS(svgNs, 'polyline');
    line.setAttribute('fill', 'none');
    line.setAttribute('stroke', colourOf(s.label));
    line.setAttribute('stroke-width', '2');
    line.setAttribute('points', s.points.map(p => `${pad + ((p.t - t0) / Math.max(t1 - t0, 1)) * (width - pad - 10)},${height - 16 - (p.v / vMax) * (height - 32)}`).join(' '));
    svg.append(line);
  }
  box.append(svg, el('div', { class: 'legend' }, series.map(s => { const span = el('span', { text: `■ ${s.label}` }); span.style.color = colourOf(s.label); return span; })));
  return box;
}

async function seriesOf(name, service, pick) {
  const series = await api(`/api/metrics/series?${new URLSearchParams({ name, service })}`);
  return series.map(s => ({ label: `${s.service}-${s.instanceId}`, points: s.points.filter(p => pick(p) !== null && pick(p) !== undefined).map(p => ({ t: Date.parse(p.time), v: pick(p) })) }));
}

function renderMetrics() {
  const charts = el('div', { id: 'charts' });
  const picker = el('select', { 'aria-label': 'Metric' });
  const custom = el('div');
  page.replaceChildren(el('h2', { text: 'Metrics' }), charts, el('h2', { text: 'Any metric' }), el('div', { class: 'filters' }, picker), custom);
  every(3000, async () => {
    const all = await api('/api/metrics');
    const rtf = all.find(m => m.service === 'asr' && /rtf|real.?time.?factor/i.test(m.name));
    const requests = await seriesOf('http.server.request.duration', 'asr', p => p.rate);
    // Intervals without requests show the running mean, so a quiet service keeps its last known RTF on the chart.
    const rtfSeries = rtf ? await seriesOf(rtf.name, 'asr', p => p.mean ?? p.value) : [];
    charts.replaceChildren(
      chart('ASR request rate', requests, 'req/s'),
      rtf ? chart(`ASR real-time factor (${rtf.name})`, rtfSeries, '') : el('div', { class: 'chart' }, el('h3', { text: 'ASR real-time factor' }), el('p', { class: 'empty', text: 'The ASR service has not reported a real-time-factor metric yet.' })));
    const names = [...new Set(all.map(m => `${m.service}|${m.name}`))].sort();
    if (picker.options.length !== names.length) {
      const current = picker.value;
      picker.replaceChildren(...names.map(n => el('option', { value: n, text: n.replace('|', ': ') })));
      if (current) picker.value = current;
    }
    if (picker.value) {
      const [service, name] = picker.value.split('|');
      const kind = all.find(m => m.service === service && m.name === name)?.kind;
      const pick = kind === 'histogram' ? p => p.mean : kind === 'sum' ? p => p.rate : p => p.value;
      custom.replaceChildren(chart(`${name} (${kind === 'histogram' ? 'mean per interval' : kind === 'sum' ? 'per second' : 'value'})`, await seriesOf(name, service, pick), ''));
    }
  });
}

// ---- Router ----------------------------------------------------------------------------------------------------
function route() {
  timers.forEach(clearInterval); timers = [];
  streams.forEach(s => s.close()); streams = [];
  const [, name = 'resources', arg] = location.hash.split('/');
  const pageName = name === 'trace' ? 'traces' : name;
  document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.dataset.page === pageName));
  const argument = arg ? decodeURIComponent(arg) : undefined;
  const render = { resources: renderResources, console: () => renderConsole(argument), logs: renderLogs, traces: renderTraces, trace: () => renderTrace(argument), metrics: renderMetrics }[name] || renderResources;
  Promise.resolve(render()).catch(e => { if (e.message !== '401') page.append(el('p', { class: 'empty', text: `Could not load: ${e.message}` })); });
}

window.addEventListener('hashchange', route);
route();
