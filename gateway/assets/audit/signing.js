/* global document, window */
'use strict';

/* The signing key section: the public key the histories are signed with, for verifying them elsewhere. */
(function () {
  const { el, gql, showError } = window.yrdAudit;

  async function load() {
    const box = document.getElementById('signing');
    const { registrySigningKey: key } = await gql('{ registrySigningKey { algorithm publicKeyPem fingerprint } }');
    if (!key) {
      box.className = 'signing banner banner-error';
      box.replaceChildren('Unsigned history: the deployment has no REGISTRY_SIGNING_KEY, so a history rewritten whole with fresh hashes would verify.');
      return;
    }
    box.className = 'signing banner';
    box.replaceChildren(
      el('span', {}, `Signed with ${key.algorithm}, key fingerprint (sha256) `),
      el('code', { id: 'signing-fingerprint' }, key.fingerprint),
      el('details', {}, el('summary', {}, 'Public key'), el('pre', { id: 'signing-public-key' }, key.publicKeyPem)),
    );
  }

  document.getElementById('token-form').addEventListener('submit', () => load().catch(showError));
  load().catch(showError);
})();
