/** The database engines every database-touching test runs on: PGlite always, PostgreSQL when configured. */
export interface TestEngine {
  name: 'pglite' | 'postgres';
  databaseUrl?: string;
}

export function testEngines(): TestEngine[] {
  const url = process.env.TEST_DATABASE_URL;
  return url ? [{ name: 'pglite' }, { name: 'postgres', databaseUrl: url }] : [{ name: 'pglite' }];
}
