import type { AppContext } from '../../app-context.js';
import { invalidInput, providerUnavailable, RequestError } from '../../domain/errors.js';
import type { EstadoCadastro, Recusa, ResultadoCadastro } from '../../providers/contract.js';
import { ProviderUnavailableError } from '../../providers/exchange.js';
import type { OpenedIntegracao } from './provider-clients.js';

type Deps = Pick<AppContext, 'database' | 'clock' | 'providerClients'>;

const PROXIMO_PASSO: Record<Exclude<EstadoCadastro, 'ativo'>, string> = {
  nao_cadastrado: 'cadastre a empresa: POST /v1/integracoes/{id}/cadastro',
  cadastrado: 'aguarde o contato da SCC Check para o contrato',
  aguardando_contrato:
    'assine o contrato enviado pela SCC Check; depois GET /v1/integracoes/{id}/cadastro',
};

/** Registers the integration's customer with the provider (Tecnospeed: SCC Check). */
export async function registerCadastro(ctx: Deps, integracaoId: string, empresa: unknown) {
  const opened = await ctx.providerClients.open(integracaoId);
  const { client, provider } = opened;
  if (!provider.empresaSchema || !client.cadastrar) throw semCadastro(opened);
  const parsed = provider.empresaSchema.safeParse(empresa);
  if (!parsed.success) throw invalidInput(parsed.error, 'empresa');
  return store(ctx, opened, await call(() => client.cadastrar!(parsed.data)));
}

/** Asks the provider where the customer stands now, and keeps the answer on the integration. */
export async function refreshCadastro(ctx: Deps, integracaoId: string) {
  const opened = await ctx.providerClients.open(integracaoId);
  if (!opened.client.situacaoCadastro) throw semCadastro(opened);
  return store(ctx, opened, await call(() => opened.client.situacaoCadastro!()));
}

/**
 * Consultas and negativacoes go through only once the customer is active. The state last seen
 * is trusted when it says `ativo`; anything else is checked again with the provider first, so
 * the operator never has to tell credgate that the contract was signed.
 */
export async function ensureCadastroAtivo(ctx: Deps, opened: OpenedIntegracao): Promise<void> {
  if (!opened.client.situacaoCadastro) return;
  const stored = opened.integracao.cadastro
    ? (JSON.parse(opened.integracao.cadastro) as { estado: EstadoCadastro })
    : null;
  if (stored?.estado === 'ativo') return;
  const { estado } = await refreshCadastro(ctx, opened.integracao.id);
  if (estado === 'ativo') return;
  throw new RequestError(
    409,
    'cadastro_pendente',
    `a empresa desta integracao ainda nao esta ativa no provedor (cadastro: ${estado}); ${PROXIMO_PASSO[estado].replace('{id}', opened.integracao.id)}`,
    'integracao_id',
  );
}

async function call(operation: () => Promise<ResultadoCadastro | Recusa>) {
  try {
    const result = await operation();
    if (result.tipo === 'recusada') {
      throw new RequestError(
        result.codigo === 'credenciais_invalidas' ? 424 : 422,
        result.codigo,
        result.mensagem,
      );
    }
    return result;
  } catch (error) {
    if (!(error instanceof ProviderUnavailableError)) throw error;
    throw providerUnavailable(`o provedor nao respondeu: ${error.message}`, error.retryAfterMs);
  }
}

async function store(ctx: Deps, opened: OpenedIntegracao, result: ResultadoCadastro) {
  const cadastro = { estado: result.estado, verificado_em: ctx.clock.now().toISOString() };
  await ctx.database.db
    .updateTable('integracoes')
    .set({ cadastro: JSON.stringify(cadastro) })
    .where('id', '=', opened.integracao.id)
    .execute();
  ctx.providerClients.forget(opened.integracao.id);
  return { ...cadastro, original: result.original, trocas: result.trocas };
}

function semCadastro(opened: OpenedIntegracao) {
  return new RequestError(
    422,
    'operacao_nao_suportada',
    `o provedor ${opened.provider.id} nao tem cadastro de empresa`,
    'integracao_id',
  );
}
