import { z } from 'zod';
import { semCamposExtras } from '../../../sandboxes/control-body.js';
import { CENARIOS, type Cenario } from './callback-scenarios.js';

const booleano = z.boolean('deve ser true ou false').default(false);

/** A run: which statuses one proposal goes through, and how the sending misbehaves. */
export const pedidoPropostaSchema = z
  .strictObject(
    {
      cenario: z
        .enum(Object.keys(CENARIOS) as [Cenario, ...Cenario[]], {
          error: `deve ser um de: ${Object.keys(CENARIOS).join(', ')}`,
        })
        .optional(),
      situacoes: z
        .array(
          z.number('deve ser um numero').int('deve ser um inteiro').min(0, 'deve ser >= 0'),
          'deve ser uma lista de numeros',
        )
        .min(1, 'ao menos uma situacao')
        .max(50, 'no maximo 50 situacoes')
        .optional(),
      /** The GUID to use; a new one when absent. Reusing one continues that proposal. */
      proposta: z.guid('deve ser um GUID').optional(),
      /** The partner's codigoOperacao, sent as `identificador`. */
      identificador: z
        .string('deve ser texto')
        .min(1, 'obrigatorio')
        .max(255, 'no maximo 255 caracteres')
        .optional(),
      duplicar: booleano,
      fora_de_ordem: booleano,
      regressao: booleano,
      autenticacao_errada: booleano,
      /** Pause between one status's delivery and the next one's, ms. */
      intervalo_ms: z
        .number('deve ser um numero')
        .int('deve ser um inteiro')
        .min(0, 'deve ser >= 0')
        .max(600_000, 'deve ser <= 600000')
        .default(0),
      /** Answer only once every callback was delivered or gave up, with all attempts. */
      aguardar: booleano,
    },
    semCamposExtras,
  )
  .superRefine((pedido, ctx) => {
    if (pedido.cenario !== undefined && pedido.situacoes !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['situacoes'],
        message: 'use cenario ou situacoes, nao os dois',
      });
    }
    const quantas = pedido.situacoes?.length ?? CENARIOS[pedido.cenario ?? 'padrao'].length;
    if (pedido.fora_de_ordem && quantas < 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['fora_de_ordem'],
        message: 'exige ao menos 2 situacoes',
      });
    }
  });

export type PedidoPropostaEntrada = z.output<typeof pedidoPropostaSchema>;

/** The statuses of a run: the free list, else the scenario (`padrao` when neither is given). */
export function situacoesDoPedido(pedido: PedidoPropostaEntrada): number[] {
  return pedido.situacoes ?? [...CENARIOS[pedido.cenario ?? 'padrao']];
}
