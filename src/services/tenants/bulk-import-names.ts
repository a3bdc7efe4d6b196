import type { Queries } from '../../data/index.js';
import { tenancyNameCandidates } from '../../domain/tenancy-name.js';
import { randomTenancyName } from './creation-rules.js';
import { randomTenantNumber } from './provisioning.js';

/**
 * Free tenancy names for a batch, by the single create's rule (the base, then `-2` … `-20`, then a random
 * suffix), in two queries: the bases, then the candidates of the bases that were taken or repeated. Names
 * written by earlier batches of the same import are seen, as they are in its own transaction.
 */
export async function freeTenancyNames(tx: Queries, bases: readonly string[]): Promise<string[]> {
  const used = new Set<string>();
  const names: string[] = new Array<string>(bases.length);
  const taken = await tx.tenantBulk.takenTenancyNames(bases);
  const retry: number[] = [];
  bases.forEach((base, i) => {
    const key = base.toLowerCase();
    if (taken.has(key) || used.has(key)) return retry.push(i);
    used.add(key);
    names[i] = base;
  });
  if (retry.length === 0) return names;
  const takenToo = await tx.tenantBulk.takenTenancyNames(retry.flatMap((i) => tenancyNameCandidates(bases[i]!).slice(1)));
  for (const i of retry) {
    const free = tenancyNameCandidates(bases[i]!).slice(1).find((c) => !takenToo.has(c.toLowerCase()) && !used.has(c.toLowerCase()));
    const name = free ?? randomTenancyName(bases[i]!);
    used.add(name.toLowerCase());
    names[i] = name;
  }
  return names;
}

/** `count` distinct free tenant numbers: drawn at random, the few already taken drawn again. */
export async function freeTenantNumbers(tx: Queries, count: number): Promise<number[]> {
  const chosen = new Set<number>();
  while (chosen.size < count) {
    const draw = new Set<number>();
    while (chosen.size + draw.size < count) {
      const candidate = randomTenantNumber();
      if (!chosen.has(candidate)) draw.add(candidate);
    }
    const taken = await tx.tenantBulk.takenNumbers([...draw]);
    for (const number of draw) if (!taken.has(number)) chosen.add(number);
  }
  return [...chosen];
}
