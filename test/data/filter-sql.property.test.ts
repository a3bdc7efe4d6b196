import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createData, type Data } from '../../src/data/index.js';
import type { Database } from '../../src/data/database.js';
import { migrateToLatest } from '../../src/data/migrator.js';
import type { TenantRow } from '../../src/data/tenants.js';
import { escapeAlternative, evaluate, parseTenantFilter, type CheckedFilter } from '../../src/domain/filter/index.js';
import { openTestDatabase, testEngines } from '../helpers/engines.js';
import { unique } from '../helpers/fixtures.js';

/**
 * The SQL a filter compiles to selects exactly the rows the in-memory evaluator accepts. Random tenants
 * are inserted once per engine, marked with a classification of their own; random filters are then run
 * both ways, scoped to those tenants by ANDing the marker.
 */

// Few, clashing characters: equal and ordered values meet often, and the LIKE wildcards, the escape
// character, quotes and pipes all appear in data and in values.
const text = fc.string({ unit: fc.constantFrom('a', 'A', 'b', 'é', 'É', ' ', '%', '_', '\\', '|', "'"), maxLength: 4 });
const base = Date.UTC(2024, 4, 1);
const offsets = [-86_400_000, -1, 0, 1, 999, 1000, 36_000_250, 86_399_999, 86_400_000, 172_800_000];
const instant = fc.constantFrom(...offsets).map((offset) => new Date(base + offset));
const orNull = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null, freq: 4 });

const tenantValues = fc.record({
  name: text,
  company_name: orNull(text),
  city: orNull(text),
  state: orNull(text),
  zip: orNull(fc.constantFrom('', '01234', '1234', '75001')),
  number_of_users: orNull(fc.integer({ min: -2, max: 3 })),
  discount: orNull(fc.constantFrom('-1.50', '0', '0.01', '2.25', '12.5')),
  trial_days: orNull(fc.integer({ min: 0, max: 3 })),
  free: orNull(fc.boolean()),
  is_active: fc.boolean(),
  owner_user_id: orNull(fc.integer({ min: 1, max: 3 })),
  start_date: instant,
  next_billing_date: orNull(instant),
});

type FieldType = 'text' | 'number' | 'decimal' | 'boolean' | 'lookup' | 'date';
const fields: [string, FieldType][] = [
  ['name', 'text'],
  ['company', 'text'],
  ['city', 'text'],
  ['state', 'text'],
  ['zip', 'text'],
  ['number_of_users', 'number'],
  ['trial_days', 'number'],
  ['discount', 'decimal'],
  ['free', 'boolean'],
  ['active', 'boolean'],
  ['owner_id', 'lookup'],
  ['start_date', 'date'],
  ['next_billing_date', 'date'],
];

const anyCase = (word: string) => fc.constantFrom(word, word.toUpperCase(), word[0]!.toUpperCase() + word.slice(1));

const spellings: Record<string, string[]> = {
  '=': ['=', 'equals'],
  '!=': ['!=', 'not equal to'],
  '<': ['<', 'less than'],
  '<=': ['<=', 'less than equals'],
  '>': ['>', 'greater than'],
  '>=': ['>=', 'greater than equals'],
  contains: ['contains'],
  'not contains': ['not contains'],
  'starts with': ['starts with'],
  'ends with': ['ends with'],
};

/** `field op value` with the operator in symbols or words, any case, and any legal spacing. */
function render(field: string, op: string, value: string): fc.Arbitrary<string> {
  return fc
    .constantFrom(...spellings[op]!)
    .chain((spelled) => {
      const symbolic = !/^[a-z]/.test(spelled);
      const space = symbolic ? fc.constantFrom('', ' ', '\t') : fc.constantFrom(' ', '  ', '\t');
      return fc.tuple(anyCase(field), space, symbolic ? fc.constant(spelled) : anyCase(spelled), space);
    })
    .map(([l, s1, o, s2]) => `${l}${s1}${o}${s2}${value}`);
}

const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** Joins alternatives so the parser splits them back exactly (no alternative may end in a backslash then). */
const alternatives = (values: readonly string[]) => (values.length > 1 && values.slice(0, -1).some((v) => v.endsWith('\\')) ? undefined : values.map(escapeAlternative).join('|'));

const textComparison = fc.oneof(
  fc.record({ op: fc.constantFrom('=', '!='), values: fc.array(text, { minLength: 1, maxLength: 3 }) }),
  fc.record({ op: fc.constantFrom('<', '<=', '>', '>=', 'contains', 'not contains', 'starts with', 'ends with'), values: fc.array(text.filter((t) => t.length > 0), { minLength: 1, maxLength: 2 }) }),
  fc.record({ op: fc.constantFrom('=', '!='), values: fc.constant(['BLANK']) }),
);

function comparison(field: string, type: FieldType): fc.Arbitrary<string | undefined> {
  const skip = fc.constant(undefined);
  switch (type) {
    case 'text':
      return textComparison.chain(({ op, values }) => {
        if (values.length === 1 && values[0] === 'BLANK') return fc.constantFrom('BLANK', 'blank', "''").chain((blank) => render(field, op, blank));
        const joined = alternatives(values);
        return joined === undefined ? skip : render(field, op, quote(joined));
      });
    case 'number':
    case 'decimal': {
      const number = type === 'number' ? fc.constantFrom('-2', '0', '1', '3', '1.5', '-0.5', '007') : fc.constantFrom('-1.5', '0', '0.01', '2.25', '12.50', '3');
      const values = fc.array(fc.oneof(number, fc.constant('BLANK')), { minLength: 1, maxLength: 3 });
      return fc.tuple(fc.constantFrom('=', '!=', '<', '<=', '>', '>='), values, fc.boolean()).chain(([op, written, quoted]) => {
        const usable = op === '=' || op === '!=' ? written : written.filter((v) => v !== 'BLANK');
        if (usable.length === 0) return skip;
        return render(field, op, quoted && !usable.includes('BLANK') ? quote(usable.join('|')) : usable.join('|'));
      });
    }
    case 'boolean':
      return fc.tuple(fc.constantFrom('=', '!='), fc.constantFrom('1', '0', 'true', 'FALSE', 'BLANK', "'1'", "'false'")).chain(([op, value]) => render(field, op, value));
    case 'lookup':
      return fc.tuple(fc.constantFrom('=', '!='), fc.constantFrom('1', '2', '3', '1|3', 'BLANK', "'2|3'")).chain(([op, value]) => render(field, op, value));
    case 'date':
      return fc.tuple(fc.constantFrom('=', '!=', '<', '<=', '>', '>='), instant, fc.constantFrom('day', 'us', 'second', 'blank')).chain(([op, at, format]) => {
        if (format === 'blank' && op !== '=' && op !== '!=') return skip;
        const iso = at.toISOString();
        const [y, m, d] = iso.slice(0, 10).split('-');
        const value = { day: iso.slice(0, 10), us: `'${m}/${d}/${y}'`, second: `'${iso.slice(0, 19)}Z'`, blank: 'BLANK' }[format];
        return render(field, op, value);
      });
  }
}

const anyComparison = fc.constantFrom(...fields).chain(([field, type]) => comparison(field, type)).filter((c): c is string => c !== undefined);

const { tree } = fc.letrec<{ tree: string }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    anyComparison,
    fc.tuple(tie('tree'), anyCase('and'), tie('tree')).map(([a, k, b]) => `${a} ${k} ${b}`),
    fc.tuple(tie('tree'), anyCase('or'), tie('tree')).map(([a, k, b]) => `${a} ${k} ${b}`),
    tie('tree').map((t) => `(${t})`),
  ),
}));

for (const engine of testEngines()) {
  describe(`compiled filters on ${engine.name}`, () => {
    let database: Database;
    let data: Data;
    let marker: CheckedFilter;
    let rows: TenantRow[];

    before(async () => {
      database = await openTestDatabase(engine, { poolSize: 2 });
      await migrateToLatest(database);
      data = createData(database.db);
      const classification = unique('filter-property-');
      marker = parseTenantFilter(`classification = ${quote(classification)}`);
      const samples = fc.sample(tenantValues, { numRuns: 60, seed: 42 });
      rows = await data.transaction(async (tx) => {
        const inserted: TenantRow[] = [];
        for (const values of samples) {
          const tenancyName = unique('fp');
          inserted.push(await tx.tenants.insert({ ...values, tenancy_name: tenancyName, classification, number: 2 ** 40 + Math.floor(Math.random() * 2 ** 40) }));
        }
        return inserted;
      });
    });
    after(() => database.close());

    async function selected(filter: CheckedFilter): Promise<number[]> {
      const result = await data.tenantSearch.search({ filter: { kind: 'and', operands: [marker, filter] }, sort: [], page: 0, pageSize: 1000, withTotal: true });
      assert.equal(result.total, result.tenants.length);
      return result.tenants.map((t) => t.id);
    }

    it('selects exactly the rows the evaluator accepts, for random filters', async () => {
      await fc.assert(
        fc.asyncProperty(tree, async (text) => {
          const filter = parseTenantFilter(text);
          const expected = rows.filter((row) => evaluate(filter, row)).map((row) => row.id).sort((a, b) => a - b);
          assert.deepEqual(await selected(filter), expected, text);
        }),
        { numRuns: 250 },
      );
    });

    it('meets the wildcard, escape and quote characters in data as plain characters', async () => {
      for (const text of ["name contains '%'", "name contains '_'", "name contains '\\'", "name starts with ''''", "name ends with '\\|'", "name = 'a%'"]) {
        const filter = parseTenantFilter(text);
        const expected = rows.filter((row) => evaluate(filter, row)).map((row) => row.id).sort((a, b) => a - b);
        assert.deepEqual(await selected(filter), expected, text);
      }
      assert.ok(rows.some((row) => row.name.includes('%')), 'the sample holds a percent sign to meet');
    });
  });
}
