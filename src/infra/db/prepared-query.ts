import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely';
import type { Dialect } from './connect-database.js';
import type { DB } from './schema.js';

/** Where a prepared query runs: a database or a transaction, with its dialect. */
export interface QueryTarget {
  db: Kysely<DB>;
  dialect: Dialect;
}

type Slot = { param: string } | { constant: unknown };
type Plan = { sql: string; slots: Slot[] };

// A string no caller sends: it marks where a named parameter landed in the compiled SQL.
const MARK = '\u0000credgate-param:';

/**
 * A hot query built and compiled once per dialect instead of on every run. Building a Kysely
 * query and compiling it costs about as much CPU as SQLite running it; on the paths every
 * negativacao takes, that was a fifth of the gateway's CPU. `build` receives placeholders in
 * `params` and must only pass them to Kysely as values (never inspect or transform them), and
 * must produce the same SQL shape whatever the values.
 */
export function prepareQuery<P extends Record<string, unknown>, R>(
  build: (db: Kysely<DB>, params: P, dialect: Dialect) => Compilable<R>,
): (target: QueryTarget, params: P) => Promise<QueryResult<R>> {
  const plans = new Map<Dialect, Plan>();
  return (target, params) => {
    let plan = plans.get(target.dialect);
    if (!plan) {
      plan = compilePlan(build(target.db, placeholders() as P, target.dialect));
      plans.set(target.dialect, plan);
    }
    return runPlan(target, plan, params as Record<string, unknown>);
  };
}

/**
 * `prepareQuery` for a statement whose SQL takes a few shapes (how many rows, which columns):
 * `shape` describes one and `key` names it; the values are positional, `params[i]` in `build`.
 * A plan is kept per dialect and key, at most `maxShapes` of them (a shape past that is built
 * and compiled on every run).
 */
export function prepareShapedQuery<S, R>(
  build: (db: Kysely<DB>, shape: S, params: readonly unknown[], dialect: Dialect) => Compilable<R>,
  maxShapes = 64,
): (target: QueryTarget, key: string, shape: S, values: unknown[]) => Promise<QueryResult<R>> {
  const plans = new Map<string, Plan>();
  return (target, key, shape, values) => {
    const planKey = `${target.dialect}\n${key}`;
    let plan = plans.get(planKey);
    if (!plan) {
      plan = compilePlan(build(target.db, shape, placeholders() as unknown[], target.dialect));
      if (plans.size < maxShapes) plans.set(planKey, plan);
    }
    return runPlan(target, plan, values as unknown as Record<string, unknown>);
  };
}

/** Stands for any params object or array: each entry read is a mark naming it. */
function placeholders(): unknown {
  return new Proxy({}, { get: (_, name) => MARK + String(name) });
}

function compilePlan(query: Compilable<unknown>): Plan {
  const compiled = query.compile();
  return {
    sql: compiled.sql,
    slots: compiled.parameters.map((value) =>
      typeof value === 'string' && value.startsWith(MARK)
        ? { param: value.slice(MARK.length) }
        : { constant: value },
    ),
  };
}

function runPlan<R>(
  target: QueryTarget,
  plan: Plan,
  params: Record<string, unknown>,
): Promise<QueryResult<R>> {
  const values = plan.slots.map((slot) => ('param' in slot ? params[slot.param] : slot.constant));
  return target.db.executeQuery<R>(CompiledQuery.raw(plan.sql, values));
}
