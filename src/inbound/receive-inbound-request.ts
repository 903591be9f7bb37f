import type { AppContext } from '../app-context.js';
import { newId } from '../domain/ids.js';
import { isoNow, type Clock } from '../infra/clock.js';
import type { InboundCapability, InboundMethod, InboundRequest } from '../providers/contract.js';
import type { InboxWriter } from './inbox-writer.js';
import { findReceivingIntegracao, type ReceivingIntegracao } from './find-receiving-integracao.js';
import { verifyReceiverAuth } from './verify-receiver-auth.js';

export interface ReceivedRequest extends InboundRequest {
  provedor: string;
  token: string;
  /** Path as received; the token is masked before it is stored. */
  path: string;
  sourceIp: string;
}

/** Why a request was accepted or refused, as stored on the event. */
export type Veredito =
  | 'aceito'
  | 'token_desconhecido'
  | 'integracao_desativada'
  | 'metodo_nao_permitido'
  | 'ip_nao_permitido'
  | 'nao_autenticado'
  | 'malformado'
  | 'corpo_grande';

export interface InboundAnswer {
  status: number;
  body: Record<string, unknown>;
  veredito: Veredito;
  eventoId: string;
}

type Refusal = { status: number; mensagem: string; codigo?: Veredito };

// A disabled integration answers exactly as an unknown token, so the answer never tells a caller
// that a token exists; the stored verdict keeps the difference for the operator.
const REFUSALS: Record<Exclude<Veredito, 'aceito'>, Refusal> = {
  token_desconhecido: { status: 404, mensagem: 'URL de recebimento desconhecida' },
  integracao_desativada: {
    status: 404,
    mensagem: 'URL de recebimento desconhecida',
    codigo: 'token_desconhecido',
  },
  metodo_nao_permitido: {
    status: 405,
    mensagem: 'metodo HTTP nao configurado para esta integracao',
  },
  ip_nao_permitido: { status: 403, mensagem: 'endereco de origem nao permitido' },
  nao_autenticado: { status: 401, mensagem: 'autenticacao ausente ou invalida' },
  malformado: { status: 400, mensagem: 'requisicao malformada' },
  corpo_grande: { status: 413, mensagem: 'corpo acima do limite' },
};

const SECRET_HEADER = /authorization|cookie|api-key|token|secret|senha|password/i;

type Deps = Pick<AppContext, 'database' | 'clock' | 'secretBox' | 'providers'>;

/**
 * The inbox: authenticate a provider's request against its integration, store it raw (accepted
 * or not) and, when accepted, queue its processing — all before answering.
 */
export async function receiveInboundRequest(
  ctx: Deps,
  inbox: InboxWriter,
  request: ReceivedRequest,
  refusal?: 'corpo_grande',
): Promise<InboundAnswer> {
  const integracao = await findReceivingIntegracao(ctx, request.token);
  const provider = ctx.providers.get(request.provedor);
  const known =
    integracao !== undefined &&
    provider?.inbound !== undefined &&
    integracao.provedor === provider.id;
  const judgement = !known
    ? { veredito: 'token_desconhecido' as const, detalhe: {} }
    : integracao.situacao !== 'ativa'
      ? { veredito: 'integracao_desativada' as const, detalhe: {} }
      : await judge(ctx.clock, provider.inbound!, integracao, request, refusal);
  const { veredito, detalhe } = judgement;

  const eventoId = newId('eventoEntrada', ctx.clock.now().getTime());
  await inbox.store({
    id: eventoId,
    integracao_id: known ? integracao.id : null,
    provedor: request.provedor,
    metodo: request.method,
    caminho: maskToken(request.path, request.token),
    query: JSON.stringify(request.query),
    // Whatever the verdict, a known integration names its key header (a disabled one included).
    cabecalhos: JSON.stringify(
      maskHeaders(request.headers, known ? integracao.settings.cabecalho : undefined),
    ),
    corpo: request.body,
    ip_origem: request.sourceIp,
    recebido_em: isoNow(ctx.clock),
    veredito,
    referencia: referenciaOf(known ? provider.inbound : undefined, request, detalhe),
    situacao: veredito === 'aceito' ? 'pendente' : 'rejeitado',
    resultado: JSON.stringify(detalhe),
  });

  if (veredito === 'aceito') {
    return { status: 200, veredito, eventoId, body: { recebido: true, id: eventoId } };
  }
  const { status, mensagem, codigo = veredito } = REFUSALS[veredito];
  const campo = typeof detalhe.campo === 'string' ? detalhe.campo : undefined;
  const text = typeof detalhe.mensagem === 'string' ? `${mensagem}: ${detalhe.mensagem}` : mensagem;
  return {
    status,
    veredito,
    eventoId,
    body: { erro: { codigo, mensagem: text, campo } },
  };
}

interface Judgement {
  veredito: Veredito;
  detalhe: Record<string, unknown>;
}

/** The checks of an active integration, in the documented order: method, source IP, auth, shape. */
async function judge(
  clock: Clock,
  inbound: InboundCapability,
  { settings, credentials }: ReceivingIntegracao,
  request: ReceivedRequest,
  refusal: 'corpo_grande' | undefined,
): Promise<Judgement> {
  const refuse = (veredito: Veredito, detalhe: Record<string, unknown> = {}) => ({
    veredito,
    detalhe,
  });
  if (refusal) return refuse(refusal);
  if (!settings.metodos.includes(request.method as InboundMethod)) {
    return refuse('metodo_nao_permitido');
  }
  if (settings.ips_permitidos.length > 0 && !settings.ips_permitidos.includes(request.sourceIp)) {
    return refuse('ip_nao_permitido');
  }
  const auth = await verifyReceiverAuth(settings, credentials, request, clock);
  if (!auth.ok) return refuse('nao_autenticado', { motivo: auth.motivo });
  const reading = inbound.read(request);
  if (reading.tipo === 'malformado') {
    return refuse('malformado', { mensagem: reading.mensagem, campo: reading.campo });
  }
  return refuse('aceito', { referencia: reading.referencia });
}

/** Longest reference kept: it may come from an unauthenticated request. */
const MAX_REFERENCIA = 100;

function referenciaOf(
  inbound: InboundCapability | undefined,
  request: ReceivedRequest,
  detalhe: Record<string, unknown>,
): string | null {
  const referencia =
    inbound?.referenciaDe?.(request) ??
    (typeof detalhe.referencia === 'string' ? detalhe.referencia : undefined);
  return referencia?.slice(0, MAX_REFERENCIA) ?? null;
}

function maskToken(path: string, token: string): string {
  return token ? path.replace(token, `${token.slice(0, 4)}…`) : path;
}

function maskHeaders(
  headers: InboundRequest['headers'],
  extraSecret: string | undefined,
): Record<string, unknown> {
  const extra = extraSecret?.toLowerCase();
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      SECRET_HEADER.test(name) || name === extra ? '[mascarado]' : value,
    ]),
  );
}
