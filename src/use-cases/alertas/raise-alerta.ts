import { newId } from '../../domain/ids.js';
import type { Clock } from '../../infra/clock.js';
import type { Tx } from '../../infra/db/connect-database.js';

export async function raiseAlerta(
  tx: Tx,
  clock: Clock,
  alerta: {
    tipo: string;
    mensagem: string;
    integracao_id?: string | null;
    negativacao_id?: string | null;
    detalhes?: Record<string, unknown>;
  },
): Promise<void> {
  const now = clock.now();
  await tx.db
    .insertInto('alertas')
    .values({
      id: newId('alerta', now.getTime()),
      tipo: alerta.tipo,
      mensagem: alerta.mensagem,
      integracao_id: alerta.integracao_id ?? null,
      negativacao_id: alerta.negativacao_id ?? null,
      detalhes: JSON.stringify(alerta.detalhes ?? {}),
      criado_em: now.toISOString(),
    })
    .execute();
}
