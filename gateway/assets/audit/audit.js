/* global document, window, sessionStorage, URLSearchParams */
'use strict';

(function () {
  const root = document.getElementById('audit');
  const endpoint = root.dataset.graphql;
  const PAGE = 20;
  const TOKEN_KEY = 'yrd.audit.token';

  const VERSION_FIELDS = 'number hash previousHash signature createdAt publishedBy live rollbackOf approval { by reason at } changes { criticality type path message }';
  const state = { versions: [], endCursor: null, selected: null };

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === 'class') node.className = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  const post = window.yrdGraphQL(endpoint, TOKEN_KEY);

  async function gql(query, variables) {
    const { data, errors } = await post(query, variables);
    if (errors.length) throw new Error(errors.join('; '));
    return data;
  }

  function showError(error) {
    const box = document.getElementById('error');
    box.textContent = String(error && error.message ? error.message : error);
    box.hidden = false;
  }

  // Shared with the access-records tab (access.js).
  window.yrdAudit = { el, gql, showError };

  function counts(changes) {
    const frag = document.createDocumentFragment();
    for (const level of ['BREAKING', 'DANGEROUS', 'SAFE']) {
      const n = changes.filter((c) => c.criticality === level).length;
      if (n) frag.append(el('span', { class: `badge count-${level}`, title: level }, `${n} ${level.toLowerCase()}`));
    }
    if (!changes.length) frag.append(el('span', { class: 'muted' }, 'none'));
    return frag;
  }

  function changeItem(change) {
    return el(
      'li',
      { class: `change criticality-${change.criticality}`, 'data-criticality': change.criticality },
      el('span', { class: 'criticality' }, change.criticality),
      change.path ? el('span', { class: 'path' }, change.path) : null,
      el('span', { class: 'message' }, change.message),
      el('span', { class: 'muted' }, ` (${change.type})`),
    );
  }

  function renderChanges(title, changes) {
    document.getElementById('changes-title').hidden = false;
    document.getElementById('changes-title').textContent = title;
    const list = document.getElementById('changes');
    list.replaceChildren(...(changes.length ? changes.map(changeItem) : [el('li', { class: 'muted' }, 'No API-schema changes.')]));
  }

  function renderVersions() {
    const body = document.querySelector('#versions tbody');
    body.replaceChildren(
      ...state.versions.map((v) =>
        el(
          'tr',
          { class: `version${state.selected === v.number ? ' selected' : ''}`, 'data-version': String(v.number), onclick: () => selectVersion(v.number).catch(showError) },
          el('td', {}, String(v.number), v.live ? el('span', { class: 'badge badge-live' }, 'live') : null, v.rollbackOf ? el('span', { class: 'badge badge-rollback' }, `↩ ${v.rollbackOf}`) : null),
          el('td', {}, new Date(v.createdAt).toLocaleString()),
          el('td', {}, v.publishedBy),
          el('td', {}, counts(v.changes)),
          el('td', { class: 'hash', title: v.hash }, v.hash.slice(0, 12)),
        ),
      ),
    );
    document.getElementById('more-versions').hidden = !state.endCursor;
  }

  async function loadVersions() {
    const data = await gql(`query($first: Int, $after: String) { schemaVersions(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${VERSION_FIELDS} } } } }`, {
      first: PAGE,
      after: state.endCursor,
    });
    const connection = data.schemaVersions;
    state.versions.push(...connection.edges.map((e) => e.node));
    state.endCursor = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    renderVersions();
  }

  async function selectVersion(number) {
    state.selected = number;
    window.history.replaceState(null, '', `#v=${number}`);
    renderVersions();
    const data = await gql(`query($n: Int!) { schemaVersion(number: $n) { ${VERSION_FIELDS} subgraphs { name url sdlHash } } }`, { n: number });
    const v = data.schemaVersion;
    if (!v) return showError(`There is no version ${number}.`);
    document.getElementById('detail-title').textContent = `Version ${v.number}${v.live ? ' (live)' : ''}`;
    const facts = [
      ['Published', `${v.createdAt} by ${v.publishedBy}`],
      ['Hash', v.hash],
      ['Previous hash', v.previousHash || '—'],
      ['Signature', v.signature || 'unsigned'],
      ['Rollback of', v.rollbackOf ? `version ${v.rollbackOf}` : '—'],
      ['Approval', v.approval ? `${v.approval.by} at ${v.approval.at}: ${v.approval.reason}` : '—'],
    ];
    document.getElementById('detail-facts').replaceChildren(...facts.flatMap(([k, value]) => [el('dt', {}, k), el('dd', {}, value)]));
    renderChanges(v.number > 1 ? `Changes from version ${v.number - 1}` : 'Changes', v.changes);
    await renderUsage(Math.max(1, v.number - 1), v.number);
    document.getElementById('subgraphs-title').hidden = false;
    document.getElementById('subgraphs').replaceChildren(...v.subgraphs.map((s) => el('li', {}, el('strong', {}, s.name), ` ${s.url || '(no URL)'} `, el('code', { title: s.sdlHash }, s.sdlHash.slice(0, 12)))));
    const compare = document.getElementById('compare-form');
    compare.hidden = false;
    document.getElementById('compare-with').value = String(Math.max(1, v.number - 1));
  }

  async function compareWith(other) {
    const from = Number(other);
    const to = state.selected;
    const data = await gql('query($from: Int!, $to: Int!) { schemaDiff(from: $from, to: $to) { criticality type path message } }', { from, to });
    renderChanges(`Changes from version ${from} to ${to}`, data.schemaDiff);
    await renderUsage(from, to);
  }

  /** For each breaking or dangerous change, the operations and clients seen using it, or that none was. */
  async function renderUsage(from, to) {
    const title = document.getElementById('usage-title');
    const list = document.getElementById('usage');
    const data = from === to ? { schemaChangeUsage: [] } : await gql('query($from: Int!, $to: Int!) { schemaChangeUsage(from: $from, to: $to) { change { criticality path } operations { operationName operationHash clients count lastSeen } } }', { from, to });
    title.hidden = data.schemaChangeUsage.length === 0;
    list.replaceChildren(
      ...data.schemaChangeUsage.map(({ change, operations }) =>
        el(
          'li',
          { class: `change criticality-${change.criticality} usage`, 'data-path': change.path || '' },
          el('span', { class: 'path' }, change.path || '-'),
          operations.length
            ? el('ul', {}, ...operations.map((o) => el('li', { class: 'operation' }, `${o.operationName || '(anonymous)'} from ${o.clients.join(', ')}: ${o.count} times, last ${o.lastSeen}`)))
            : el('span', { class: 'message muted' }, 'No operation seen uses it (the approval is still required).'),
        ),
      ),
    );
  }

  async function loadChecks() {
    const data = await gql('{ schemaChecks(first: 50) { totalCount edges { node { id at by subgraph accepted errors version changes { criticality type path message } } } } }');
    const body = document.querySelector('#checks tbody');
    body.replaceChildren(
      ...data.schemaChecks.edges.map(({ node: c }) =>
        el(
          'tr',
          {},
          el('td', {}, new Date(c.at).toLocaleString()),
          el('td', {}, c.by),
          el('td', {}, c.subgraph),
          el('td', { class: c.accepted ? 'accepted' : 'refused' }, c.accepted ? `accepted${c.version ? ` → ${c.version}` : ''}` : 'refused'),
          el('td', {}, el('ul', { class: 'changes' }, ...c.errors.map((e) => el('li', { class: 'change criticality-BREAKING' }, e)), ...c.changes.map(changeItem))),
        ),
      ),
    );
  }

  const PROBLEMS = {
    ALTERED: 'does not match the hash chain',
    MISSING: 'is missing, yet the history names it',
    SIGNATURE: 'is not signed by the deployment\'s key (the history was rewritten, or signed with another key)',
  };

  async function verify() {
    const banner = document.getElementById('verification');
    const { verifySchemaHistory: v } = await gql('{ verifySchemaHistory { ok versionsChecked firstBadVersion cause } }');
    banner.className = `banner ${v.ok ? 'banner-ok' : 'banner-error'}`;
    banner.textContent = v.ok
      ? `Hash chain intact: ${v.versionsChecked} versions verified.`
      : `History tampered: version ${v.firstBadVersion} ${PROBLEMS[v.cause] || PROBLEMS.ALTERED}.`;
  }

  async function loadAll() {
    document.getElementById('error').hidden = true;
    state.versions = [];
    state.endCursor = null;
    await Promise.all([loadVersions(), loadChecks(), verify()]);
    const wanted = Number(new URLSearchParams(window.location.hash.slice(1)).get('v'));
    const first = state.versions[0];
    if (wanted) await selectVersion(wanted);
    else if (first) await selectVersion(first.number);
  }

  document.getElementById('token').value = sessionStorage.getItem(TOKEN_KEY) || '';
  document.getElementById('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = document.getElementById('token').value.trim();
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
    loadAll().catch(showError);
  });
  document.getElementById('more-versions').addEventListener('click', () => loadVersions().catch(showError));
  document.getElementById('compare-form').addEventListener('submit', (event) => {
    event.preventDefault();
    compareWith(document.getElementById('compare-with').value).catch(showError);
  });
  window.addEventListener('hashchange', () => {
    const wanted = Number(new URLSearchParams(window.location.hash.slice(1)).get('v'));
    if (wanted && wanted !== state.selected) selectVersion(wanted).catch(showError);
  });
  loadAll().catch(showError);
})();
