/** The PostgreSQL that tests use: the machine's, database `test`, unless GOVBLOG_TEST_PG says otherwise. */
export const TEST_PG_URL = process.env.GOVBLOG_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
