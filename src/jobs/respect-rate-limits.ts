import type { AppContext } from '../app-context.js';
import type { RegrasAcompanhamento } from '../providers/contract.js';

/** Waits for this process's global polling budget, then for the integration's own. */
export async function respectRateLimits(
  ctx: Pick<AppContext, 'rateLimiter' | 'config'>,
  integracaoId: string,
  regras: RegrasAcompanhamento,
): Promise<void> {
  await ctx.rateLimiter.acquire('acompanhamento', ctx.config.acompanhamento.limiteGlobalPorSegundo);
  if (regras.limite_por_segundo) {
    await ctx.rateLimiter.acquire(`integracao:${integracaoId}`, regras.limite_por_segundo);
  }
}
