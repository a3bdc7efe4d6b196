/** The database engines every database-touching test runs on: PGlite always, PostgreSQL when configured. */
export interface TestEngine {
  name: 'pglite' | 'postgres';
  databaseUrl?: string;
}

export function testEngines(): TestEngine[] {
  const url = process.env.TEST_DATABASE_URL;
  // CI must exercise PostgreSQL too: a missing URL there is a broken pipeline, not a reason to skip.
  if (!url && process.env.CI && process.env.CI !== 'false') throw new Error('TEST_DATABASE_URL must be set in CI.');
  return url ? [{ name: 'pglite' }, { name: 'postgres', databaseUrl: url }] : [{ name: 'pglite' }];
}
