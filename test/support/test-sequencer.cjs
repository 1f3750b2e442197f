/* global require, module, __dirname */
'use strict';
/**
 * Runs the slowest test files first, so that the run does not end on one worker finishing a long
 * file while the other idles. Jest does this itself from its cache of last run's durations; a
 * clean clone (CI) has no cache and jest falls back to file size, which put the fuzz and
 * mutual-aid fault runs (short files, long runs) last. test-weights.json gives each file's seconds
 * from a CI run (files of 2 s or more); jest's own durations win where it has them, and a file in
 * neither counts as 1 s. Loaded by jest itself, before any transform: plain CommonJS.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const path = require('node:path');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Sequencer = require('@jest/test-sequencer').default;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const weights = require('./test-weights.json');

const root = path.resolve(__dirname, '../..');
const UNKNOWN_MS = 1000;

class SlowestFirst extends Sequencer {
  time(test) {
    const measured = super.time(test);
    if (measured != null) return measured;
    const seconds = weights[path.relative(root, test.path).split(path.sep).join('/')];
    return seconds === undefined ? UNKNOWN_MS : seconds * 1000;
  }
}

module.exports = SlowestFirst;
