import { createHash } from 'node:crypto';
import { normalizeGuid } from '../../domain/guid.js';
import type { InboundReading, InboundRequest, SituacaoPropostaRecebida } from '../contract.js';

// A proposal-status callback (seed 003, research B.7): the query names the proposal GUID, the
// status ID and, when the partner sent one at inclusion, its codigoOperacao as `identificador`.
// Sent by POST or PUT, statuses 9 and 11 also carry `{"descricaoOcorrencia": "..."}`. BMP asks
// receivers not to map its callbacks strictly, so body fields are matched ignoring case, extra
// fields are kept, and a body that is not JSON is kept as text instead of being refused.

/** BMP names its parameters in Portuguese in one document and English in another. */
const PARAMETER_ALIASES = {
  proposta: ['proposta', 'proposal'],
  situacao: ['situacao', 'status'],
  identificador: ['identificador', 'identifier'],
} as const;

/** BMP's GUIDs are 36 characters; anything far longer is not a proposal id. */
const PROPOSTA_MAX_CHARS = 100;

function queryParameter(
  request: Pick<InboundRequest, 'query'>,
  names: readonly string[],
): string | undefined {
  for (const [key, value] of Object.entries(request.query)) {
    if (names.includes(key.toLowerCase())) {
      const text = (Array.isArray(value) ? value[0] : value)?.trim();
      return text ? text : undefined;
    }
  }
  return undefined;
}

/**
 * The proposal GUID a callback names, if any: how a refused callback is tied to its proposal, so
 * it is normalised exactly as an accepted callback's proposal is (see readCallback).
 */
export function propostaOf(request: Pick<InboundRequest, 'query'>): string | undefined {
  const proposta = queryParameter(request, PARAMETER_ALIASES.proposta);
  if (!proposta || proposta.length > PROPOSTA_MAX_CHARS) return undefined;
  return normalizeGuid(proposta);
}

export function readCallback(request: InboundRequest): InboundReading {
  const raw = queryParameter(request, PARAMETER_ALIASES.proposta);
  if (!raw) return { tipo: 'malformado', mensagem: 'parametro ausente', campo: 'proposta' };
  if (raw.length > PROPOSTA_MAX_CHARS) {
    return {
      tipo: 'malformado',
      mensagem: `deve ter no maximo ${PROPOSTA_MAX_CHARS} caracteres`,
      campo: 'proposta',
    };
  }
  // The same GUID in upper and lower case is one proposal (and one dedup key).
  const proposta = normalizeGuid(raw);
  const situacao = queryParameter(request, PARAMETER_ALIASES.situacao);
  if (!situacao || !/^\d{1,9}$/.test(situacao)) {
    return { tipo: 'malformado', mensagem: 'deve ser um numero', campo: 'situacao' };
  }
  const identificador = queryParameter(request, PARAMETER_ALIASES.identificador);
  const update: SituacaoPropostaRecebida = {
    proposta,
    situacao: Number(situacao),
    ...(identificador && { identificador }),
    ...readBody(request.body),
  };
  return {
    tipo: 'aceito',
    referencia: proposta,
    dedupKey: dedupKey(proposta, update.situacao, request.body),
    situacaoProposta: update,
  };
}

/**
 * BMP sends no event id: a callback is the same callback when it names the same proposal and
 * status with the same body bytes (research D.3 item 12).
 */
export function dedupKey(proposta: string, situacao: number, body: Buffer | null): string {
  return createHash('sha256')
    .update(`${proposta}\n${situacao}\n`)
    .update(body ?? Buffer.alloc(0))
    .digest('hex');
}

function readBody(
  body: Buffer | null,
): Pick<SituacaoPropostaRecebida, 'descricaoOcorrencia' | 'corpo'> {
  if (!body || body.length === 0) return {};
  const text = body.toString('utf8');
  let corpo: unknown;
  try {
    corpo = JSON.parse(text);
  } catch {
    return { corpo: text };
  }
  const descricao = descricaoOcorrencia(corpo);
  return { corpo, ...(descricao !== undefined && { descricaoOcorrencia: descricao }) };
}

function descricaoOcorrencia(corpo: unknown): string | undefined {
  if (typeof corpo !== 'object' || corpo === null || Array.isArray(corpo)) return undefined;
  for (const [key, value] of Object.entries(corpo)) {
    if (key.toLowerCase() !== 'descricaoocorrencia') continue;
    if (typeof value === 'string') return value.trim() || undefined;
    if (typeof value === 'number') return String(value);
  }
  return undefined;
}
