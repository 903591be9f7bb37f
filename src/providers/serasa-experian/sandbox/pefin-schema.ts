import { z } from 'zod';
import { classifyDocument, isValidCnpj } from '../../../domain/documents.js';

/** Field rules of the PEFIN V8 glossary (research §3.3–3.5). */

const ate = (max: number) =>
  z.string('obrigatorio').trim().min(1, 'obrigatorio').max(max, `maximo ${max} caracteres`);

const valor = z
  .number('deve ser numerico')
  .min(10, 'valor minimo 10.00')
  .max(9_999_999_999_999.99, 'maximo 15 posicoes')
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, 'maximo 2 casas decimais');

/** A real calendar day (2025-02-30 is refused), without letting Date throw on garbage. */
function diaExiste(value: string): boolean {
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(value);
}

const data = z
  .string('obrigatorio')
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'formato yyyy-MM-dd')
  .refine(diaExiste, 'data inexistente');

const documento = z
  .string('obrigatorio')
  .refine((v) => classifyDocument(v)?.numero === v, 'CPF/CNPJ invalido (somente digitos)');

const cnpj = z.string('obrigatorio').refine((v) => /^[0-9A-Z]{14}$/.test(v) && isValidCnpj(v), {
  message: 'CNPJ invalido (14 posicoes)',
});

const UF = /^(AC|AL|AP|AM|BA|CE|DF|ES|GO|MA|MT|MS|MG|PA|PB|PR|PE|PI|RJ|RN|RS|RO|RR|SC|SP|SE|TO)$/;

const endereco = z.object({
  zipCode: z.string('obrigatorio').regex(/^\d{8}$/, 'CEP com 8 digitos'),
  addressLine: ate(70),
  complement: z.string().max(20, 'maximo 20 caracteres').nullish(),
  district: ate(20),
  city: ate(20),
  state: z.string('obrigatorio').regex(UF, 'UF invalida'),
});

const base = {
  value: valor,
  dueDate: data,
  categoryId: z.string('obrigatorio').regex(/^[A-Z0-9]{2}$/, '2 caracteres'),
  creditor: z.object({ documentNumber: cnpj }),
  contractNumber: ate(20),
  debtType: z.literal('PEFIN', 'deve ser PEFIN'),
};

/** `POST /collection/debt/`. Optional blocks (bankSlip, debtorDigitalContact) pass unchecked. */
export const inclusaoSchema = z.object({
  ...base,
  areaInformante: z.string('obrigatorio').max(4, 'maximo 4 caracteres'),
  debtor: z.object({ documentNumber: documento, name: ate(70), address: endereco }),
});

/** `POST /collection/debt/guarantor`: sent after the principal, same contractNumber. */
export const avalistaSchema = z.object({
  ...base,
  debtorDocument: documento,
  guarantor: z.object({
    documentNumber: documento,
    name: ate(70),
    address: endereco.extend({ number: z.string().max(10).optional() }),
  }),
});

export type Inclusao = z.output<typeof inclusaoSchema>;
export type Avalista = z.output<typeof avalistaSchema>;

/** Parses `body`, or returns the `errorMessage` naming the first bad field. */
export function parsePefin<T>(
  schema: z.ZodType<T>,
  body: unknown,
): { ok: true; value: T } | { ok: false; message: string } {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, message: `${issue.path.join('.') || 'corpo'}: ${issue.message}` };
}

/** The headers of both exclusion routes (research §3.9); `contract-number` only by contract. */
export interface PedidoExclusao {
  credor: string;
  devedor: string;
  contrato: string | null;
  motivo: string;
}

export function parseExclusao(
  headers: Record<string, string | string[] | undefined>,
  exigeContrato: boolean,
): { ok: true; value: PedidoExclusao } | { ok: false; message: string } {
  const get = (name: string) => {
    const value = headers[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  };
  const required = ['creditor-document', 'debtor-document', 'reason', 'type'];
  if (exigeContrato) required.push('contract-number');
  const missing = required.filter((name) => get(name) === null);
  if (missing.length > 0) {
    return { ok: false, message: `cabecalho obrigatorio ausente: ${missing.join(', ')}` };
  }
  if (get('type') !== 'PEFIN') return { ok: false, message: 'type: deve ser PEFIN' };
  // Documented as `reason: {Integer}` though the table prints two digits (research §3.9).
  if (!/^\d{1,2}$/.test(get('reason')!)) return { ok: false, message: 'reason: deve ser inteiro' };
  return {
    ok: true,
    value: {
      credor: get('creditor-document')!,
      devedor: get('debtor-document')!,
      contrato: get('contract-number'),
      motivo: String(Number(get('reason'))),
    },
  };
}
