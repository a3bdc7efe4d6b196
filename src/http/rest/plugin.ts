import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/index.js';

/** The AgileApps REST dialect under `/networking/rest`. */
export async function restPlugin(_app: FastifyInstance, _options: { services: Services }): Promise<void> {}
