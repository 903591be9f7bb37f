import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { emitWebhook } from './deliver-webhooks.js';
import {
  buildReport,
  FEATURES_INVALIDAS,
  LIMITE_EXCEDIDO_CPF,
  MASSA_TESTE,
  NAO_ENCONTRADO_CNPJ,
  NAO_ENCONTRADO_CPF,
  PRODUTOS_NAO_CONTRATADOS,
} from './report-data.js';
import { debtKey, type SandboxState } from './state.js';

export const CREDOR_NAO_PARTICIPANTE = '11444777000161';

const erro = (code: string, message: string) => [{ code, message }];

/** Serasa's wire protocol: IAM login, the two report GETs, PEFIN POST/DELETE. */
export function wireRoutes(app: FastifyInstance, state: SandboxState): void {
  app.post('/security/iam/v1/client-identities/login', async (request, reply) => {
    const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? '');
    const [clientId, secret] = basic ? Buffer.from(basic[1], 'base64').toString().split(':') : [];
    if (!clientId || !secret || secret.startsWith('invalida')) {
      return reply.code(401).send(erro('UNAUTHORIZED', 'Authorization Failed'));
    }
    state.registros.logins += 1;
    const token = randomBytes(24).toString('base64url');
    const expiresAt = Date.now() + state.config.token_ttl_segundos * 1000;
    state.tokens.set(token, { clientId, expiresAt });
    // Serasa has been seen sending an epoch string here, not a duration.
    return {
      accessToken: token,
      tokenType: 'Bearer',
      expiresIn: String(Math.floor(expiresAt / 1000)),
      scope: ['READ', 'WRITE'],
    };
  });

  const authorized = (request: FastifyRequest, reply: FastifyReply): string | null => {
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
    const token = bearer ? state.tokens.get(bearer[1]) : undefined;
    if (!token || token.expiresAt <= Date.now()) {
      void reply.code(401).send(erro('UNAUTHORIZED', 'Authorization Failed'));
      return null;
    }
    return token.clientId;
  };

  const report = (tipo: 'cpf' | 'cnpj') => async (request: FastifyRequest, reply: FastifyReply) => {
    if (!authorized(request, reply)) return reply;
    const query = request.query as Record<string, string | undefined>;
    const document = String(request.headers['x-document-id'] ?? '');
    if (!(tipo === 'cpf' ? /^\d{11}$/ : /^[0-9A-Z]{14}$/).test(document)) {
      return reply
        .code(412)
        .send(
          erro(
            'INVALID-REQUEST',
            '[ERROR][INVALID-REQUEST] informe o documento a ser consultado válido em [X-Document-Id]',
          ),
        );
    }
    if (!query.reportName) return reply.code(400).send(erro('BAD-REQUEST', 'Bad Request'));
    if (query.reportParameters) {
      try {
        const parsed = JSON.parse(Buffer.from(query.reportParameters, 'base64').toString()) as {
          reportParameters?: unknown;
        };
        if (!Array.isArray(parsed.reportParameters)) throw new Error('shape');
      } catch {
        return reply.code(400).send(erro('BAD-REQUEST', 'Bad Request'));
      }
    }
    if (document === LIMITE_EXCEDIDO_CPF)
      return reply.code(429).send(erro('TOO-MANY-REQUESTS', 'Too Many Requests'));
    if (PRODUTOS_NAO_CONTRATADOS.includes(query.reportName)) {
      return reply
        .code(412)
        .send(erro('USER-NOT-AUTHORIZED', '[ERROR][USER-NOT-AUTHORIZED] Transações negadas'));
    }
    const features = query.optionalFeatures ? query.optionalFeatures.split(',') : [];
    if (features.some((f) => FEATURES_INVALIDAS.includes(f) || /\s/.test(f))) {
      return reply
        .code(412)
        .send(
          erro(
            'INVALID-REQUEST',
            '[ERROR][INVALID-REQUEST] Features solicitadas não existem ou não estão autorizadas para o relatório',
          ),
        );
    }
    if (document === NAO_ENCONTRADO_CPF || document === NAO_ENCONTRADO_CNPJ) {
      return reply
        .code(404)
        .send(
          erro(
            'DOCUMENT_NOT_FOUND',
            '[ERROR][DOCUMENT_NOT_FOUND] Documento não encontrado na Serasa Experian',
          ),
        );
    }
    return buildReport(document, query.reportName, features);
  };
  app.get('/credit-services/person-information-report/v1/creditreport', report('cpf'));
  app.get('/credit-services/business-information-report/v1/reports', report('cnpj'));

  const respond = async (reply: FastifyReply, body: unknown) => {
    if (state.config.atraso_resposta_ms > 0) await sleep(state.config.atraso_resposta_ms);
    return reply.code(200).send(body);
  };

  const include = async (request: FastifyRequest, reply: FastifyReply) => {
    const clientId = authorized(request, reply);
    if (!clientId) return reply;
    const parsed = parseInclusion(request.body);
    if (!parsed.ok) return reply.code(400).send({ errorMessage: parsed.message });
    const body = parsed.value;
    const credor = body.creditor.documentNumber;
    if (credor === CREDOR_NAO_PARTICIPANTE) {
      return reply
        .code(400)
        .send({ errorMessage: 'RNXPIA   999 EMPRESA NAO PARTICIPANTE DO CONVENIO' });
    }
    const transactionId = randomUUID();
    const devedor = body.debtor.documentNumber;
    const contrato = body.contractNumber;
    state.registros.inclusoes.push({
      transactionId,
      recebida_em: new Date().toISOString(),
      credor,
      devedor,
      contrato,
      valor: body.value,
      categoria: body.categoryId,
    });
    const key = debtKey(credor, devedor, contrato);
    const rejected = contrato.startsWith('REJ')
      ? 'DADOS DO DEVEDOR INCONSISTENTES - INCLUSAO NAO EFETUADA'
      : state.dividas.get(key)?.ativa
        ? 'DIVIDA JA EXISTENTE PARA ESTE CONTRATO'
        : state.config.massa_teste_estrita && !(devedor in MASSA_TESTE)
          ? 'DOCUMENTO NAO PERTENCE A MASSA DE TESTE DE HOMOLOGACAO'
          : null;
    const cadusKey = `${String(state.dividas.size + 8080948).padStart(9, '0')}A`;
    if (!rejected) {
      state.dividas.set(key, {
        credor,
        devedor,
        contrato,
        valor: body.value,
        categoria: body.categoryId,
        area: body.areaInformante,
        vencimento: body.dueDate,
        cadusKey,
        cadusSerie: '001',
        exclusoes: 0,
        ativa: true,
      });
    }
    emitWebhook(state, {
      uuid: transactionId,
      evento: rejected ? 'inclusao_erro' : 'inclusao_sucesso',
      clientId,
      copias: contrato.startsWith('DUP') ? 5 : state.config.copias,
      payload: {
        uuid: transactionId,
        debtorDocument: devedor,
        creditorDocument: credor,
        requester: null,
        contract: contrato,
        debtValue: body.value,
        debtDate: body.dueDate,
        cadusKey: rejected ? null : cadusKey,
        cadusSerie: rejected ? null : '001',
        debtType: 'PEFIN',
        creditorArea: body.areaInformante,
        categoryId: body.categoryId,
        error: rejected ? { message: rejected, statusCode: 400 } : null,
      },
    });
    return respond(reply, { transactionId });
  };
  app.post('/collection/debt/', include);
  app.post('/collection/debt', include);

  const exclude = (byCadus: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const clientId = authorized(request, reply);
    if (!clientId) return reply;
    const h = request.headers as Record<string, string | undefined>;
    const missing = [
      'creditor-document',
      'debtor-document',
      'reason',
      'type',
      ...(byCadus ? [] : ['contract-number']),
    ].filter((name) => !h[name]);
    if (missing.length > 0 || h.type !== 'PEFIN' || !/^\d{1,2}$/.test(h.reason ?? '')) {
      return reply.code(400).send({
        errorMessage: `cabecalhos obrigatorios ausentes ou invalidos: ${missing.join(', ') || 'type/reason'}`,
      });
    }
    const cadus = (request.params as { cadus?: string }).cadus;
    const divida = byCadus
      ? [...state.dividas.values()].find(
          (d) => d.cadusKey === cadus && d.credor === h['creditor-document'],
        )
      : state.dividas.get(
          debtKey(h['creditor-document']!, h['debtor-document']!, h['contract-number']!),
        );
    const transactionId = randomUUID();
    const contrato = divida?.contrato ?? h['contract-number'] ?? '';
    state.registros.exclusoes.push({
      transactionId,
      recebida_em: new Date().toISOString(),
      credor: h['creditor-document']!,
      devedor: h['debtor-document']!,
      contrato,
      motivo: h.reason!,
    });
    let problem: string | null = null;
    if (!divida || !divida.ativa) problem = 'DIVIDA NAO ENCONTRADA PARA EXCLUSAO';
    else if (divida.contrato.startsWith('BXERR') && divida.exclusoes === 0)
      problem = 'EXCLUSAO NAO PROCESSADA - TENTE NOVAMENTE';
    if (divida) divida.exclusoes += 1;
    if (divida && !problem) divida.ativa = false;
    const docType = (doc: string) => (doc.length === 14 ? 'CNPJ' : 'CPF');
    emitWebhook(state, {
      uuid: transactionId,
      evento: problem ? 'exclusao_erro' : 'exclusao_sucesso',
      clientId,
      copias: contrato.startsWith('DUP') ? 5 : state.config.copias,
      payload: {
        uuid: transactionId,
        requester: null,
        creditor: { documentNumber: h['creditor-document'], documentType: 'CNPJ' },
        debtor: {
          documentNumber: h['debtor-document'],
          documentType: docType(h['debtor-document']!),
        },
        cadusKey: divida?.cadusKey ?? null,
        cadusSerie: divida?.cadusSerie ?? null,
        contractNumber: contrato,
        creditorArea: divida?.area ?? null,
        categoryId: divida?.categoria ?? null,
        writeOff: { reason: h.reason },
        // Serasa documents this statusCode as a string, unlike the inclusion's.
        error: problem ? { statusCode: '422', message: problem } : null,
      },
    });
    return respond(reply, { transactionId });
  };
  app.delete('/collection/debt/contract', exclude(false));
  app.delete('/collection/debt/cadus/:cadus', exclude(true));
}

const upTo = (max: number) => z.string().min(1).max(max);

/** The PEFIN V8 glossary: required fields and sizes of an inclusion. */
const inclusionSchema = z.object({
  value: z.number().min(10),
  areaInformante: z.string().max(4),
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  categoryId: z.string().length(2),
  debtor: z.object({
    documentNumber: z.string().regex(/^[0-9A-Z]{11,15}$/),
    name: upTo(70),
    address: z.object({
      zipCode: z.string().regex(/^\d{8}$/),
      addressLine: upTo(70),
      complement: z.string().max(20).optional(),
      district: upTo(20),
      city: upTo(20),
      state: z.string().regex(/^[A-Z]{2}$/),
    }),
  }),
  creditor: z.object({ documentNumber: z.string().regex(/^[0-9A-Z]{14}$/) }),
  contractNumber: upTo(20),
  debtType: z.literal('PEFIN'),
});

export type Inclusion = z.output<typeof inclusionSchema>;

export function parseInclusion(
  body: unknown,
): { ok: true; value: Inclusion } | { ok: false; message: string } {
  const parsed = inclusionSchema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, message: `${issue.path.join('.')}: ${issue.message}` };
}
