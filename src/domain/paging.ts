/** The most records one page of any list answers, in both dialects (REST `pageSize`, ABP `maxResultCount`). */
export const MAX_PAGE_SIZE = 1000;

/** REST's page size when none is asked for (COMPAT-NOTES: default 100). */
export const REST_DEFAULT_PAGE_SIZE = 100;

/** ABP's page size when none is asked for (`PagedResultRequestDto`). */
export const ABP_DEFAULT_PAGE_SIZE = 10;

/** The largest skip or page number: ids and offsets are int4 in the schema. */
export const MAX_INT4 = 2_147_483_647;
