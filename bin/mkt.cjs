#!/usr/bin/env node
// CommonJS, not ESM: Node starts a CommonJS entry ~5 ms sooner (no ESM loader), and this runs in every shell.
require('../dist/main.cjs').main(process.argv.slice(2));
