import type { Config } from '../config.js';
import type { Db } from '../db/pool.js';

/** What every module's routes receive. */
export interface AppContext {
  db: Db;
  config: Config;
}
