/**
 * The data steps given to `migrate()` (src/db/migrate.ts): work a migration needs done first that
 * SQL cannot do. Today one: inspection photos' bytes into the configured file store before
 * migration 733 drops their column (src/modules/scorecards/photo-store.ts).
 */
import type { Config } from './config.js';
import type { DataStep } from './db/migrate.js';
import { photosToStoreStep } from './modules/scorecards/index.js';
import { fileStoreOf } from './platform/file-store/index.js';

export function dataSteps(config: Pick<Config, 'dataDir' | 'fileStore'>): DataStep[] {
  return [photosToStoreStep(fileStoreOf(config))];
}
