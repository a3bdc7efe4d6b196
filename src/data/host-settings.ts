import type { Executor } from './executor.js';

/** Platform-wide settings as named JSON values (token secret, feature switches). */
export function hostSettingQueries(db: Executor) {
  return {
    async get<T>(name: string): Promise<T | undefined> {
      const row = await db.selectFrom('host_settings').select('value').where('name', '=', name).executeTakeFirst();
      return row?.value as T | undefined;
    },

    async set(name: string, value: unknown): Promise<void> {
      const json = JSON.stringify(value);
      await db
        .insertInto('host_settings')
        .values({ name, value: json })
        .onConflict((oc) => oc.column('name').doUpdateSet({ value: json }))
        .execute();
    },

    /** Stores the value unless one is there already; answers the value that holds (first writer wins). */
    async getOrInit<T>(name: string, value: T): Promise<T> {
      await db
        .insertInto('host_settings')
        .values({ name, value: JSON.stringify(value) })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      return (await this.get<T>(name)) as T;
    },
  };
}

export type HostSettingQueries = ReturnType<typeof hostSettingQueries>;
