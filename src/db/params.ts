/**
 * Id arrays as query parameters, written as PostgreSQL array literals in one pass (`{1,2,3}`). Given a JS
 * array, pg writes the literal element by element, each converted, escaped and quoted (several strings
 * per element); a bank file's chunk passes its 2,000 account ids to about seven statements, which was
 * about an eighth of the import's allocations (docs/payments.md, Benchmark). Only whole numbers (or their
 * decimal digits, as a bigint read as text): anything else is refused here, never sent as a malformed literal.
 */
export function idArray(ids: readonly (number | string)[]): string {
  for (const id of ids)
    if (!(typeof id === 'number' ? Number.isSafeInteger(id) : typeof id === 'string' && /^-?[0-9]{1,19}$/.test(id)))
      throw new TypeError(`idArray: ${String(id)} is not a whole number`);
  return `{${ids.join(',')}}`;
}
