/** Which document store this instance uses: the local directory, or the configured S3-compatible bucket. */
import type { Config } from '../../config.js';
import { localStore, type DocumentStore } from './file-store.js';
import { s3Store } from './s3-store.js';

export function documentStoreOf(config: Pick<Config, 'dataDir' | 'fileStore'>): DocumentStore {
  return config.fileStore.kind === 's3' ? s3Store(config.fileStore) : localStore(config.dataDir);
}
