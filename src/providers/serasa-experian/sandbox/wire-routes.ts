import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
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
    const body = (request.body ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const problem = validateInclusion(body);
    if (problem) return reply.code(400).send({ errorMessage: problem });
    const credor = String(body.creditor.documentNumber);
    if (credor === CREDOR_NAO_PARTICIPANTE) {
      return reply
        .code(400)
        .send({ errorMessage: 'RNXPIA   999 EMPRESA NAO PARTICIPANTE DO CONVENIO' });
    }
    const transactionId = randomUUID();
    const devedor = String(body.debtor.documentNumber);
    const contrato = String(body.contractNumber);
    state.registros.inclusoes.push({
      transactionId,
      recebida_em: new Date().toISOString(),
      credor,
      devedor,
      contrato,
      valor: Number(body.value),
      categoria: String(body.categoryId),
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
        valor: Number(body.value),
        categoria: String(body.categoryId),
        area: String(body.areaInformante),
        vencimento: String(body.dueDate),
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
        debtValue: Number(body.value),
        debtDate: String(body.dueDate),
        cadusKey: rejected ? null : cadusKey,
        cadusSerie: rejected ? null : '001',
        debtType: 'PEFIN',
        creditorArea: String(body.areaInformante),
        categoryId: String(body.categoryId),
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
      return reply
        .code(400)
        .send({
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

/** The PEFIN V8 glossary's required fields and sizes. */
function validateInclusion(body: Record<string, any>): string | null {
  // eslint-disable-line @typescript-eslint/no-explicit-any
  const address = body.debtor?.address ?? {};
  const checks: Array<[boolean, string]> = [
    [
      typeof body.value === 'number' && body.value >= 10,
      'value deve ser numerico e no minimo 10.00',
    ],
    [/^\d{4}-\d{2}-\d{2}$/.test(String(body.dueDate)), 'dueDate deve estar no formato yyyy-MM-dd'],
    [
      typeof body.categoryId === 'string' && body.categoryId.length === 2,
      'categoryId deve ter 2 caracteres',
    ],
    [
      typeof body.areaInformante === 'string' && body.areaInformante.length <= 4,
      'areaInformante ate 4 caracteres',
    ],
    [
      /^[0-9A-Z]{11,15}$/.test(String(body.debtor?.documentNumber)),
      'debtor.documentNumber invalido',
    ],
    [
      typeof body.debtor?.name === 'string' && body.debtor.name.length <= 70,
      'debtor.name obrigatorio, ate 70',
    ],
    [/^\d{8}$/.test(String(address.zipCode)), 'debtor.address.zipCode deve ter 8 digitos'],
    [
      typeof address.addressLine === 'string' && address.addressLine.length <= 70,
      'debtor.address.addressLine ate 70',
    ],
    [
      address.complement === undefined || String(address.complement).length <= 20,
      'debtor.address.complement ate 20',
    ],
    [
      typeof address.district === 'string' && address.district.length <= 20,
      'debtor.address.district ate 20',
    ],
    [typeof address.city === 'string' && address.city.length <= 20, 'debtor.address.city ate 20'],
    [/^[A-Z]{2}$/.test(String(address.state)), 'debtor.address.state deve ter 2 letras'],
    [
      /^[0-9A-Z]{14}$/.test(String(body.creditor?.documentNumber)),
      'creditor.documentNumber invalido',
    ],
    [
      typeof body.contractNumber === 'string' && body.contractNumber.length <= 20,
      'contractNumber ate 20',
    ],
    [body.debtType === 'PEFIN', 'debtType deve ser PEFIN'],
  ];
  return checks.find(([ok]) => !ok)?.[1] ?? null;
}
