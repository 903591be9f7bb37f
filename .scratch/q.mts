import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/test', max: 4 });
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
await pool.query('create temp table if not exists t (id text primary key, a text, b int)').catch(()=>{});
await pool.query(`create table if not exists qb (id text primary key, a text, b int, c text, d text, e text, f text, g text, h text)`);
await pool.query(`insert into qb values ('x','a',1,'c','d','e','f','g','h') on conflict do nothing`);
async function run(label: string, n: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < 200; i++) await fn();
  const c0 = process.cpuUsage(); const t0 = performance.now();
  await Promise.all(Array.from({ length: 8 }, async () => { for (let i = 0; i < n / 8; i++) await fn(); }));
  const c = process.cpuUsage(c0); const w = performance.now() - t0;
  console.log(label.padEnd(28), 'cpu µs/q', ((c.user + c.system) / n).toFixed(1), 'user', (c.user/n).toFixed(1), 'wall µs/q', (w * 1000 / n).toFixed(1));
}
const N = 20000;
await run('pg raw select *', N, () => pool.query('select * from qb where id = $1', ['x']));
await run('pg raw named select *', N, () => pool.query({ name: 's1', text: 'select * from qb where id = $1', values: ['x'] }));
await run('kysely select *', N, () => db.selectFrom('qb').selectAll().where('id', '=', 'x').execute());
await run('kysely update', N, () => db.updateTable('qb').set({ a: 'z', b: 2, c: 'q' }).where('id', '=', 'x').execute());
await run('pg simple begin/commit', N, async () => { const c = await pool.connect(); await c.query('begin'); await c.query('commit'); c.release(); });
await db.destroy();
