import { connectDatabase } from '/work/main/src/infra/db/connect-database.js';
import { migrateDatabase } from '/work/main/src/infra/db/migrate-database.js';
import { sql } from 'kysely';
const db = connectDatabase({ sqliteFile: '/tmp/prof/plan.db' });
await migrateDatabase(db);
const q = (s: string) => sql.raw(s).execute(db.db).then(r => console.log(s.slice(0,60), JSON.stringify(r.rows)));
await q(`explain query plan update jobs set state='running' where id in (select id from jobs where queue in ('default') and state in ('available', 'retryable') and run_at <= '2026' order by run_at limit 8) returning *`);
await q(`explain query plan update jobs set state='running' where id in (select id from jobs where queue in ('default','entrada') and state in ('available', 'retryable') and run_at <= '2026' order by run_at limit 8) returning *`);
await db.close();
