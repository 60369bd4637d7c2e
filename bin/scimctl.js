#!/usr/bin/env node
/**
 * `scimctl`: the operator CLI (services/scimctl). Plain JavaScript that loads the
 * compiled CLI, so that the bin works wherever `npm run build` has run.
 */
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const main = path.resolve(__dirname, '..', 'dist', 'services', 'scimctl', 'main.js');
if (!fs.existsSync(main)) {
  console.error('scimctl is not built yet: run `npm run build` first.');
  process.exit(1);
}
require(main);
