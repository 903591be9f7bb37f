import type { Clock } from '../../../infra/clock.js';
import type { Ambiente } from '../../contract.js';
import { configPadrao, type SandboxConfig } from './config.js';
import { CADASTRO_DEMO } from './magic.js';

/** Registration situations; the real values are undocumented, these are the sandbox's. */
export type SituacaoCadastro = 'AGUARDANDO_CONTRATO' | 'ATIVO';

export interface Cadastro {
  cnpj: string;
  situacao: SituacaoCadastro;
  /** The `POST /cadastros` body as received (the demo company has a minimal one). */
  dados: Record<string, unknown>;
  /** Issued by SCC Check at activation (here: the control route). */
  login: string | null;
  senha: string | null;
  cadastrado_em: string;
  ativado_em: string | null;
}

export interface Consulta {
  protocolo: string;
  ambiente: Ambiente;
  cnpjUsuario: string;
  documento: string;
  codConsulta: number;
  uf: string | null;
  retorno: 'JSON' | 'HTML';
  solicitada_em: string;
  /** GETs answered so far (the first `consultas_202` get 202). */
  leituras: number;
}

/** One step of a negativacao's life, known in advance; it counts once `em` has passed. */
export interface Etapa {
  situacao: string;
  /** ms epoch of the sandbox clock. */
  em: number;
  tipoHistorico: string;
  usuario: string;
  motivo: string | null;
}

export interface Negativacao {
  protocolo: string;
  ambiente: Ambiente;
  cnpjCredor: string;
  /** The validated `POST /negativacao` body, echoed by the GET. */
  pedido: PedidoNegativacao;
  etapas: Etapa[];
  baixa: { codMotivo: string; em: string } | null;
}

export interface PedidoNegativacao {
  nome: string;
  documento: string;
  endereco: string;
  enderecoComplemento: string | null;
  bairro: string;
  municipio: string;
  uf: string;
  cep: string;
  divida: {
    nossoNumero: string;
    especieTitulo: string;
    numDocumento: string;
    dataEmissao: string;
    dataVencimento: string;
    valorTitulo: number;
    numAgencia: string | null;
    numConta: string | null;
    codBanco: string | null;
    numCheque: string | null;
    codEndosso: string | null;
    codAlinea: string | null;
    codAceite: string | null;
  };
}

/** One wire call as the sandbox saw it; secrets in headers are masked. */
export interface Chamada {
  em: string;
  metodo: string;
  caminho: string;
  ambiente: Ambiente;
  headers: Record<string, string>;
  corpo: unknown;
  status: number | null;
  /** The connection was cut on purpose (`perder_resposta_negativacao`). */
  resposta_perdida: boolean;
}

/**
 * Everything one registration of the plugin remembers. Homologacao and producao share the
 * cadastros (one SCC Check contract), but a consulta or negativacao is only visible in the
 * environment that created it, as two separate systems would behave.
 */
export class SandboxState {
  config: SandboxConfig = configPadrao();
  readonly cadastros = new Map<string, Cadastro>();
  readonly consultas = new Map<string, Consulta>();
  readonly negativacoes = new Map<string, Negativacao>();
  chamadas: Chamada[] = [];
  /** Added to the injected clock by `POST /__sandbox/relogio/avancar`, ms. */
  private deslocamentoMs = 0;

  constructor(private readonly clock: Clock) {
    this.semearDemo();
  }

  now(): number {
    return this.clock.now().getTime() + this.deslocamentoMs;
  }

  agoraIso(): string {
    return new Date(this.now()).toISOString();
  }

  avancar(ms: number): void {
    this.deslocamentoMs += ms;
  }

  /** A step of `etapas_ms`, scaled, in ms. */
  duracao(etapa: keyof SandboxConfig['etapas_ms']): number {
    return this.config.etapas_ms[etapa] * this.config.escala_tempo;
  }

  reset(): void {
    this.config = configPadrao();
    this.cadastros.clear();
    this.consultas.clear();
    this.negativacoes.clear();
    this.chamadas = [];
    this.deslocamentoMs = 0;
    this.semearDemo();
  }

  private semearDemo(): void {
    const em = this.agoraIso();
    this.cadastros.set(CADASTRO_DEMO.cnpj, {
      cnpj: CADASTRO_DEMO.cnpj,
      situacao: 'ATIVO',
      dados: { cnpj: CADASTRO_DEMO.cnpj, razaoSocial: CADASTRO_DEMO.razaoSocial },
      login: CADASTRO_DEMO.login,
      senha: CADASTRO_DEMO.senha,
      cadastrado_em: em,
      ativado_em: em,
    });
  }
}
