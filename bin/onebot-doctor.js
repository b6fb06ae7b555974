#!/usr/bin/env node

// The installed `onebot-doctor` command. It turns on V8's on-disk compile cache where Node has it (22.1+:
// module.enableCompileCache) before loading the bundle, so later runs skip compiling it; then runs the CLI.
const nodeModule = require('node:module');
if (typeof nodeModule.enableCompileCache === 'function') {
  try {
    nodeModule.enableCompileCache();
  } catch {
    // A read-only or missing cache folder only costs speed.
  }
}
require('../dist/cli.js').run();
