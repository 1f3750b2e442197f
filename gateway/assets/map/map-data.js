/* global window, sessionStorage */
'use strict';

/**
 * What the map reads, through the public GraphQL endpoint with the user's token: the counties
 * (the base map), the warnings in force, the rescue bases and one vehicle's track.
 */
(function () {
  const TOKEN_KEY = 'yrd.map.token';
  const PAGE = 500;

  function createMapData(endpoint) {
    const gql = window.yrdGraphQL(endpoint, TOKEN_KEY);

    /** Every node of a connection, page after page; the errors of every page. */
    async function pullAll(field, selection, filterType, filter) {
      const query = `query Pull($first: Int!, $after: String, $filter: ${filterType}) {
        ${field}(first: $first, after: $after, filter: $filter) { edges { node { ${selection} } } pageInfo { hasNextPage endCursor } }
      }`;
      const nodes = [];
      const errors = [];
      let after = null;
      for (;;) {
        const answer = await gql(query, { first: PAGE, after, filter });
        errors.push(...answer.errors);
        const page = answer.data && answer.data[field];
        if (!page) break;
        for (const edge of page.edges) nodes.push(edge.node);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      return { nodes, errors };
    }

    async function counties() {
      const answer = await gql(`{
        provinces { code divisions(level: COUNTY) { adcode name province parent { adcode } boundary } }
        sh: division(adcode: "310000") { boundary } js: division(adcode: "320000") { boundary }
        zj: division(adcode: "330000") { boundary } ah: division(adcode: "340000") { boundary }
      }`);
      const d = answer.data;
      const list = d ? d.provinces.flatMap((p) => p.divisions) : [];
      const outlines = d ? [d.sh, d.js, d.zj, d.ah].filter((p) => p && p.boundary).map((p) => p.boundary) : [];
      return { counties: list.filter((c) => c.boundary !== null), outlines, errors: answer.errors };
    }

    async function warningsInForce() {
      const pulled = await pullAll('warnings', 'id level event headline active areas { adcode level province }', 'WarningFilter', null);
      return { warnings: pulled.nodes.filter((w) => w.active), errors: pulled.errors };
    }

    async function bases(capability) {
      const filter = capability ? { capabilities: [capability] } : null;
      const pulled = await pullAll('rescueBases', 'id name level capabilities location { lng lat }', 'RescueBaseFilter', filter);
      return { bases: pulled.nodes.filter((b) => b.location !== null), errors: pulled.errors };
    }

    async function track(plate, from, to) {
      const answer = await gql(
        `query Track($plate: ID!, $from: DateTime!, $to: DateTime!) {
          vehicle(plate: $plate) { plate registeredProvince track(from: $from, to: $to) { at province speedKmh location { lng lat } } }
        }`,
        { plate, from, to },
      );
      const vehicle = answer.data && answer.data.vehicle;
      return { points: (vehicle && vehicle.track) || [], errors: answer.errors };
    }

    /** Plates of cross-province trips, to choose from. */
    async function plates() {
      const answer = await gql(`{ waybills(first: 100, filter: { crossProvince: true }) { edges { node { provincesTouched vehicle { plate } } } } }`);
      const edges = answer.data ? answer.data.waybills.edges : [];
      return [...new Set(edges.map((e) => e.node.vehicle.plate))];
    }

    return { gql, counties, warningsInForce, bases, track, plates };
  }

  window.YrdMapData = {
    TOKEN_KEY,
    createMapData,
    token: () => sessionStorage.getItem(TOKEN_KEY) || '',
    setToken: (token) => (token ? sessionStorage.setItem(TOKEN_KEY, token) : sessionStorage.removeItem(TOKEN_KEY)),
  };
})();
