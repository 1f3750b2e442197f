/* global window, fetch, sessionStorage */
'use strict';

/**
 * The pages' one way to ask the gateway: POST a GraphQL operation to `endpoint` with the token the
 * page keeps in sessionStorage under `tokenKey`; answers { data, errors }, each error as "CODE: message".
 */
/** The Authorization header for the token the page keeps under `tokenKey`, or none. */
window.yrdAuthHeaders = function (tokenKey) {
  const token = sessionStorage.getItem(tokenKey);
  return token ? { authorization: `Bearer ${token}` } : {};
};

window.yrdGraphQL = function (endpoint, tokenKey) {
  return async function (query, variables) {
    const headers = { 'content-type': 'application/json', ...window.yrdAuthHeaders(tokenKey) };
    const response = await fetch(endpoint, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const body = await response.json();
    const errors = (body.errors || []).map((e) => (e.extensions && e.extensions.code ? `${e.extensions.code}: ` : '') + e.message);
    return { data: body.data || null, errors };
  };
};
