import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { timeZoneByCode, timeZoneCodeOf, timeZoneCodes } from '../../src/domain/time-zones.js';
import { timeZoneProblem } from '../../src/domain/validators.js';
import { projectRoot } from '../helpers/project-root.js';

describe('the time zone code table', () => {
  it('gives every code once, to a zone the runtime knows', () => {
    assert.equal(new Set(timeZoneCodes.map((z) => z.code)).size, timeZoneCodes.length);
    assert.equal(new Set(timeZoneCodes.map((z) => z.zone)).size, timeZoneCodes.length);
    for (const entry of timeZoneCodes) assert.equal(timeZoneProblem(entry.zone), undefined, entry.zone);
  });

  it("makes the spec sample's code 12 Pacific Time", () => {
    assert.equal(timeZoneByCode(12)?.zone, 'America/Los_Angeles');
  });

  it('finds a code from any alias of a zone, ignoring case', () => {
    assert.equal(timeZoneCodeOf('Asia/Calcutta')?.zone, 'Asia/Kolkata');
    assert.equal(timeZoneCodeOf('america/new_york')?.code, 23);
    assert.equal(timeZoneCodeOf('Europe/Vatican'), undefined);
    assert.equal(timeZoneCodeOf('Not/AZone'), undefined);
  });

  it('is published, code for code, in the REST documentation', async () => {
    const doc = await readFile(path.join(projectRoot, 'docs/agileapps-rest.md'), 'utf8');
    for (const entry of timeZoneCodes) assert.ok(doc.includes(`| ${entry.code} | \`${entry.zone}\` |`), `${entry.code} ${entry.zone}`);
  });
});
