/* global document, window */
'use strict';

/* The sharing catalog's section: its versions (who published, who approved a widening and why), each version's changes, and the diff between any two. */
(function () {
  const { el, gql } = window.yrdAudit;
  const FIELDS = 'number hash createdAt publishedBy live rollbackOf approval { by reason at } changes { kind coordinate from to }';
  const state = { versions: [], selected: null };
  const banner = document.getElementById('catalog-status');

  function say(text, kind) {
    banner.className = `banner ${kind}`;
    banner.textContent = text;
  }

  const side = (value) => value === null ? 'unconditional' : value;

  function changeItem(change) {
    return el(
      'li',
      { class: `change catalog-change kind-${change.kind}`, 'data-kind': change.kind },
      el('span', { class: 'criticality' }, change.kind),
      el('span', { class: 'path' }, change.coordinate),
      change.kind === 'WIDENED' || change.kind === 'NARROWED' ? el('span', { class: 'message' }, `${side(change.from)} → ${side(change.to)}`) : null,
    );
  }

  function renderChanges(title, changes) {
    document.getElementById('catalog-changes-title').textContent = title;
    document.getElementById('catalog-changes').replaceChildren(...(changes.length ? changes.map(changeItem) : [el('li', { class: 'muted' }, 'No catalog changes.')]));
  }

  function approvalText(v) {
    return v.approval ? `${v.approval.by}, ${new Date(v.approval.at).toLocaleString()}: ${v.approval.reason}` : '';
  }

  function renderVersions() {
    document.querySelector('#catalog-versions tbody').replaceChildren(
      ...state.versions.map((v) =>
        el(
          'tr',
          { class: `catalog-version${state.selected === v.number ? ' selected' : ''}`, 'data-catalog-version': String(v.number), onclick: () => select(v.number) },
          el('td', {}, String(v.number), v.live ? el('span', { class: 'badge badge-live' }, 'live') : null, v.rollbackOf ? el('span', { class: 'badge badge-rollback' }, `↩ ${v.rollbackOf}`) : null),
          el('td', {}, new Date(v.createdAt).toLocaleString()),
          el('td', {}, v.publishedBy),
          el('td', { class: 'approval' }, approvalText(v)),
          el('td', {}, `${v.changes.filter((c) => c.kind === 'WIDENED').length} widened, ${v.changes.filter((c) => c.kind !== 'WIDENED').length} other`),
          el('td', { class: 'hash', title: v.hash }, v.hash.slice(0, 12)),
        ),
      ),
    );
  }

  function select(number) {
    const version = state.versions.find((v) => v.number === number);
    if (!version) return;
    state.selected = number;
    renderVersions();
    renderChanges(`Catalog version ${number}: changes against ${number > 1 ? `version ${number - 1}` : 'sharing-catalog.md'}`, version.changes);
  }

  async function diff(from, to) {
    const data = await gql('query($from: Int!, $to: Int!) { catalogDiff(from: $from, to: $to) { kind coordinate from to } }', { from, to });
    renderChanges(`Catalog changes from version ${from} to ${to}`, data.catalogDiff);
  }

  async function load() {
    try {
      const data = await gql(`{ catalogVersions(first: 50) { totalCount edges { node { ${FIELDS} } } } verifyCatalogHistory { ok versionsChecked firstBadVersion } }`);
      state.versions = data.catalogVersions.edges.map((e) => e.node);
      const v = data.verifyCatalogHistory;
      say(v.ok ? `Catalog hash chain intact: ${v.versionsChecked} versions verified.` : `Catalog history tampered: version ${v.firstBadVersion} does not match the hash chain.`, v.ok ? 'banner-ok' : 'banner-error');
      if (state.versions[0]) select(state.versions[0].number);
      else renderVersions();
    } catch (error) {
      say(`The sharing catalog's history cannot be read: ${error.message}`, 'banner-error');
    }
  }

  document.getElementById('token-form').addEventListener('submit', () => load());
  document.getElementById('catalog-compare').addEventListener('submit', (event) => {
    event.preventDefault();
    diff(Number(document.getElementById('catalog-from').value), Number(document.getElementById('catalog-to').value)).catch((error) => say(error.message, 'banner-error'));
  });
  load();
})();
