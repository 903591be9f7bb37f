import type { AppContext } from '../../app-context.js';
import { RequestError } from '../../domain/errors.js';
import type { ProdutoConsulta } from '../../providers/contract.js';
import type { OpenedIntegracao } from './provider-clients.js';

export type SituacaoProduto = 'contratado' | 'nao_contratado' | 'indeterminado' | 'nao_verificado';

export interface CatalogoIntegracao {
  sincronizado_em: string | null;
  produtos: Array<ProdutoConsulta & { situacao: SituacaoProduto }>;
  naturezas: Record<string, string>;
  motivos_baixa: Record<string, string>;
}

/** The last synchronized catalogue, or the provider's configured one when never synchronized. */
export function catalogoOf(opened: OpenedIntegracao): CatalogoIntegracao {
  if (opened.integracao.produtos_sincronizados) {
    return JSON.parse(opened.integracao.produtos_sincronizados) as CatalogoIntegracao;
  }
  return buildCatalogo(opened, null, () => 'nao_verificado');
}

function buildCatalogo(
  opened: OpenedIntegracao,
  when: string | null,
  situacao: (p: ProdutoConsulta) => SituacaoProduto,
): CatalogoIntegracao {
  const { provider, configuracoes } = opened;
  const regras = provider.negativacao?.(configuracoes);
  return {
    sincronizado_em: when,
    produtos: (provider.produtos?.(configuracoes) ?? []).map((p) => ({
      ...p,
      situacao: situacao(p),
    })),
    naturezas: regras?.naturezas ?? {},
    motivos_baixa: regras?.motivos_baixa ?? {},
  };
}

/**
 * "Sincronizar produtos": Serasa publishes no product listing, so the catalogue comes from the
 * integration's settings; with `sondar`, each product is probed at the provider (412 = not
 * contracted). The result is stored on the integration and used to validate consultas.
 */
export async function syncProdutos(
  ctx: Pick<AppContext, 'database' | 'clock' | 'providerClients'>,
  integracaoId: string,
  sondar: boolean,
): Promise<CatalogoIntegracao> {
  const opened = await ctx.providerClients.openActive(integracaoId);
  const verdicts = new Map<string, SituacaoProduto>();
  if (sondar) {
    if (!opened.client.sondarProduto) {
      throw new RequestError(
        422,
        'operacao_nao_suportada',
        'o provedor nao permite sondar produtos',
        'sondar',
      );
    }
    for (const produto of opened.provider.produtos?.(opened.configuracoes) ?? []) {
      verdicts.set(produto.codigo, await opened.client.sondarProduto(produto));
    }
  }
  const now = ctx.clock.now().toISOString();
  const catalogo = buildCatalogo(opened, now, (p) => verdicts.get(p.codigo) ?? 'nao_verificado');
  // Settings changes bump atualizada_em; a sync does not, so the client cache stays warm.
  await ctx.database.db
    .updateTable('integracoes')
    .set({ produtos_sincronizados: JSON.stringify(catalogo) })
    .where('id', '=', integracaoId)
    .execute();
  return catalogo;
}
