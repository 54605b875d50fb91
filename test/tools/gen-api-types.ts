/**
 * Writes web/src/api/schema.gen.ts from the server's OpenAPI document.
 * Run through test/with-pg.ts (the app needs a database to start): `npm run gen:api`.
 */
import fs from 'node:fs';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import { createPool } from '../../src/db/pool.js';
import { withDatabase } from '../../src/db/embedded.js';
import { API_TYPES_FILE, generateApiTypes, openApiDocument } from '../support/api-types.js';

const server = process.env.GRIDDESK_TEST_PG_URL;
if (!server) throw new Error('run through test/with-pg.js: npm run gen:api');
const db = createPool(withDatabase(server, process.env.GRIDDESK_TEST_TEMPLATE ?? 'griddesk_test_template'), 2);
const { app } = await buildApp({ db, config: loadConfig({}) });
const source = await generateApiTypes(await openApiDocument(app));
const before = fs.existsSync(API_TYPES_FILE) ? fs.readFileSync(API_TYPES_FILE, 'utf8') : '';
fs.writeFileSync(API_TYPES_FILE, source);
console.log(`${API_TYPES_FILE}: ${before === source ? 'unchanged' : 'written'} (${source.split('\n').length} lines)`);
await app.close();
await db.end();
