/** SigV4 against AWS's published example (S3 API reference, "GET Object" with a Range header, virtual-hosted style). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authorization, canonicalRequest, EMPTY_SHA256, parseAuthorization, signature, stringToSign, uriEncode, type SignInput } from './sigv4.js';

const example: SignInput = {
  method: 'GET',
  path: '/test.txt',
  headers: { Host: 'examplebucket.s3.amazonaws.com', Range: 'bytes=0-9', 'x-amz-content-sha256': EMPTY_SHA256, 'x-amz-date': '20130524T000000Z' },
  payloadHash: EMPTY_SHA256,
  region: 'us-east-1',
  accessKey: 'AKIAIOSFODNN7EXAMPLE',
  secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  amzDate: '20130524T000000Z',
};

test('SigV4: the AWS GET /test.txt example gives the published canonical request, string to sign and signature', () => {
  assert.equal(
    canonicalRequest(example),
    [
      'GET',
      '/test.txt',
      '',
      'host:examplebucket.s3.amazonaws.com',
      'range:bytes=0-9',
      `x-amz-content-sha256:${EMPTY_SHA256}`,
      'x-amz-date:20130524T000000Z',
      '',
      'host;range;x-amz-content-sha256;x-amz-date',
      EMPTY_SHA256,
    ].join('\n'),
  );
  assert.equal(
    stringToSign(example),
    'AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972',
  );
  assert.equal(signature(example), 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
  const auth = authorization(example);
  assert.equal(
    auth,
    'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
  );
  assert.deepEqual(parseAuthorization(auth)?.signedHeaders, ['host', 'range', 'x-amz-content-sha256', 'x-amz-date']);
  assert.notEqual(signature({ ...example, secretKey: 'wrong' }), signature(example));
});

test('SigV4 URI encoding: unreserved kept, the rest %XX upper case, slash kept only in paths', () => {
  assert.equal(uriEncode('a-b_c.d~e'), 'a-b_c.d~e');
  assert.equal(uriEncode('a b/c', true), 'a%20b/c');
  assert.equal(uriEncode('a b/c'), 'a%20b%2Fc');
  assert.equal(uriEncode('资料'), '%E8%B5%84%E6%96%99');
});

test('SigV4: the other published S3 examples — PUT Object (a $ in the key, a Date header), GET ?lifecycle, GET ?max-keys=2&prefix=J', () => {
  const base = { region: 'us-east-1', accessKey: example.accessKey, secretKey: example.secretKey, amzDate: '20130524T000000Z' };
  const bodyHash = '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072'; // sha-256 of "Welcome to Amazon S3."
  const put: SignInput = {
    ...base,
    method: 'PUT',
    path: '/' + uriEncode('test$file.text', true),
    headers: {
      Date: 'Fri, 24 May 2013 00:00:00 GMT',
      Host: 'examplebucket.s3.amazonaws.com',
      'x-amz-date': '20130524T000000Z',
      'x-amz-storage-class': 'REDUCED_REDUNDANCY',
      'x-amz-content-sha256': bodyHash,
    },
    payloadHash: bodyHash,
  };
  assert.equal(canonicalRequest(put).split('\n')[1], '/test%24file.text');
  assert.equal(signature(put), '98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd');
  const lifecycle: SignInput = {
    ...base,
    method: 'GET',
    path: '/',
    query: { lifecycle: '' },
    headers: { Host: 'examplebucket.s3.amazonaws.com', 'x-amz-date': '20130524T000000Z', 'x-amz-content-sha256': EMPTY_SHA256 },
    payloadHash: EMPTY_SHA256,
  };
  assert.equal(signature(lifecycle), 'fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543');
  assert.equal(signature({ ...lifecycle, query: { prefix: 'J', 'max-keys': '2' } }), '34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7');
});
