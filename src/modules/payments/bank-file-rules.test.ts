import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decode, encode, fenField, formatFile, parseFile, type BankLayout } from './bank-file-rules.js';

const fixed: BankLayout = {
  bankCode: 'T',
  format: 'fixed',
  encoding: 'gbk',
  delimiter: '',
  header: false,
  debitFields: [
    { name: 'seq', width: 4, align: 'right', pad: '0' },
    { name: 'holder', width: 8, align: 'left', pad: ' ' },
    { name: 'amountFen', width: 6, align: 'right', pad: '0' },
  ],
  resultFields: [],
  successCode: '0000',
};

test('GBK: a Chinese character is two bytes and round-trips', () => {
  assert.deepEqual([...encode('中文A', 'gbk')], [0xd6, 0xd0, 0xce, 0xc4, 0x41]);
  assert.equal(decode(encode('张三丰 电费', 'gbk'), 'gbk'), '张三丰 电费');
  assert.throws(() => encode('😀', 'gbk'), /GBK/);
});

test('fixed width in bytes of the encoding: padded on its side, never cut', () => {
  const file = formatFile(fixed, fixed.debitFields, [{ seq: '7', holder: '张三', amountFen: '12345' }]);
  // 4 + 8 + 6 bytes and CRLF; 张三 is 4 bytes in GBK, padded with 4 spaces
  assert.equal(file.length, 18 + 2);
  assert.equal(decode(file, 'gbk'), '0007张三    012345\r\n');
  assert.throws(() => formatFile(fixed, fixed.debitFields, [{ seq: '1', holder: '欧阳娜娜娜', amountFen: '1' }]), /8 字节|8 bytes/);
  const back = parseFile(fixed, fixed.debitFields, file);
  assert.deepEqual(back.lines[0].values, { seq: '0007', holder: '张三', amountFen: '012345' });
  assert.deepEqual(back.problems, []);
});

test('a line of the wrong length is a problem naming its line; blank lines are skipped', () => {
  const bytes = Buffer.concat([formatFile(fixed, fixed.debitFields, [{ seq: '1', holder: 'A', amountFen: '1' }]), encode('\r\n0002B\r\n', 'gbk')]);
  const r = parseFile(fixed, fixed.debitFields, bytes);
  assert.equal(r.lines.length, 1);
  assert.deepEqual(
    r.problems.map((p) => [p.lineNo, p.detail]),
    [[3, '5 bytes, the layout has 18']],
  );
});

test('CSV with header: values by name, wrong field counts and a wrong header are problems; delimiters in values refused', () => {
  const csv: BankLayout = { ...fixed, format: 'csv', encoding: 'utf-8', delimiter: ',', header: true };
  const fields = [{ name: 'a' }, { name: 'b' }];
  const file = formatFile(csv, fields, [{ a: '1', b: '王五' }]);
  assert.equal(file.toString('utf8'), 'a,b\r\n1,王五\r\n');
  assert.throws(() => formatFile(csv, fields, [{ a: '1,2', b: 'x' }]));
  const r = parseFile(csv, fields, Buffer.from('a,b\n1,2\n3\n', 'utf8'));
  assert.deepEqual(r.lines[0].values, { a: '1', b: '2' });
  assert.equal(r.problems[0].lineNo, 3);
  assert.equal(parseFile(csv, fields, Buffer.from('x,y\n1,2\n')).problems[0].lineNo, 1);
});

test('amounts are integer fen digits only', () => {
  assert.equal(fenField('000012345'), 12345);
  assert.equal(fenField('12.34'), null);
  assert.equal(fenField('-5'), null);
  assert.equal(fenField(''), null);
});
