#!/usr/bin/env node
// The `griddesk` command (package.json "bin"): runs the compiled CLI from dist/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/src/cli/index.js');
if (!fs.existsSync(cli)) {
  console.error('griddesk: not built yet — run `npm run build:server` first');
  process.exit(1);
}
await import(pathToFileURL(cli).href);
