import type { AppContext } from '../../app-context.js';
import type { Evento, NegativacaoRow } from './negativacao-store.js';

/**
 * The change a transmission the provider accepted makes: the negativacao awaits its webhook until
 * `confirmacao_ate` (then it is flagged), or is polled (a polled provider's bureau takes days;
 * polling flags it when it runs out).
 */
export function acceptance(
  ctx: Pick<AppContext, 'clock' | 'config'>,
  row: NegativacaoRow,
  referencia: string,
  trocas: unknown,
  polled: boolean,
  tipo?: string,
) {
  const inclusao = row.acao === 'inserir';
  const confirmacaoAte = polled
    ? null
    : new Date(ctx.clock.now().getTime() + ctx.config.negativacao.prazoConfirmacaoMs).toISOString();
  const evento: Evento = {
    tipo: tipo ?? (inclusao ? 'inclusao_transmitida' : 'baixa_transmitida'),
    detalhes: { referencia, trocas },
  };
  return {
    patch: {
      transmissao_desde: null,
      transmissao_job: null,
      transmissao_incerta: 0,
      confirmacao_ate: confirmacaoAte,
      ...(inclusao
        ? { status: 'aguardando_confirmacao_inserir' as const, referencia_inclusao: referencia }
        : { status: 'aguardando_confirmacao_remover' as const, referencia_baixa: referencia }),
    },
    evento,
  };
}
