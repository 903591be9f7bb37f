import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { classifyDocument, type TipoDocumento } from '../../../domain/documents.js';
import { authorize } from './iam.js';
import {
  FEATURES_INVALIDAS,
  LIMITE_EXCEDIDO_CPF,
  NAO_ENCONTRADO_CNPJ,
  NAO_ENCONTRADO_CPF,
} from './magic.js';
import { relatorioPf, relatorioPj, type PedidoRelatorio } from './report-body.js';
import type { SandboxState } from './state.js';
import { isUf } from '../../../domain/ufs.js';
import { erroSerasa, MENSAGENS } from './wire-http.js';

/** `{"reportParameters":[{"name":"SCORE","value":"HRLD"}]}`, Base64 in the query (§2.3). */
const reportParametersSchema = z.object({
  reportParameters: z.array(z.object({ name: z.string().min(1), value: z.string() })),
});

const ufValida = (uf: string | undefined) => uf === undefined || isUf(uf);

/** The decoded parameters ([] when absent), or null when they are not Base64 of that JSON. */
function decodeReportParameters(
  encoded: string | undefined,
): Array<{ name: string; value: string }> | null {
  if (encoded === undefined || encoded === '') return [];
  // An unencoded '+' reaches us as a space once the query string is decoded.
  const base64 = encoded.replace(/ /g, '+');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(base64)) return null;
  try {
    const json: unknown = JSON.parse(Buffer.from(base64, 'base64').toString('utf8'));
    const parsed = reportParametersSchema.safeParse(json);
    return parsed.success ? parsed.data.reportParameters : null;
  } catch {
    return null;
  }
}

type Query = Partial<
  Record<'reportName' | 'optionalFeatures' | 'reportParameters' | 'federalUnit', string>
>;

type Recusa = [status: number, code: string, message: string];

/**
 * The request as a report order, or the refusal Serasa would answer, checked in the order it
 * seems to apply them: document, request shape, rate limit, contract, features, base.
 */
function ler(
  state: SandboxState,
  tipo: TipoDocumento,
  header: unknown,
  query: Query,
): PedidoRelatorio | Recusa {
  const documento = classifyDocument(typeof header === 'string' ? header : '');
  if (!documento || documento.tipo !== tipo || documento.numero !== header) {
    return [412, 'INVALID-REQUEST', MENSAGENS.documentoInvalido];
  }
  const parametros = decodeReportParameters(query.reportParameters);
  if (!query.reportName || !parametros || !ufValida(query.federalUnit)) {
    return [400, 'BAD-REQUEST', MENSAGENS.requisicaoInvalida];
  }
  if (documento.numero === LIMITE_EXCEDIDO_CPF) {
    return [429, 'TOO-MANY-REQUESTS', MENSAGENS.limite];
  }
  if (state.config.produtos_nao_contratados.includes(query.reportName)) {
    return [412, 'USER-NOT-AUTHORIZED', MENSAGENS.transacoesNegadas];
  }
  const features = query.optionalFeatures ? query.optionalFeatures.split(',') : [];
  // Features are case-sensitive and the list takes no spaces (research §2.3).
  if (features.some((f) => FEATURES_INVALIDAS.includes(f) || !/^[A-Z0-9_]+$/.test(f))) {
    return [412, 'INVALID-REQUEST', MENSAGENS.featuresInvalidas];
  }
  if (documento.numero === NAO_ENCONTRADO_CPF || documento.numero === NAO_ENCONTRADO_CNPJ) {
    return [404, 'DOCUMENT_NOT_FOUND', MENSAGENS.naoEncontrado];
  }
  return {
    documento: documento.numero,
    reportName: query.reportName,
    features,
    modeloScore: parametros.find((p) => p.name === 'SCORE')?.value,
  };
}

function answer(state: SandboxState, tipo: TipoDocumento) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!authorize(state, request, reply)) return reply;
    const pedido = ler(state, tipo, request.headers['x-document-id'], request.query as Query);
    if (Array.isArray(pedido)) return erroSerasa(reply, ...pedido);
    return reply.code(200).send(tipo === 'cpf' ? relatorioPf(pedido) : relatorioPj(pedido));
  };
}

/** The two synchronous report GETs (research §2.1); the document travels in X-Document-Id. */
export function reportRoutes(app: FastifyInstance, state: SandboxState): void {
  app.get('/credit-services/person-information-report/v1/creditreport', answer(state, 'cpf'));
  app.get('/credit-services/business-information-report/v1/reports', answer(state, 'cnpj'));
}
