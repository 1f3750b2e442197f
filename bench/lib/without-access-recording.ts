/**
 * Preloaded into a gateway process (`node --require`) to serve without access recording: the
 * hook that hands each finished request to the recorder does nothing. The access-recording bench's
 * peer; the gateway is otherwise the one deployed.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const hook = require('../../gateway/plugins/http/access-recording') as { recordAccessWhenDone: (...args: unknown[]) => void };
hook.recordAccessWhenDone = () => undefined;
