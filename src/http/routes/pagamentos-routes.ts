import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { registerPagamento } from '../../use-cases/negativacoes/register-pagamento.js';
import { errorResponses } from './shared-schemas.js';

export function pagamentosRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/v1/pagamentos',
    {
      config: { reexecutavel: true },
      schema: {
        tags: ['negativacoes'],
        summary: 'Informa o pagamento de uma fatura (ou negativacao): a baixa e pedida na hora',
        description:
          'Informe `fatura` ou `negativacao_id`. Cada negativacao ativa ligada entra na fila de baixa ' +
          '(motivo pagamento) e recebe o prazo da Sumula 548/STJ: 5 dias uteis (feriados nacionais e ' +
          'bancarios); um alerta e emitido se a baixa nao estiver confirmada no 4o dia util. O mesmo ' +
          'pagamento de novo (mesma fatura ou negativacao_id e mesmo pago_em): 409 ' +
          '`pagamento_duplicado`, com os ja registrados em `detalhes.pagamentos`.',
        body: z.object({
          fatura: z.string().min(1).optional(),
          negativacao_id: z.string().min(1).optional(),
          pago_em: z.iso.datetime({ offset: true }).describe('quando o dinheiro ficou disponivel'),
        }),
        response: {
          201: z.object({
            pagamentos: z.array(z.record(z.string(), z.unknown())),
            negativacoes: z.array(z.record(z.string(), z.unknown())),
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => reply.code(201).send(await registerPagamento(ctx, request.body)),
  );
}
