import { monotonicFactory } from 'ulid';

/**
 * Prefixed, time-sortable ids: the kind of an id is readable in a log line or a support ticket,
 * and ordering by id is ordering by creation, which cursor pagination relies on.
 */
const ID_PREFIXES = {
  integracao: 'int',
  eventoEntrada: 'ent',
  job: 'job',
  apiKey: 'key',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

const nextUlid = monotonicFactory();

export function newId(kind: IdKind, nowMs: number = Date.now()): string {
  return `${ID_PREFIXES[kind]}_${nextUlid(nowMs).toLowerCase()}`;
}
