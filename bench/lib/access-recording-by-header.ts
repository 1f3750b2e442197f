/**
 * Preloaded into a gateway process (`node --require`) so that one process serves both peers of the
 * access-recording bench: a request carrying `x-bench-recording: off` is answered without being
 * recorded, every other one is recorded as deployed. Two gateway processes alike differ by more
 * than the recording's cost (their heaps and compiled code are their own); one process does not.
 */
import type { IncomingMessage } from 'node:http';
import { RECORDING_OFF_HEADER } from './recording-off-header';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const hook = require('../../gateway/plugins/http/access-recording') as { recordAccessWhenDone: (recorder: unknown, req: IncomingMessage, ...rest: unknown[]) => void };
const recordAccessWhenDone = hook.recordAccessWhenDone;
hook.recordAccessWhenDone = (recorder, req, ...rest) => {
  if (req.headers[RECORDING_OFF_HEADER] !== 'off') recordAccessWhenDone(recorder, req, ...rest);
};
