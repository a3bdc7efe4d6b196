import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

// The check builds the app over an embedded database (openDatabase, in the child), so this file is in the db tier.
test('the console’s committed API types are those of the current /openapi.json', () => {
  const check = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/console-api-types.ts', '--check'], { encoding: 'utf8' });
  assert.equal(check.status, 0, `${check.stderr}${check.stdout}`);
});
