import type { AppContext } from '../../app-context.js';
import { notFound, RequestError } from '../../domain/errors.js';
import type { ProviderAdapter, ProviderClient } from '../../providers/contract.js';
import type { IntegracaoRow } from './present-integracao.js';

type Deps = Pick<AppContext, 'database' | 'secretBox' | 'providers' | 'clock'>;

export interface OpenedIntegracao {
  integracao: IntegracaoRow;
  provider: ProviderAdapter;
  configuracoes: unknown;
  client: ProviderClient;
}

/** How long a process trusts an integration it read; changes made in this process apply at once. */
const ROW_TTL_MS = 2000;

/**
 * One provider client per integration, rebuilt when the integration changes. Clients hold
 * in-memory state worth keeping between calls (Serasa's IAM token cache), so they are reused;
 * the integration row itself is re-read at most every 2 s (each negativacao opens it twice).
 */
export class ProviderClients {
  private readonly cache = new Map<
    string,
    { stamp: string; readAt: number; opened: OpenedIntegracao }
  >();

  /** Drops what this process remembers (called after an integration changes). */
  forget(integracaoId?: string): void {
    if (integracaoId) this.cache.delete(integracaoId);
    else this.cache.clear();
  }

  constructor(private readonly ctx: Deps) {}

  /** `campo`: the request field that named the integration, for the 404. */
  async open(integracaoId: string, campo?: string): Promise<OpenedIntegracao> {
    const fresh = this.cache.get(integracaoId);
    if (fresh && performance.now() - fresh.readAt < ROW_TTL_MS) return fresh.opened;
    const integracao = await this.ctx.database.db
      .selectFrom('integracoes')
      .selectAll()
      .where('id', '=', integracaoId)
      .executeTakeFirst();
    if (!integracao) throw notFound('integracao', integracaoId, campo);
    const cached = this.cache.get(integracaoId);
    if (cached && cached.stamp === integracao.atualizada_em) {
      const opened = { ...cached.opened, integracao };
      this.cache.set(integracaoId, { ...cached, readAt: performance.now(), opened });
      return opened;
    }
    const provider = this.ctx.providers.get(integracao.provedor);
    if (!provider?.createClient) {
      throw new RequestError(
        422,
        'operacao_nao_suportada',
        `o provedor ${integracao.provedor} nao tem cliente de API`,
        'integracao_id',
      );
    }
    const configuracoes = provider.settingsSchema.parse(JSON.parse(integracao.configuracoes));
    const client = provider.createClient({
      ambiente: integracao.ambiente,
      credenciais: provider.credentialsSchema.parse(
        this.ctx.secretBox.openJson(integracao.credenciais_cifradas),
      ),
      configuracoes,
      now: () => this.ctx.clock.now(),
    });
    const opened = { integracao, provider, configuracoes, client };
    this.cache.set(integracaoId, {
      stamp: integracao.atualizada_em,
      readAt: performance.now(),
      opened,
    });
    return opened;
  }

  /** Like `open`, for a request that needs an active integration. */
  async openActive(integracaoId: string, campo?: string): Promise<OpenedIntegracao> {
    const opened = await this.open(integracaoId, campo);
    if (opened.integracao.situacao !== 'ativa') {
      throw new RequestError(
        422,
        'integracao_desativada',
        `a integracao ${integracaoId} esta desativada`,
        'integracao_id',
      );
    }
    return opened;
  }
}
