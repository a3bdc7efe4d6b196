import { sql } from 'kysely';
import type { Executor } from './executor.js';

/** One bucket to count a hit in: its name and its window in seconds. */
export interface CounterHit {
  bucket: string;
  windowSeconds: number;
  /** Hits counted at once (several requests' hits gathered into one statement); 1 unless given. */
  count?: number;
}

export interface CounterState {
  bucket: string;
  hits: number;
  resetAt: Date;
}

/** The rate-limit counters shared by every instance (migration 0010). */
export function rateLimitQueries(db: Executor) {
  return {
    /**
     * Counts one hit (or `count`) in each bucket and answers every bucket's count and window end, in one statement. A bucket
     * whose window has ended starts a new one at this hit. Buckets are taken in name order, so two requests
     * counting the same buckets lock their rows in the same order and never deadlock.
     */
    async hit(hits: readonly CounterHit[]): Promise<CounterState[]> {
      if (hits.length === 0) return [];
      const sorted = [...hits].sort((a, b) => (a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : 0));
      const values = sql.join(sorted.map((h) => sql`(${h.bucket}::text, ${h.windowSeconds}::integer, ${h.count ?? 1}::integer)`));
      const { rows } = await sql<{ bucket: string; hits: number; reset_at: Date | string }>`
        insert into rate_limit_counters as c (bucket, hits, reset_at)
        select v.bucket, v.n, now() + v.seconds * interval '1 second'
          from (values ${values}) as v (bucket, seconds, n)
          order by v.bucket
        on conflict (bucket) do update set
          hits = case when c.reset_at <= now() then excluded.hits else c.hits + excluded.hits end,
          reset_at = case when c.reset_at <= now() then excluded.reset_at else c.reset_at end
        returning c.bucket, c.hits, c.reset_at`.execute(db);
      return rows.map((r) => ({ bucket: r.bucket, hits: Number(r.hits), resetAt: new Date(r.reset_at) }));
    },

    /** Deletes counters whose window ended before `before` (they would restart at their next hit anyway). */
    async deleteEnded(before: Date): Promise<number> {
      const result = await db.deleteFrom('rate_limit_counters').where('reset_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
