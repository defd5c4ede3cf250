'use strict';
// Loaded by bootstrap.js in a pre-started runtime before its handoff, so that the module loader's
// path (resolve, read, wrap, compile, run) has run once before it loads the function's code.
module.exports = { warm: true };
