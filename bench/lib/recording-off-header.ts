/** The header by which a request asks a gateway with `access-recording-by-header` preloaded not to record it (value `off`). */
export const RECORDING_OFF_HEADER = 'x-bench-recording';
