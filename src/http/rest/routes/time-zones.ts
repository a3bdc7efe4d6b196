import type { FastifyInstance } from 'fastify';
import { timeZoneCodes } from '../../../domain/time-zones.js';
import type { Services } from '../../../services/index.js';
import { RecordList } from '../document.js';
import { sendPlatform, successMessage } from '../formats.js';
import { restResource } from '../resource.js';

/** The product's table of `time_zone` codes, public reference data: `GET /networking/rest/timeZones`. */
export function timeZoneRoutes(app: FastifyInstance, services: Services): void {
  restResource(app, '/timeZones', {
    GET: {
      summary: 'The integer time zone codes and the IANA zones they stand for',
      secured: false,
      async handler(request, reply) {
        const { restStrictCompatibility } = await services.hostConfiguration.current();
        const items = timeZoneCodes.map((entry) => ({ code: String(entry.code), zone: entry.zone, label: entry.label }));
        return sendPlatform(
          request,
          reply,
          200,
          { timeZone: new RecordList(items), message: successMessage(), recordCount: String(items.length) },
          restStrictCompatibility,
        );
      },
    },
  });
}
