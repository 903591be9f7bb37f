import type { AppContext } from '../../app-context.js';
import { newId } from '../../domain/ids.js';
import type { Ambiente } from '../../providers/contract.js';
import { isoNow } from '../../infra/clock.js';
import { generateToken, sha256Hex } from '../../infra/crypto/tokens.js';
import { presentIntegracao, type IntegracaoView } from './present-integracao.js';
import { requireProvider, validateProviderConfig } from './validate-provider-config.js';

export interface CreateIntegracaoInput {
  provedor: string;
  ambiente: Ambiente;
  descricao: string;
  credenciais: unknown;
  configuracoes?: unknown;
  demo?: boolean;
}

type Deps = Pick<AppContext, 'database' | 'clock' | 'secretBox' | 'providers' | 'publicUrl'>;

export async function createIntegracao(
  ctx: Deps,
  input: CreateIntegracaoInput,
): Promise<IntegracaoView> {
  const provider = requireProvider(ctx.providers, input.provedor);
  const valid = validateProviderConfig(provider, {
    credenciais: input.credenciais,
    configuracoes: input.configuracoes,
  });
  // 256 bits: the token alone must resist guessing, before the provider's own auth is checked.
  const token = generateToken('', 32);
  const now = isoNow(ctx.clock);
  const row = {
    id: newId('integracao', ctx.clock.now().getTime()),
    provedor: provider.id,
    ambiente: input.ambiente,
    descricao: input.descricao,
    situacao: 'ativa' as const,
    configuracoes: JSON.stringify(valid.configuracoes),
    credenciais_cifradas: ctx.secretBox.sealJson(valid.credenciais),
    token_hash: sha256Hex(token),
    token_cifrado: ctx.secretBox.seal(token),
    demo: input.demo ? 1 : 0,
    produtos_sincronizados: null,
    cadastro: null,
    criada_em: now,
    atualizada_em: now,
  };
  await ctx.database.db.insertInto('integracoes').values(row).execute();
  return presentIntegracao(ctx, row);
}
