/** The largest PostgreSQL `integer` (int4): every id the API accepts fits in one, and nothing larger reaches the database. */
export const INT4_MAX = 2_147_483_647;
