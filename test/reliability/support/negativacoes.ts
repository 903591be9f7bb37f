import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { DB } from '../../../src/infra/db/schema.js';
import { CREDOR, DEVEDOR_CPF } from '../../support/serasa-setup.js';
import type { Cluster } from './cluster.js';

export type Provedor = 'serasa' | 'tecnospeed';

export interface Tracked {
  provedor: Provedor;
  integracaoId: string;
  /** ≤ 20 characters (Serasa's limit); unique in the run, so each is its own debt. */
  contrato: string;
  fatura: string;
  id?: string;
  /** The payment was acknowledged (or found registered): the removal is credgate's job now. */
  paid: boolean;
}

/**
 * The host system's side of the negativacao lifecycle: create each one through the API, pay it
 * once it is `inserida`, so each ends with one inclusion and one removal at its provider.
 */
export class Lifecycle {
  readonly tracked: Tracked[] = [];
  private readonly tag = randomBytes(3).toString('hex');
  private stopped = false;
  private payer?: Promise<void>;

  constructor(
    private readonly cluster: Cluster,
    private readonly db: () => Kysely<DB>,
  ) {}

  plan(count: number, provedor: Provedor, integracaoId: string): void {
    for (let i = 0; i < count; i++) {
      const n = this.tracked.length;
      this.tracked.push({
        provedor,
        integracaoId,
        contrato: `R${this.tag}-${n}`,
        fatura: `F${this.tag}-${n}`,
        paid: false,
      });
    }
  }

  /** Creates every planned negativacao, `concurrency` requests at a time, spread over time. */
  async createAll(concurrency: number, perSecond: number): Promise<void> {
    let next = 0;
    const startedAt = Date.now();
    const lane = async () => {
      while (next < this.tracked.length) {
        const item = this.tracked[next++];
        const due = startedAt + (next * 1000) / perSecond;
        if (due > Date.now()) await sleep(due - Date.now());
        item.id = await this.create(item);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
  }

  /**
   * One Idempotency-Key per negativacao, retried until answered: if the process running the
   * first request died, the retry waits out the key's lease and the re-run names what it created.
   */
  private async create(item: Tracked): Promise<string> {
    const answer = await this.cluster.api(
      'POST',
      '/v1/negativacoes',
      body(item),
      `neg-${item.contrato}`,
    );
    if (answer.status === 202) return answer.body.id as string;
    const existing = answer.body?.erro?.detalhes?.negativacao_id as string | undefined;
    if (
      answer.status === 409 &&
      answer.body?.erro?.codigo === 'negativacao_duplicada' &&
      existing
    ) {
      this.cluster.clientStats.createdEarlier++;
      return existing;
    }
    throw new Error(`create ${item.contrato}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }

  /** Pays every negativacao as soon as it is `inserida`, until `stop`. */
  startPaying(concurrency = 8): void {
    this.payer = (async () => {
      while (!this.stopped) {
        const waiting = this.tracked.filter((t) => t.id && !t.paid);
        const inserted = await this.inserted(waiting.map((t) => t.id!)).catch(() => new Set());
        const due = waiting.filter((t) => inserted.has(t.id!));
        let next = 0;
        const lane = async () => {
          while (next < due.length && !this.stopped) await this.pay(due[next++]);
        };
        await Promise.all(Array.from({ length: concurrency }, lane));
        if (due.length === 0) await sleep(250);
      }
    })();
  }

  private async inserted(ids: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db()
        .selectFrom('negativacoes')
        .select('id')
        .where('id', 'in', ids.slice(i, i + 500))
        .where('status', '=', 'inserida')
        .where('pago_em', 'is', null)
        .execute();
      for (const row of rows) found.add(row.id);
    }
    return found;
  }

  private async pay(item: Tracked): Promise<void> {
    const answer = await this.cluster.api(
      'POST',
      '/v1/pagamentos',
      { fatura: item.fatura, pago_em: new Date().toISOString() },
      `pag-${item.fatura}`,
    );
    if (answer.status === 409 && answer.body?.erro?.codigo === 'pagamento_duplicado') {
      this.cluster.clientStats.createdEarlier++;
    } else if (answer.status !== 201 && answer.status !== 200) {
      throw new Error(`pay ${item.fatura}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    item.paid = true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.payer;
  }
}

function body(item: Tracked) {
  return {
    integracao_id: item.integracaoId,
    credor: CREDOR,
    devedor: {
      documento: DEVEDOR_CPF,
      nome: 'CLIENTE TESTE ABCB',
      data_nascimento: '1980-05-10',
      endereco: {
        cep: '01001-000',
        logradouro: 'RUA EXEMPLO',
        numero: '123',
        bairro: 'CENTRO',
        cidade: 'SAO PAULO',
        uf: 'SP',
      },
    },
    contrato: item.contrato,
    valor_centavos: 15075,
    vencimento: '2025-12-10',
    natureza: 'TI',
    faturas: [item.fatura],
  };
}
