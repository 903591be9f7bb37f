import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import {
  STATUS_NEGATIVACAO,
  STATUS_PENDENTES,
  TIPOS_HISTORICO,
  data,
  dataHora,
  documento,
  reais,
  rotulo,
} from '../lib/formato.js';
import {
  Carregando,
  Confirmar,
  Erro,
  Json,
  Selo,
  StatusNegativacao,
  Titulo,
  anunciar,
  html,
  useCarregar,
  useRepetir,
} from '../lib/ui.js';
import { TrocasNegativacao } from './auditoria-trocas.js';

const ENCERRADAS = new Set(['removida', 'rejeitada']);

/**
 * One negativação, read again every second while its status can change on its own (waiting for
 * transmission or for the provider's confirmation, or a removal under way); each change is
 * announced, so the operator sees `inserida` arrive without reloading.
 */
function useNegativacaoAoVivo(id) {
  const negativacao = useCarregar(() => api(`/v1/negativacoes/${id}`), [id]);
  const statusVisto = useRef(null);
  const n = negativacao.dados;
  useEffect(() => {
    if (!n) return;
    if (statusVisto.current && statusVisto.current !== n.status) {
      anunciar(`Status da negativação: ${rotulo(STATUS_NEGATIVACAO, n.status)}`);
    }
    statusVisto.current = n.status;
  }, [n?.status]);
  const pendente = Boolean(
    n && (STATUS_PENDENTES.has(n.status) || (n.baixa && !ENCERRADAS.has(n.status))),
  );
  // A stable one is still read every 5 s: a payment reported by the host system starts a removal
  // without anyone touching this page. Only removida and rejeitada never change again.
  useRepetir(
    async () => negativacao.definir(await api(`/v1/negativacoes/${id}`)),
    pendente ? 1000 : 5000,
    Boolean(n && !ENCERRADAS.has(n.status)),
  );
  return { negativacao, pendente };
}

export function NegativacaoDetalhe({ id }) {
  const { negativacao, pendente } = useNegativacaoAoVivo(id);
  const [erro, setErro] = useState(null);
  const n = negativacao.dados;
  if (!n) {
    return html`<${Titulo}>Negativação</${Titulo}>
      <${Erro} erro=${negativacao.erro} />${negativacao.carregando && html`<${Carregando} />`}`;
  }
  return html`<${Titulo} sub=${`${documento(n.devedor?.documento)} · contrato ${n.contrato}`}>
      ${n.devedor?.nome ?? n.id}
    </${Titulo}>
    <p><a href="#/negativacoes">← Negativações</a></p>
    <${StatusAtual} n=${n} pendente=${pendente} />
    <${Erro} erro=${erro} />
    <${Acoes} n=${n} setErro=${setErro} atualizar=${negativacao.definir} />
    <div class="colunas">
      <${Divida} n=${n} />
      <${Referencias} n=${n} />
      <${Sumula548} n=${n} />
    </div>
    <${Linha} historico=${n.historico} />
    <details class="json">
      <summary>Trocas com o provedor (auditoria)</summary>
      <${TrocasNegativacao} historico=${n.historico} />
    </details>`;
}

function StatusAtual({ n, pendente }) {
  return html`<section class="destaque" aria-labelledby="status-titulo">
    <h2 id="status-titulo">Status</h2>
    <p class="status-atual">
      <${StatusNegativacao} status=${n.status} />
      ${n.acao && html` <small>ação pendente: ${n.acao}</small>`}
      ${pendente && html` <small class="ao-vivo">atualizando a cada segundo</small>`}
    </p>
    ${
      n.erro &&
      html`<div class="erro" role="alert">
        <strong>${n.erro.codigo ?? 'erro do provedor'}</strong>
        <p>${n.erro.mensagem}</p>
      </div>`
    }
    ${
      n.transmissao?.incerta &&
      html`<p class="aviso">
        Transmissão com resultado incerto desde ${dataHora(n.transmissao.desde)}: aguardando a
        confirmação do provedor antes de qualquer reenvio.
      </p>`
    }
    ${
      n.sinalizada_em &&
      html`<p class="aviso">
        Sem confirmação do provedor no prazo (sinalizada em ${dataHora(n.sinalizada_em)}).
      </p>`
    }
  </section>`;
}

const ligacao = (rotuloLigacao, id) =>
  id &&
  html`<dt>${rotuloLigacao}</dt>
    <dd><a href=${`#/negativacoes/${id}`}>${id}</a></dd>`;

function Divida({ n }) {
  return html`<section aria-labelledby="divida-titulo">
    <h2 id="divida-titulo">Dívida</h2>
    <dl class="resumo">
      <dt>Valor</dt>
      <dd>${reais(n.valor_centavos)}</dd>
      <dt>Vencimento</dt>
      <dd>${data(n.vencimento)}</dd>
      <dt>Natureza</dt>
      <dd>${n.natureza}</dd>
      <dt>Credor</dt>
      <dd>${documento(n.credor)}</dd>
      <dt>Faturas</dt>
      <dd>${n.faturas?.length ? n.faturas.join(', ') : '—'}</dd>
      <dt>Integração</dt>
      <dd><a href=${`#/integracoes/${n.integracao_id}`}>${n.provedor}</a></dd>
      <dt>Criada</dt>
      <dd>${dataHora(n.criada_em)}</dd>
      ${ligacao('Substitui', n.substitui_id)} ${ligacao('Substituída por', n.substituida_por_id)}
    </dl>
  </section>`;
}

function Referencias({ n }) {
  const r = n.referencias ?? {};
  return html`<section aria-labelledby="referencias-titulo">
    <h2 id="referencias-titulo">Referências do provedor</h2>
    <dl class="resumo">
      <dt>Inclusão</dt>
      <dd><code>${r.inclusao ?? '—'}</code></dd>
      <dt>Baixa</dt>
      <dd><code>${r.baixa ?? '—'}</code></dd>
      ${Object.entries(r.chaves ?? {}).map(
        ([k, valor]) =>
          html`<dt>${k}</dt>
            <dd><code>${valor}</code></dd>`,
      )}
    </dl>
  </section>`;
}

/** Súmula 548/STJ: after payment the creditor has until `prazo_baixa` to have it removed. */
function Sumula548({ n }) {
  const p = n.pagamento;
  const baixa = n.baixa;
  let situacao = null;
  if (p?.prazo_baixa) {
    const hoje = new Date().toISOString().slice(0, 10);
    if (n.status === 'removida') situacao = html`<${Selo} tipo="ok">baixa confirmada</${Selo}>`;
    else if (hoje > p.prazo_baixa) situacao = html`<${Selo} tipo="erro">prazo vencido</${Selo}>`;
    else situacao = html`<${Selo} tipo="alerta">baixa pendente</${Selo}>`;
  }
  return html`<section aria-labelledby="sumula-titulo">
    <h2 id="sumula-titulo">Pagamento e prazo de baixa</h2>
    ${
      p
        ? html`<dl class="resumo">
            <dt>Pago em</dt>
            <dd>${dataHora(p.pago_em)}</dd>
            <dt>Prazo da Súmula 548</dt>
            <dd>${data(p.prazo_baixa)} ${situacao}</dd>
          </dl>`
        : html`<p>Nenhum pagamento registrado.</p>`
    }
    ${
      baixa &&
      html`<dl class="resumo">
        <dt>Baixa pedida</dt>
        <dd>${dataHora(baixa.solicitada_em)} (motivo ${baixa.motivo}, origem ${baixa.origem})</dd>
      </dl>`
    }
  </section>`;
}

function Acoes({ n, setErro, atualizar }) {
  const tabelas = useCarregar(
    () => api(`/v1/integracoes/${n.integracao_id}/produtos`),
    [n.integracao_id],
  );
  const [motivo, setMotivo] = useState('01');
  if (ENCERRADAS.has(n.status)) {
    return html`<p class="acoes">
      <a href=${`#/consultas?documento=${n.devedor?.documento}`}>Consultar este devedor</a>
    </p>`;
  }
  const motivos = Object.entries(
    tabelas.dados?.motivos_baixa ?? { '01': 'PAGAMENTO DA DIVIDA' },
  ).sort();
  const remover = async () => {
    setErro(null);
    try {
      await api(`/v1/negativacoes/${n.id}?motivo=${motivo}`, { metodo: 'DELETE' });
      atualizar(await api(`/v1/negativacoes/${n.id}`));
      anunciar('Baixa pedida');
    } catch (e) {
      setErro(e);
    }
  };
  return html`<section aria-labelledby="acoes-titulo">
    <h2 id="acoes-titulo" class="oculto">Ações</h2>
    <div class="acoes">
      ${
        !n.baixa &&
        html`<${Confirmar} rotulo="Remover (baixa)" confirmar="Confirmar baixa" executar=${remover}>
        <div class="campo">
          <label for="motivo-baixa">Motivo da baixa</label>
          <select id="motivo-baixa" value=${motivo} onChange=${(e) => setMotivo(e.currentTarget.value)}>
            ${motivos.map(([codigo, nome]) => html`<option value=${codigo}>${codigo} · ${nome}</option>`)}
          </select>
        </div>
      </${Confirmar}>`
      }
      ${!n.baixa && html`<a class="botao secundario" href=${`#/negativacoes/${n.id}/substituir`}>Substituir (corrigir)</a>`}
      <a href=${`#/consultas?documento=${n.devedor?.documento}`}>Consultar este devedor</a>
    </div>
  </section>`;
}

function Linha({ historico }) {
  return html`<section aria-labelledby="historico-titulo">
    <h2 id="historico-titulo">Histórico</h2>
    <ol class="linha-do-tempo">
      ${(historico ?? []).map(
        (e, i) =>
          html`<li key=${i}>
            <time datetime=${e.ocorrido_em}>${dataHora(e.ocorrido_em)}</time>
            <strong>${rotulo(TIPOS_HISTORICO, e.tipo)}</strong>
            ${
              e.status &&
              html`<span class="transicao">
                ${e.status_anterior && html`<${StatusNegativacao} status=${e.status_anterior} /> → `}
                <${StatusNegativacao} status=${e.status} />
              </span>`
            }
            ${e.detalhes && Object.keys(e.detalhes).length > 0 && html`<${Json} valor=${e.detalhes} resumo="Detalhes" />`}
          </li>`,
      )}
    </ol>
  </section>`;
}
