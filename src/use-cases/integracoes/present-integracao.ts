import type { Selectable } from 'kysely';
import type { AppContext } from '../../app-context.js';
import type { IntegracaoTable } from '../../infra/db/schema.js';

export type IntegracaoRow = Selectable<IntegracaoTable>;

export interface IntegracaoView {
  id: string;
  provedor: string;
  ambiente: string;
  descricao: string;
  situacao: 'ativa' | 'desativada';
  configuracoes: unknown;
  /** Which credentials are set; values are never returned. */
  credenciais: unknown;
  url_recebimento: string | null;
  /** Providers that register the customer first (Tecnospeed): where it stands, as last checked. */
  cadastro: { estado: string; verificado_em: string | null } | null;
  demo: boolean;
  criada_em: string;
  atualizada_em: string;
}

const MASK = '********';

/** The public shape of an integration: settings in clear, credentials masked, inbound URL in full. */
export function presentIntegracao(
  ctx: Pick<AppContext, 'secretBox' | 'providers' | 'publicUrl'>,
  row: IntegracaoRow,
): IntegracaoView {
  const provider = ctx.providers.get(row.provedor);
  const credentials = ctx.secretBox.openJson(row.credenciais_cifradas);
  const url = provider?.inbound
    ? `${ctx.publicUrl()}/callbacks/${row.provedor}/${ctx.secretBox.open(row.token_cifrado)}`
    : null;
  return {
    id: row.id,
    provedor: row.provedor,
    ambiente: row.ambiente,
    descricao: row.descricao,
    situacao: row.situacao,
    configuracoes: JSON.parse(row.configuracoes) as unknown,
    credenciais: maskLeaves(credentials),
    url_recebimento: url,
    cadastro: provider?.empresaSchema ? cadastroOf(row) : null,
    demo: row.demo === 1,
    criada_em: row.criada_em,
    atualizada_em: row.atualizada_em,
  };
}

/** Never checked yet: `nao_verificado` (the first consulta or negativacao checks it). */
function cadastroOf(row: IntegracaoRow): NonNullable<IntegracaoView['cadastro']> {
  if (row.cadastro) return JSON.parse(row.cadastro) as NonNullable<IntegracaoView['cadastro']>;
  return { estado: 'nao_verificado', verificado_em: null };
}

function maskLeaves(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [key, maskLeaves(child)]),
    );
  }
  return value === undefined || value === null || value === '' ? value : MASK;
}
