import { z } from 'zod';

const inteiro = (min: number) =>
  z.number('deve ser um numero').int('deve ser um inteiro').min(min, `deve ser >= ${min}`);
const booleano = z.boolean('deve ser true ou false');

const produtoSchema = z.strictObject({
  nome: z.string('deve ser texto').min(1, 'obrigatorio'),
  /** `uf` is required (state protest search), as for codes 1 and 4 (research A.5). */
  exige_uf: booleano,
  /** Which documents the product accepts. */
  documento: z.enum(['cpf', 'cnpj', 'ambos'], 'deve ser cpf, cnpj ou ambos'),
});
export type ProdutoSandbox = z.output<typeof produtoSchema>;

const etapasSchema = z.strictObject({
  /** NEGATIVACAO_PROCESSANDO → ENVIADO (or AGUARDANDO_CORRECAO / the unknown status), ms. */
  processando: inteiro(0).optional(),
  /** NEGATIVACAO_ENVIADO → ACEITA (or REJEITADA), ms. Days in real life (carta-comunicado). */
  enviado: inteiro(0).optional(),
  /** NEGATIVACAO_BAIXA_ENVIADA → BAIXADA, ms. */
  baixa_enviada: inteiro(0).optional(),
});

const limitesSchema = z.strictObject({
  nome: inteiro(1).optional(),
  endereco: inteiro(1).optional(),
  enderecoComplemento: inteiro(1).optional(),
  bairro: inteiro(1).optional(),
  municipio: inteiro(1).optional(),
  nossoNumero: inteiro(1).optional(),
  numDocumento: inteiro(1).optional(),
  especieTitulo: inteiro(1).optional(),
});

/** Live settings of one sandbox instance, changed by `PUT /__sandbox/config`. */
export const sandboxConfigSchema = z.strictObject({
  /** How many times `GET /consultas/assincrona` answers 202 before the report. */
  consultas_202: inteiro(0).optional(),
  /** Schedule of the negativacao statuses (merged key by key). */
  etapas_ms: etapasSchema.optional(),
  /** Multiplies `etapas_ms` (0.001 turns 10 s into 10 ms). */
  escala_tempo: z.number('deve ser um numero').positive('deve ser > 0').optional(),
  /** The next N `POST /negativacao` are stored, then the connection is cut without an answer. */
  perder_resposta_negativacao: inteiro(0).optional(),
  /** login/password must equal those issued at activation (default: any non-magic pair). */
  exigir_credenciais_exatas: booleano.optional(),
  /** `POST /cadastros` activates at once (no simulated contract step). */
  ativar_cadastro_automaticamente: booleano.optional(),
  /** A second active negativacao of the same credor, documento and nossoNumero is a 422. */
  recusar_duplicadas: booleano.optional(),
  /** Accepted codMotivo values of `POST /negativacao/remover` (replaces the list). */
  motivos_baixa: z.array(z.string('deve ser texto').min(1, 'obrigatorio')).optional(),
  /** Accepted especieTitulo values; null accepts any text (the real table is unknown, A.8). */
  especies_titulo: z.array(z.string('deve ser texto').min(1, 'obrigatorio')).nullable().optional(),
  /** codConsulta → product (replaces the table). */
  produtos_consulta: z
    .record(z.string().regex(/^\d+$/, 'codigo deve ser um inteiro'), produtoSchema)
    .optional(),
  /** Maximum lengths of the negativacao text fields (merged key by key). */
  limites: limitesSchema.optional(),
});

export interface SandboxConfig {
  consultas_202: number;
  etapas_ms: Required<z.output<typeof etapasSchema>>;
  escala_tempo: number;
  perder_resposta_negativacao: number;
  exigir_credenciais_exatas: boolean;
  ativar_cadastro_automaticamente: boolean;
  recusar_duplicadas: boolean;
  motivos_baixa: string[];
  especies_titulo: string[] | null;
  produtos_consulta: Record<string, ProdutoSandbox>;
  limites: Required<z.output<typeof limitesSchema>>;
}

/**
 * codConsulta table (research A.5): 1 and 4 are documented with their `uf` rule; 2 and 3 exist
 * (the `taxas` DTO) under unknown names; 600–603 come only from one community client.
 */
const PRODUTOS_PADRAO: Record<string, ProdutoSandbox> = {
  '1': { nome: 'CREDNET PF E PJ TOP', exige_uf: true, documento: 'ambos' },
  '2': { nome: 'CONSULTA 2 (NOME NAO DOCUMENTADO)', exige_uf: false, documento: 'ambos' },
  '3': { nome: 'CONSULTA 3 (NOME NAO DOCUMENTADO)', exige_uf: false, documento: 'ambos' },
  '4': { nome: 'CREDNET LIGHT + PROTESTO ESTADUAL', exige_uf: true, documento: 'ambos' },
  '600': { nome: 'RELATORIO BASICO PF', exige_uf: false, documento: 'cpf' },
  '601': { nome: 'RELATORIO BASICO PJ', exige_uf: false, documento: 'cnpj' },
  '602': { nome: 'RELATORIO AVANCADO PF', exige_uf: false, documento: 'cpf' },
  '603': { nome: 'RELATORIO AVANCADO PJ', exige_uf: false, documento: 'cnpj' },
};

/**
 * The sandbox's defaults. The real codMotivo list is unknown (research A.7): 01–11 covers Serasa
 * PEFIN's numbering, which the adapter's default table follows.
 */
export function configPadrao(): SandboxConfig {
  return {
    consultas_202: 2,
    etapas_ms: { processando: 2_000, enviado: 10_000, baixa_enviada: 5_000 },
    escala_tempo: 1,
    perder_resposta_negativacao: 0,
    exigir_credenciais_exatas: false,
    ativar_cadastro_automaticamente: false,
    recusar_duplicadas: true,
    motivos_baixa: Array.from({ length: 11 }, (_, i) => String(i + 1).padStart(2, '0')),
    especies_titulo: null,
    produtos_consulta: structuredClone(PRODUTOS_PADRAO),
    // Generous guesses, above Serasa PEFIN's record sizes, so a valid client is never cut short.
    limites: {
      nome: 100,
      endereco: 100,
      enderecoComplemento: 60,
      bairro: 60,
      municipio: 60,
      nossoNumero: 30,
      numDocumento: 30,
      especieTitulo: 10,
    },
  };
}

/** Applies a validated update: nested tables merge key by key, lists and the product table replace. */
export function aplicarConfig(
  atual: SandboxConfig,
  update: z.output<typeof sandboxConfigSchema>,
): SandboxConfig {
  const definidos = Object.fromEntries(
    Object.entries(update).filter(([, value]) => value !== undefined),
  ) as Partial<SandboxConfig>;
  return {
    ...atual,
    ...definidos,
    etapas_ms: { ...atual.etapas_ms, ...semIndefinidos(update.etapas_ms) },
    limites: { ...atual.limites, ...semIndefinidos(update.limites) },
  };
}

function semIndefinidos<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
