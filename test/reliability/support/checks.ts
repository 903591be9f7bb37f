import type { Kysely } from 'kysely';
import type { DB } from '../../../src/infra/db/schema.js';
import { bmpRecords, SITUACOES } from './bmp-load.js';
import type { Tracked } from './negativacoes.js';
import type { Providers, Setup } from './providers.js';

/** What one check found: `lost` and `duplicated` must both be 0; `problems` says where. */
export interface Finding {
  total: number;
  lost: number;
  duplicated: number;
  problems: string[];
}

const finding = (): Finding => ({ total: 0, lost: 0, duplicated: 0, problems: [] });
const note = (f: Finding, text: string) => void (f.problems.length < 10 && f.problems.push(text));

function countBy<T>(items: T[], key: (item: T) => string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

async function statuses(db: Kysely<DB>, ids: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('negativacoes')
      .select(['id', 'status'])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const row of rows) found.set(row.id, row.status);
  }
  return found;
}

/** The negativacoes still short of `removida`; the probe a scenario waits on. */
export async function notRemoved(db: Kysely<DB>, tracked: Tracked[]): Promise<number> {
  const ids = tracked.filter((t) => t.id).map((t) => t.id!);
  const found = await statuses(db, ids);
  return tracked.length - [...found.values()].filter((s) => s === 'removida').length;
}

interface SerasaRegistros {
  inclusoes: Array<{ contrato: string }>;
  exclusoes: Array<{ contrato: string }>;
  entregas: Array<{ uuid: string; status_http?: number }>;
}
interface TecnospeedRegistros {
  chamadas: Array<{ metodo: string; caminho: string; corpo: any; status: number | null }>;
}

/** Per negativacao, the inclusions and removals its provider processed or answered. */
async function providerCounts(db: Kysely<DB>, tracked: Tracked[], providers: Providers) {
  const serasa = await providers.serasa.control<SerasaRegistros>('GET', '/registros');
  const inclusoes = countBy(serasa.inclusoes, (i) => i.contrato);
  const exclusoes = countBy(serasa.exclusoes, (e) => e.contrato);
  const tecnospeed = await providers.tecnospeed.control<TecnospeedRegistros>('GET', '/registros');
  const answered = tecnospeed.chamadas.filter((c) => c.metodo === 'POST' && c.status !== null);
  const enviadas = countBy(
    answered.filter((c) => c.caminho.endsWith('/negativacao')),
    (c) => c.corpo?.divida?.nossoNumero,
  );
  const remocoes = countBy(
    answered.filter((c) => c.caminho.endsWith('/negativacao/remover')),
    (c) => c.corpo?.protocolo,
  );
  const referencias = await references(db, tracked);
  return (t: Tracked): [number, number] =>
    t.provedor === 'serasa'
      ? [inclusoes.get(t.contrato) ?? 0, exclusoes.get(t.contrato) ?? 0]
      : [enviadas.get(t.contrato) ?? 0, remocoes.get(referencias.get(t.id ?? '') ?? '') ?? 0];
}

/**
 * Every negativacao `removida` in credgate, and at its provider exactly one inclusion and one
 * removal: Serasa's records of processed requests, Tecnospeed's log of calls it answered.
 */
export async function checkNegativacoes(
  db: Kysely<DB>,
  tracked: Tracked[],
  providers: Providers,
): Promise<Finding> {
  const f = finding();
  f.total = tracked.length;
  const found = await statuses(
    db,
    tracked.filter((t) => t.id).map((t) => t.id!),
  );
  const countsOf = await providerCounts(db, tracked, providers);
  for (const t of tracked) {
    const status = t.id ? found.get(t.id) : undefined;
    if (status !== 'removida') {
      f.lost++;
      note(
        f,
        `${t.contrato} (${t.provedor}) ended ${status ?? 'never created'}${await story(db, t)}`,
      );
    }
    const [sent, removed] = countsOf(t);
    if (sent !== 1 || removed !== 1) {
      if (sent === 0 || removed === 0) f.lost++;
      f.duplicated += Math.max(0, sent - 1) + Math.max(0, removed - 1);
      note(f, `${t.contrato} (${t.provedor}): ${sent} inclusions, ${removed} removals`);
    }
  }
  return f;
}

/** A negativacao's history in one line (`tipo@ms since the first`), to tell where it stopped. */
async function story(db: Kysely<DB>, t: Tracked): Promise<string> {
  if (!t.id) return '';
  const eventos = await db
    .selectFrom('negativacao_eventos')
    .select(['tipo', 'status', 'ocorrido_em'])
    .where('negativacao_id', '=', t.id)
    .orderBy('id')
    .execute();
  const start = Date.parse(eventos[0]?.ocorrido_em ?? '');
  const jobs = await db
    .selectFrom('jobs')
    .select(['kind', 'state', 'attempt'])
    .where('payload', 'like', `%${t.id}%`)
    .execute();
  const steps = eventos.map((e) => `${e.tipo}>${e.status}@${Date.parse(e.ocorrido_em) - start}`);
  const queued = jobs.map((j) => `${j.kind}:${j.state}:${j.attempt}`);
  return ` [${steps.join(' ')}] jobs [${queued.join(' ')}]`;
}

/** Each negativacao's provider reference (the Tecnospeed protocolo). */
async function references(db: Kysely<DB>, tracked: Tracked[]): Promise<Map<string, string>> {
  const ids = tracked.filter((t) => t.id).map((t) => t.id!);
  const found = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('negativacoes')
      .select(['id', 'referencia_inclusao'])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const row of rows) if (row.referencia_inclusao) found.set(row.id, row.referencia_inclusao);
  }
  return found;
}

/**
 * Every BMP callback delivered (a 2xx from credgate) is recorded on its proposal, no status is
 * applied twice (copies and retries are recognised as duplicates), each applied status is told
 * to the host once, and every proposal ends Paga (9). A status whose processing waited for a
 * killed process's lease may find a later one applied first: it is then recorded as out of order
 * (`late`), which is the product's rule for late callbacks, not a loss.
 */
export async function checkBmp(
  db: Kysely<DB>,
  providers: Providers,
): Promise<Finding & { late: number }> {
  const f = { ...finding(), late: 0 };
  const records = await bmpRecords(providers.bmp);
  const rows = await db
    .selectFrom('proposta_situacoes')
    .innerJoin('propostas', 'propostas.id', 'proposta_situacoes.proposta_id')
    .select(['propostas.proposta', 'proposta_situacoes.situacao', 'proposta_situacoes.resultado'])
    .execute();
  const recorded = countBy(rows, (r) => `${r.proposta}|${r.situacao}`);
  const aplicadas = countBy(
    rows.filter((r) => r.resultado === 'aplicada'),
    (r) => `${r.proposta}|${r.situacao}`,
  );
  const eventos = await db
    .selectFrom('eventos')
    .select('dados')
    .where('tipo', '=', 'proposta.situacao_alterada')
    .execute();
  const told = countBy(eventos, (e) => {
    const dados = JSON.parse(e.dados) as { proposta: string; situacao: number };
    return `${dados.proposta}|${dados.situacao}`;
  });
  const finais = new Map(
    (await db.selectFrom('propostas').select(['proposta', 'situacao']).execute()).map((p) => [
      p.proposta,
      p.situacao,
    ]),
  );
  for (const record of records) {
    const seen = () =>
      rows
        .filter((r) => r.proposta === record.proposta)
        .map((r) => `${r.situacao}:${r.resultado}`)
        .join(' ');
    for (const callback of record.callbacks) {
      f.total++;
      if (callback.entregue !== true) {
        f.lost++;
        note(f, `${record.proposta} ${callback.situacao}: never answered 2xx`);
      }
    }
    for (const situacao of SITUACOES) {
      const key = `${record.proposta}|${situacao}`;
      const applied = aplicadas.get(key) ?? 0;
      if (!recorded.has(key)) {
        f.lost++;
        note(f, `${key}: delivered, never recorded (rows ${seen()})`);
      }
      if (applied === 0) f.late++;
      if (applied > 1 || (told.get(key) ?? 0) !== applied) {
        f.duplicated += Math.max(0, applied - 1) + Math.abs((told.get(key) ?? 0) - applied);
        note(f, `${key}: applied ${applied} times, ${told.get(key) ?? 0} events (rows ${seen()})`);
      }
    }
    if (finais.get(record.proposta) !== 9) {
      f.lost++;
      note(f, `${record.proposta} ended ${finais.get(record.proposta)} (rows ${seen()})`);
    }
  }
  return f;
}

export type OutboundFinding = Finding & {
  received: number;
  redelivered: number;
  refused: number;
  /** Messages the host has but credgate has not yet recorded as `entregue` (still settling). */
  unsettled: number;
};

/**
 * Every event credgate stored reached the host at least once, accepted by the reference
 * `standardwebhooks` library on arrival, every copy with the same webhook-id and body, and its
 * message ended `entregue`.
 */
export async function checkOutbound(
  db: Kysely<DB>,
  providers: Providers,
  setup: Setup,
): Promise<OutboundFinding> {
  const f = { ...finding(), received: 0, redelivered: 0, refused: 0, unsettled: 0 };
  const eventos = await db.selectFrom('eventos').select(['id', 'tipo']).execute();
  const entregas = await db
    .selectFrom('entregas')
    .select(['id', 'evento_id', 'situacao', 'tentativas', 'envio_job'])
    .where('webhook_id', '=', setup.webhookId)
    .execute();
  const porEvento = new Map(entregas.map((e) => [e.evento_id, e]));
  const bodies = new Map<string, string>();
  for (const message of providers.receptor.received) {
    f.received++;
    if (message.refused) {
      f.refused++;
      note(f, `${message.webhookId}: refused by the host (${message.refused})`);
      continue;
    }
    const earlier = bodies.get(message.webhookId);
    if (earlier === undefined) bodies.set(message.webhookId, message.body);
    else {
      f.redelivered++;
      if (earlier !== message.body) note(f, `${message.webhookId}: sent again with another body`);
    }
  }
  for (const evento of eventos) {
    f.total++;
    const entrega = porEvento.get(evento.id);
    if (!entrega || !bodies.has(entrega.id)) {
      f.lost++;
      note(f, `event ${evento.id} (${evento.tipo}) never reached the host`);
    } else if (entrega.situacao !== 'entregue') {
      f.unsettled++;
      note(
        f,
        `message ${entrega.id} is ${entrega.situacao} after ${entrega.tentativas} recorded attempts` +
          (entrega.envio_job ? `, claimed by job ${entrega.envio_job}` : ''),
      );
    }
  }
  return f;
}

/**
 * Every inbound request credgate acknowledged with a 2xx is stored: each Serasa webhook answered
 * 2xx is an inbound event (by its uuid), and each proposal has at least as many stored callbacks
 * as BMP saw answered 2xx.
 */
export async function checkAcknowledged(db: Kysely<DB>, providers: Providers): Promise<Finding> {
  const f = finding();
  const stored = await db
    .selectFrom('eventos_entrada')
    .select(['provedor', 'referencia'])
    .where('veredito', '=', 'aceito')
    .execute();
  const serasaStored = new Set(
    stored.filter((e) => e.provedor === 'serasa_experian').map((e) => e.referencia),
  );
  const bmpStored = countBy(
    stored.filter((e) => e.provedor === 'bmp'),
    (e) => e.referencia ?? undefined,
  );
  const serasa = await providers.serasa.control<SerasaRegistros>('GET', '/registros');
  for (const entrega of serasa.entregas) {
    if (!entrega.status_http || entrega.status_http >= 300) continue;
    f.total++;
    if (!serasaStored.has(entrega.uuid)) {
      f.lost++;
      note(f, `Serasa webhook ${entrega.uuid} acknowledged, not stored`);
    }
  }
  for (const record of await bmpRecords(providers.bmp)) {
    const acked = record.callbacks
      .flatMap((c) => c.tentativas)
      .filter((t) => t.status !== undefined && t.status < 300).length;
    f.total += acked;
    const missing = acked - (bmpStored.get(record.proposta) ?? 0);
    if (missing > 0) {
      f.lost += missing;
      note(f, `BMP proposal ${record.proposta}: ${missing} acknowledged callbacks not stored`);
    }
  }
  return f;
}

/** Jobs by state; `dead` must stay empty. */
export async function jobStates(db: Kysely<DB>): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('jobs')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('state')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

/** Inbound events by situacao: every acknowledged one must end `processado`. */
export async function inboundStates(db: Kysely<DB>): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('eventos_entrada')
    .select(['situacao', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('situacao')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.situacao, Number(r.n)]));
}
