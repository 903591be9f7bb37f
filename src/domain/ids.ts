import { randomFillSync } from 'node:crypto';
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
  negativacao: 'neg',
  evento: 'nev',
  pagamento: 'pag',
  alerta: 'alr',
  consulta: 'con',
  proposta: 'prp',
  propostaSituacao: 'pst',
  /** Host-facing events (table `eventos`). */
  eventoSaida: 'evt',
  /** Bulk uploads (negativacoes/lotes). */
  lote: 'lot',
  /** Outbound webhook endpoints. */
  webhook: 'whk',
  /** One event for one endpoint: the Standard Webhooks message, its id is `webhook-id`. */
  entrega: 'msg',
  entregaTentativa: 'ten',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

/**
 * ulid's default source asks the OS for one random byte per character (16 calls per id); drawing
 * from a refilled 4 KiB buffer of the same CSPRNG gives the same randomness at a fraction of
 * the cost on the ingest path.
 */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;
function pooledRandom(): number {
  if (poolOffset >= pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  return pool[poolOffset++] / 256;
}

const nextUlid = monotonicFactory(pooledRandom);

export function newId(kind: IdKind, nowMs: number = Date.now()): string {
  return `${ID_PREFIXES[kind]}_${nextUlid(nowMs).toLowerCase()}`;
}

/** Whether `value` has the shape `newId(kind)` gives: prefix and a lowercase ULID. */
export function isIdOf(kind: IdKind, value: string): boolean {
  return (
    value.startsWith(`${ID_PREFIXES[kind]}_`) &&
    ULID.test(value.slice(ID_PREFIXES[kind].length + 1))
  );
}

const ULID = /^[0-9a-hjkmnp-tv-z]{26}$/;
