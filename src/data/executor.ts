import type { Kysely } from 'kysely';
import type { Schema } from './schema.js';

/** A database handle or an open transaction: query modules run on either. */
export type Executor = Kysely<Schema>;
