/* global document, window, fetch, URLSearchParams, URL, Blob, FormData */
'use strict';

/* The access-records tab: who received which conditional data, filtered, charted per day, exported. */
(function () {
  const panel = document.getElementById('access-panel');
  const base = panel.dataset.base;
  const TOKEN_KEY = 'yrd.audit.token';
  const PAGE = 50;
  const FIELDS = 'id at sub role province clientName operationName operationHash kind outcome released { entry province records } refused { entry province records }';
  const state = { loaded: false, records: [], endCursor: null };

  const { el, gql, showError } = window.yrdAudit;

  /** The form as an AccessRecordFilter: dates are whole UTC days, `to` inclusive. */
  function filter() {
    const form = new URLSearchParams(new FormData(document.getElementById('access-filter')));
    const out = {};
    for (const [key, value] of form) {
      if (!value) continue;
      if (key === 'from') out.from = `${value}T00:00:00Z`;
      else if (key === 'to') out.to = new Date(Date.parse(`${value}T00:00:00Z`) + 86400000).toISOString();
      else out[key] = value;
    }
    return out;
  }

  const releases = (list) => list.map((r) => `${r.entry} ${r.province} ×${r.records}`).join(', ');

  function renderRecords(totalCount) {
    document.getElementById('access-count').textContent = `(${totalCount})`;
    document.querySelector('#access-records tbody').replaceChildren(
      ...state.records.map((r) =>
        el(
          'tr',
          { class: 'access-record', 'data-id': r.id },
          el('td', {}, r.id),
          el('td', {}, new Date(r.at).toLocaleString()),
          el('td', {}, `${r.sub || '—'} (${r.role || 'anonymous'}${r.province ? ` ${r.province}` : ''})`),
          el('td', {}, r.clientName || '—'),
          el('td', { title: r.operationHash }, `${r.kind} ${r.operationName || r.operationHash.slice(0, 12)}`),
          el('td', {}, releases(r.released)),
          el('td', { class: r.refused.length ? 'refused' : '' }, releases(r.refused)),
          el('td', {}, r.outcome),
        ),
      ),
    );
    document.getElementById('more-access').hidden = !state.endCursor;
  }

  /** One row per day, one bar per entry and province, as wide as its share of the busiest day. */
  function renderChart() {
    const days = new Map();
    for (const r of state.records) {
      const day = r.at.slice(0, 10);
      const bars = days.get(day) || new Map();
      for (const x of r.released) bars.set(`${x.entry} ${x.province}`, (bars.get(`${x.entry} ${x.province}`) || 0) + x.records);
      days.set(day, bars);
    }
    const totals = [...days.values()].map((bars) => [...bars.values()].reduce((a, b) => a + b, 0));
    const widest = Math.max(1, ...totals);
    const rows = [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, bars]) => {
      const row = el('div', { class: 'bars' });
      for (const [key, records] of [...bars.entries()].sort()) {
        const bar = el('span', { class: `bar entry-${key.split(' ')[0]}`, 'data-key': key, 'data-records': String(records), title: `${key}: ${records}` });
        bar.style.width = `${(100 * records) / widest}%`;
        row.append(bar);
      }
      return el('div', { class: 'day', 'data-day': day }, el('span', { class: 'day-label' }, day), row);
    });
    document.getElementById('access-chart').replaceChildren(...rows);
  }

  function renderExportLinks() {
    const query = new URLSearchParams(filter()).toString();
    for (const format of ['csv', 'ndjson']) document.getElementById(`export-${format}`).setAttribute('href', `${base}/access-records.${format}${query ? `?${query}` : ''}`);
  }

  async function loadRecords(more) {
    if (!more) {
      state.records = [];
      state.endCursor = null;
    }
    const data = await gql(`query($filter: AccessRecordFilter, $first: Int, $after: String) { accessRecords(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${FIELDS} } } } }`, {
      filter: filter(),
      first: PAGE,
      after: more ? state.endCursor : null,
    });
    const connection = data.accessRecords;
    state.records.push(...connection.edges.map((e) => e.node));
    state.endCursor = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    renderRecords(connection.totalCount);
    renderChart();
    renderExportLinks();
  }

  async function verify() {
    const banner = document.getElementById('access-verification');
    const { verifyAccessLog: v } = await gql('{ verifyAccessLog { ok recordsChecked firstBadRecord segments { segment firstRecord lastRecord state closedAt } } }');
    const removed = v.segments.filter((s) => s.state === 'REMOVED').map((s) => `segment ${s.segment} (records ${s.firstRecord}–${s.lastRecord}, closed ${s.closedAt}) removed`);
    banner.className = `banner ${v.ok ? 'banner-ok' : 'banner-error'}`;
    banner.textContent = v.ok ? `Access log intact: ${v.recordsChecked} records verified.` : `Access log tampered: record ${v.firstBadRecord} does not match the hash chain.`;
    if (removed.length) banner.textContent += ` ${removed.join('; ')}.`;
  }

  /** The export is fetched with the token (a plain link could not carry it) and saved as a file. */
  async function download(format) {
    const href = document.getElementById(`export-${format}`).getAttribute('href');
    const response = await fetch(href, { headers: window.yrdAuthHeaders(TOKEN_KEY) });
    if (!response.ok) throw new Error(`export refused: HTTP ${response.status}`);
    const url = URL.createObjectURL(new Blob([await response.arrayBuffer()], { type: response.headers.get('content-type') || 'text/plain' }));
    const link = el('a', { href: url, download: `access-records.${format}` });
    document.body.append(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
  }

  function select(tab) {
    const access = tab === 'access';
    document.getElementById('tab-schema').setAttribute('aria-selected', String(!access));
    document.getElementById('tab-access').setAttribute('aria-selected', String(access));
    document.getElementById('schema-panel').hidden = access;
    panel.hidden = !access;
    if (access && !state.loaded) {
      state.loaded = true;
      Promise.all([loadRecords(false), verify()]).catch(showError);
    }
  }

  document.getElementById('tab-schema').addEventListener('click', () => select('schema'));
  document.getElementById('tab-access').addEventListener('click', () => select('access'));
  document.getElementById('access-filter').addEventListener('submit', (event) => {
    event.preventDefault();
    loadRecords(false).catch(showError);
  });
  document.getElementById('more-access').addEventListener('click', () => loadRecords(true).catch(showError));
  for (const format of ['csv', 'ndjson']) {
    document.getElementById(`export-${format}`).addEventListener('click', (event) => {
      event.preventDefault();
      download(format).catch(showError);
    });
  }
  renderExportLinks();
})();
