import type { AppContext } from '../app-context.js';
import { createIntegracao } from './integracoes/create-integracao.js';
import { updateIntegracao } from './integracoes/update-integracao.js';

/**
 * Demo mode: one integration per provider, pointing at that provider's sandbox mounted on this
 * server. Re-run at every start so the sandbox URLs follow the current address.
 */
export async function seedDemoIntegracoes(
  ctx: AppContext,
  sandboxUrl: (provider: string) => string,
) {
  for (const provider of ctx.providers.values()) {
    if (!provider.demoIntegration) continue;
    const demo = provider.demoIntegration(sandboxUrl(provider.id));
    const existing = await ctx.database.db
      .selectFrom('integracoes')
      .select('id')
      .where('provedor', '=', provider.id)
      .where('demo', '=', 1)
      .executeTakeFirst();
    const { registerInbound, ...fields } = demo;
    const integracao = existing
      ? await updateIntegracao(ctx, existing.id, {
          configuracoes: fields.configuracoes,
          // The BMP demo's callback secret is new at every start: the sandbox gets it too.
          credenciais: fields.credenciais as Record<string, unknown>,
        })
      : await createIntegracao(ctx, { provedor: provider.id, ...fields, demo: true });
    if (registerInbound && integracao.url_recebimento) {
      await registerInbound(integracao.url_recebimento);
    }
  }
}
