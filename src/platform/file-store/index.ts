/**
 * The content-addressed file store shared by the whole house (docs/connections.md "Document
 * store"): connection documents and scorecard inspection photos. Local under the data directory
 * or an S3-compatible bucket, chosen by `GRIDDESK_FILE_STORE`; backup and restore carry both kinds.
 */
import type { Config } from '../../config.js';
import { DomainError } from '../errors.js';
import { localStore, type FileStore } from './store.js';
import { s3Store, S3StoreError } from './s3.js';

export { localStore, storeBytes, sha256Hex, filePath, fileKey, FILES_DIR, StoredFileCorrupt, type FileStore } from './store.js';
export { s3Store, S3StoreError, parseListPage, type S3Settings } from './s3.js';
/** For a server that checks signatures (the test S3 server): the signature a request should carry. */
export { parseAuthorization, signature } from './sigv4.js';

/** The store this instance uses: the local directory, or the configured S3-compatible bucket. */
export function fileStoreOf(config: Pick<Config, 'dataDir' | 'fileStore'>): FileStore {
  return config.fileStore.kind === 's3' ? s3Store(config.fileStore) : localStore(config.dataDir);
}

/** The S3 store refused or could not be reached: 503 naming S3's error code (nothing is written). Other errors pass unchanged. */
export function storeUnavailable(e: unknown): never {
  if (e instanceof S3StoreError)
    throw new DomainError('unavailable', 'DOCUMENT_STORE_UNAVAILABLE', `资料存储不可用：${e.message}`, `Document store unavailable: ${e.message}`, [], {
      s3Status: e.status,
      s3Code: e.code,
    });
  throw e;
}
