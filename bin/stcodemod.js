#!/usr/bin/env node
'use strict';
// The TypeScript is compiled to dist/ by `npm install` / `npm ci` (the `prepare` script).
const { main } = require('../dist/src/cli.js');
const { transforms } = require('../dist/transforms/index.js');

const io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  env: process.env,
};

const registry = require.resolve('../dist/transforms/index.js');

main(process.argv.slice(2), transforms, io, registry).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`stcodemod: internal error: ${error && error.stack ? error.stack : error}\n`);
    process.stderr.write('Please report this as a bug; the run stopped where the error happened.\n');
    process.exitCode = 2;
  },
);
