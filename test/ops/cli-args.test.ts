/** The command-line parser: words, `--name value`, `--name=value`, flags, and the errors a typo gets. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { intOption, onlyOptions, parseArgs, UsageError, userPath } from '../../src/cli/args.js';

test('words and options in any order', () => {
  const a = parseArgs(['seed', '--customers', '100000', '--seed=42']);
  assert.deepEqual(a.words, ['seed']);
  assert.equal(intOption(a, 'customers', 5, 0, 1e7), 100000);
  assert.equal(intOption(a, 'seed', 1, 0, 100), 42);
  assert.equal(intOption(parseArgs(['seed']), 'customers', 5000, 0, 1e7), 5000, 'default when absent');
  assert.deepEqual(parseArgs(['backup', '--', '--odd-file-name']).words, ['backup', '--odd-file-name']);
  assert.equal(parseArgs(['backup', '-h']).options.get('help'), true);
  assert.equal(parseArgs(['--help']).options.get('help'), true);
});

test('bad values and unknown options are usage errors', () => {
  assert.throws(() => parseArgs(['seed', '--customers']), /--customers needs a value/);
  assert.throws(() => parseArgs(['seed', '--customers', '--seed', '3']), /--customers needs a value/);
  for (const v of ['ten', '1.5', '-1', '99999999', '']) {
    assert.throws(() => intOption(parseArgs(['seed', `--customers=${v}`]), 'customers', 5, 0, 1e7), UsageError, v);
  }
  assert.throws(() => onlyOptions(parseArgs(['seed', '--cutsomers', '5']), ['customers', 'seed']), /unknown option --cutsomers/);
  assert.doesNotThrow(() => onlyOptions(parseArgs(['seed', '--seed', '5', '--help']), ['customers', 'seed']));
});

test('file arguments resolve against the directory the user ran npm from', () => {
  assert.equal(userPath('b.gz', { INIT_CWD: '/home/op' }), '/home/op/b.gz');
  assert.equal(userPath('/abs/b.gz', { INIT_CWD: '/home/op' }), '/abs/b.gz');
  assert.equal(userPath('b.gz', {}), `${process.cwd()}/b.gz`);
  assert.equal(userPath(undefined), undefined);
});
