import { z } from 'zod';
import { isoDate } from '../../infra/validation/portuguese-zod-messages.js';

// The body of `POST /v1/negativacoes` without `integracao_id` (a lote names it once), with the
// same limits and messages, so a row is refused for what the single request is refused for.
// Kept in step with `dividaBody` in src/http/routes/negativacoes-routes.ts; the lotes API test
// sends one bad body to both and compares the fields named.

const data = isoDate();
const texto = (max: number) => z.string().trim().min(1).max(max);

export const linhaSchema = z.object({
  credor: z.string(),
  devedor: z.object({
    documento: z.string(),
    nome: texto(200),
    data_nascimento: data.nullish(),
    endereco: z.object({
      cep: z.string(),
      logradouro: texto(200),
      numero: z.string().trim().max(20).nullish(),
      complemento: z.string().trim().max(100).nullish(),
      bairro: texto(200),
      cidade: texto(200),
      uf: z.string().length(2, 'use a sigla da UF, 2 letras'),
    }),
  }),
  contrato: texto(100),
  // Only the type here: zero and negatives get the domain's minimum-value refusal (422).
  valor_centavos: z.number().int('valor em centavos, inteiro'),
  vencimento: data,
  natureza: z.string().min(1),
  faturas: z.array(texto(100)).max(1000).default([]),
});

export type Linha = z.infer<typeof linhaSchema>;
