#!/usr/bin/env node
'use strict';
// The TypeScript is compiled to dist/ by `npm install` / `npm ci` (the `prepare` script).
const { main } = require('../dist/src/cli.js');
const { transforms } = require('../dist/transforms/index.js');
const { printable } = require('../dist/src/printable.js');

/**
 * A reader that stops early (`stcodemod all . --dry-run | head`) closes the pipe: what is left of
 * the output goes nowhere, and the run ends with its own exit code, as if it had all been read.
 */
function quietWhenClosed(stream) {
  let open = true;
  stream.on('error', (error) => {
    open = false;
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED' && stream === process.stdout) {
      process.stderr.write(`stcodemod: cannot write the output (${error.code || error.message})\n`);
      process.exitCode = 2;
    }
  });
  return (text) => {
    if (open) stream.write(text);
  };
}

const stderr = quietWhenClosed(process.stderr);
const io = {
  stdout: quietWhenClosed(process.stdout),
  stderr,
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  env: process.env,
  // The progress line is drawn only on a terminal.
  terminal: process.stderr.isTTY ? { write: stderr, get columns() { return process.stderr.columns; } } : undefined,
  signals: {
    on: (signal, handler) => process.on(signal, handler),
    off: (signal, handler) => process.off(signal, handler),
    exit: (code) => process.exit(code),
  },
};

const registry = require.resolve('../dist/transforms/index.js');

main(process.argv.slice(2), transforms, io, registry).then(
  (code) => {
    process.exitCode = Math.max(code, process.exitCode || 0);
  },
  (error) => {
    process.stderr.write(printable(`stcodemod: internal error: ${error && error.stack ? error.stack : error}\n`));
    process.stderr.write('Please report this as a bug; the run stopped where the error happened.\n');
    process.exitCode = 2;
  },
);
