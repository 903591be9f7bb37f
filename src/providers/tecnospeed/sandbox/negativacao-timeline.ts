import {
  MOTIVOS,
  PREFIXO_CORRECAO,
  PREFIXO_DESCONHECIDA,
  PREFIXO_PROCESSANDO,
  PREFIXO_REJEITADA,
  SITUACAO_DESCONHECIDA,
} from './magic.js';
import type { Etapa, Negativacao, PedidoNegativacao, SandboxState } from './state.js';

/** The seed's `situacao` values (001, "Conferir o status da negativacao"). */
export const SITUACOES = {
  processando: 'NEGATIVACAO_PROCESSANDO',
  enviado: 'NEGATIVACAO_ENVIADO',
  aceita: 'NEGATIVACAO_ACEITA',
  aguardandoCorrecao: 'NEGATIVACAO_AGUARDANDO_CORRECAO',
  rejeitada: 'NEGATIVACAO_REJEITADA',
  baixaEnviada: 'NEGATIVACAO_BAIXA_ENVIADA',
  baixada: 'NEGATIVACAO_BAIXADA',
} as const;

/** Who the sandbox names in `historico[].usuario` for SCC Check's own steps. */
export const USUARIO_SCC = 'SCC';

/** Statuses a baixa may start from; AGUARDANDO_CORRECAO included, as the seed's fix #1 needs it. */
const PERMITEM_BAIXA = new Set<string>([
  SITUACOES.enviado,
  SITUACOES.aceita,
  SITUACOES.aguardandoCorrecao,
]);

/** Statuses after which the debt is no longer active (a new one with the same keys may come). */
const ENCERRADAS = new Set<string>([
  SITUACOES.rejeitada,
  SITUACOES.baixaEnviada,
  SITUACOES.baixada,
]);

function etapa(situacao: string, em: number, usuario = USUARIO_SCC, motivo: string | null = null) {
  // `tipoHistorico` is the situacao without its prefix (the real values are undocumented).
  return { situacao, em, tipoHistorico: situacao.replace(/^NEGATIVACAO_/, ''), usuario, motivo };
}

type Destino = 'aceita' | 'correcao' | 'rejeitada' | 'desconhecida' | 'processando';

/** Magic prefixes of nossoNumero / numDocumento (see magic.ts) choose where the request ends. */
function destino(pedido: PedidoNegativacao): Destino {
  const chaves = [pedido.divida.nossoNumero, pedido.divida.numDocumento].map((c) =>
    c.toUpperCase(),
  );
  const tem = (prefixo: string) => chaves.some((c) => c.startsWith(prefixo));
  if (tem(PREFIXO_CORRECAO)) return 'correcao';
  if (tem(PREFIXO_REJEITADA)) return 'rejeitada';
  if (tem(PREFIXO_DESCONHECIDA)) return 'desconhecida';
  if (tem(PREFIXO_PROCESSANDO)) return 'processando';
  return 'aceita';
}

/**
 * The whole future of a new request, fixed when it arrives (later config changes do not move
 * it): PROCESSANDO, then after `processando` ms either AGUARDANDO_CORRECAO (SCC caught a data
 * problem and did not send it), the unknown status, or ENVIADO; after `enviado` more ms, ACEITA or
 * REJEITADA (Serasa's verdict).
 */
export function planejarEtapas(
  state: SandboxState,
  pedido: PedidoNegativacao,
  login: string,
): Etapa[] {
  const t0 = state.now();
  const t1 = t0 + state.duracao('processando');
  const t2 = t1 + state.duracao('enviado');
  const inicio = etapa(SITUACOES.processando, t0, login);
  switch (destino(pedido)) {
    case 'processando':
      return [inicio];
    case 'correcao':
      return [inicio, etapa(SITUACOES.aguardandoCorrecao, t1, USUARIO_SCC, MOTIVOS.correcao)];
    case 'desconhecida':
      return [inicio, etapa(SITUACAO_DESCONHECIDA, t1)];
    case 'rejeitada':
      return [
        inicio,
        etapa(SITUACOES.enviado, t1),
        etapa(SITUACOES.rejeitada, t2, USUARIO_SCC, MOTIVOS.rejeicao),
      ];
    case 'aceita':
      return [inicio, etapa(SITUACOES.enviado, t1), etapa(SITUACOES.aceita, t2)];
  }
}

/** The steps that have happened by `agora` (never empty: the first one is the arrival). */
export function etapasAte(negativacao: Negativacao, agora: number): Etapa[] {
  return negativacao.etapas.filter((e) => e.em <= agora);
}

export function situacaoAtual(negativacao: Negativacao, agora: number): Etapa {
  const passadas = etapasAte(negativacao, agora);
  return passadas[passadas.length - 1] ?? negativacao.etapas[0];
}

export const permiteBaixa = (situacao: string) => PERMITEM_BAIXA.has(situacao);
export const ativa = (situacao: string) => !ENCERRADAS.has(situacao);

/** Drops the steps not reached yet and schedules BAIXA_ENVIADA now and BAIXADA later. */
export function planejarBaixa(state: SandboxState, negativacao: Negativacao, login: string) {
  const agora = state.now();
  negativacao.etapas = [
    ...etapasAte(negativacao, agora),
    etapa(SITUACOES.baixaEnviada, agora, login),
    etapa(SITUACOES.baixada, agora + state.duracao('baixa_enviada')),
  ];
}

/**
 * The seed's `GET /negativacao?protocolo=` body, key for key. `motivo` is null unless the current
 * step carries one; `valor` is text (as the seed types it) while `valorTitulo` and
 * `historico[].valor` are numbers; bank and cheque fields the request left out are null.
 */
export function vistaNegativacao(negativacao: Negativacao, agora: number) {
  const { pedido } = negativacao;
  const atual = situacaoAtual(negativacao, agora);
  return {
    protocolo: negativacao.protocolo,
    motivo: atual.motivo,
    cnpjCredor: negativacao.cnpjCredor,
    nome: pedido.nome,
    situacao: atual.situacao,
    documento: pedido.documento,
    endereco: pedido.endereco,
    enderecoComplemento: pedido.enderecoComplemento,
    bairro: pedido.bairro,
    municipio: pedido.municipio,
    uf: pedido.uf,
    cep: pedido.cep,
    valor: pedido.divida.valorTitulo.toFixed(2),
    divida: { ...pedido.divida },
    historico: etapasAte(negativacao, agora).map((e) => ({
      valor: pedido.divida.valorTitulo,
      tipoHistorico: e.tipoHistorico,
      usuario: e.usuario,
    })),
  };
}
