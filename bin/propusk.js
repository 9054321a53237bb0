#!/usr/bin/env node
// The compiled CLI; `npm run build` makes it.
import '../dist/src/cli/main.js';
