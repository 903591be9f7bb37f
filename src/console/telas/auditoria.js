import { useState } from 'preact/hooks';
import { api, consulta as qs } from '../lib/api.js';
import { STATUS_NEGATIVACAO, dataHora, documento, json } from '../lib/formato.js';
import {
  Carregando,
  Erro,
  MaisResultados,
  Selo,
  StatusNegativacao,
  Titulo,
  html,
  useCarregar,
} from '../lib/ui.js';
import { TrocasConsulta, TrocasNegativacao } from './auditoria-trocas.js';
import { useTodasIntegracoes } from './selecao-integracao.js';

const ABAS = [
  ['eventos', 'Eventos recebidos'],
  ['consultas', 'Trocas de consultas'],
  ['negativacoes', 'Transmissões de negativações'],
];

/** Inbound events and provider exchanges as stored (secrets masked by the API), filterable. */
export function Auditoria() {
  const [aba, setAba] = useState('eventos');
  const integracoes = useTodasIntegracoes();
  return html`<${Titulo} sub="O que os provedores enviaram e o que trocamos com eles, com segredos mascarados.">
      Auditoria
    </${Titulo}>
    <div class="abas" role="group" aria-label="Seção da auditoria">
      ${ABAS.map(
        ([id, nome]) =>
          html`<button
            type="button"
            class=${aba === id ? '' : 'secundario'}
            aria-pressed=${aba === id ? 'true' : 'false'}
            onClick=${() => setAba(id)}
          >
            ${nome}
          </button>`,
      )}
    </div>
    <${Lista} key=${aba} aba=${aba} integracoes=${integracoes.dados ?? []} />`;
}

const FILTROS = {
  eventos: {
    rota: '/v1/eventos-entrada',
    campos: [
      [
        'situacao',
        'Situação',
        ['pendente', 'processado', 'rejeitado', 'falhou', 'sem_correspondencia'],
      ],
    ],
  },
  consultas: {
    rota: '/v1/consultas',
    campos: [
      ['documento', 'Documento'],
      ['situacao', 'Situação', ['processando', 'concluida', 'erro']],
    ],
  },
  negativacoes: {
    rota: '/v1/negativacoes',
    campos: [
      ['documento', 'Documento do devedor'],
      ['status', 'Status', Object.keys(STATUS_NEGATIVACAO)],
    ],
  },
};

function Lista({ aba, integracoes }) {
  const definicao = FILTROS[aba];
  const vazio = {
    integracao_id: '',
    ...Object.fromEntries(definicao.campos.map(([n]) => [n, ''])),
  };
  const [filtros, setFiltros] = useState(vazio);
  const [aplicados, setAplicados] = useState(vazio);
  const [pagina, setPagina] = useState({ dados: [], proximo: null });
  const lista = useCarregar(async () => {
    const primeira = await api(`${definicao.rota}${qs({ ...aplicados, limite: 25 })}`);
    setPagina(primeira);
    return primeira;
  }, [aplicados]);
  const mais = async () => {
    const seguinte = await api(
      `${definicao.rota}${qs({ ...aplicados, limite: 25, apos: pagina.proximo })}`,
    );
    setPagina({ dados: [...pagina.dados, ...seguinte.dados], proximo: seguinte.proximo });
  };
  const editar = (nome) => (e) => setFiltros({ ...filtros, [nome]: e.currentTarget.value });
  const Item = { eventos: Evento, consultas: ConsultaAuditada, negativacoes: NegativacaoAuditada }[
    aba
  ];

  return html`<form
      class="filtros"
      role="search"
      aria-label="Filtrar auditoria"
      onSubmit=${(e) => {
        e.preventDefault();
        setAplicados({ ...filtros });
      }}
    >
      <div class="campo">
        <label for="a-integracao">Integração</label>
        <select
          id="a-integracao"
          value=${filtros.integracao_id}
          onChange=${editar('integracao_id')}
        >
          <option value="">Todas</option>
          ${integracoes.map((i) => html`<option value=${i.id}>${i.descricao}</option>`)}
        </select>
      </div>
      ${definicao.campos.map(([nome, rotulo, opcoes]) =>
        opcoes
          ? html`<div class="campo">
              <label for=${`a-${nome}`}>${rotulo}</label>
              <select id=${`a-${nome}`} value=${filtros[nome]} onChange=${editar(nome)}>
                <option value="">Todas</option>
                ${opcoes.map((o) => html`<option value=${o}>${o}</option>`)}
              </select>
            </div>`
          : html`<div class="campo">
              <label for=${`a-${nome}`}>${rotulo}</label>
              <input
                id=${`a-${nome}`}
                value=${filtros[nome]}
                onInput=${editar(nome)}
                autocomplete="off"
              />
            </div>`,
      )}
      <button type="submit">Filtrar</button>
    </form>
    <${Erro} erro=${lista.erro} />
    ${lista.carregando && !lista.dados && html`<${Carregando} />`}
    ${lista.dados && pagina.dados.length === 0 && html`<p role="status">Nada encontrado.</p>`}
    <ul class="auditoria">
      ${pagina.dados.map((item) => html`<li key=${item.id}><${Item} item=${item} /></li>`)}
    </ul>
    <${MaisResultados} proximo=${pagina.proximo} carregar=${mais} />`;
}

/** A <details> whose content is built (and loaded) only once opened. */
function Expandir({ resumo, children }) {
  const [aberto, setAberto] = useState(false);
  return html`<details onToggle=${(e) => e.currentTarget.open && setAberto(true)}>
    <summary>${resumo}</summary>
    ${aberto && children()}
  </details>`;
}

function Evento({ item: e }) {
  const tipo = e.veredito !== 'aceito' ? 'erro' : e.situacao === 'processado' ? 'ok' : 'alerta';
  return html`<${Expandir}
    resumo=${html`<span>${dataHora(e.recebido_em)}</span> <code>${e.metodo}</code> ${e.provedor}
      <${Selo} tipo=${tipo}>${e.veredito} · ${e.situacao}</${Selo}>`}
  >
    ${() =>
      html`<dl class="resumo">
          <dt>Id</dt>
          <dd><code>${e.id}</code></dd>
          <dt>Caminho</dt>
          <dd><code>${e.caminho}</code></dd>
          <dt>Origem</dt>
          <dd>${e.ip_origem}</dd>
          <dt>Referência</dt>
          <dd>${e.referencia ?? '—'}</dd>
          <dt>Processado em</dt>
          <dd>${dataHora(e.processado_em)}</dd>
        </dl>
        <h4>Query</h4>
        <pre tabindex="0">${json(e.query)}</pre>
        <h4>Cabeçalhos</h4>
        <pre tabindex="0">${json(e.cabecalhos)}</pre>
        <h4>Corpo</h4>
        <pre tabindex="0">${e.corpo ?? '(vazio)'}</pre>
        <h4>Resultado</h4>
        <pre tabindex="0">${json(e.resultado)}</pre>`}
  </${Expandir}>`;
}

function ConsultaAuditada({ item: c }) {
  return html`<${Expandir}
    resumo=${html`<span>${dataHora(c.criada_em)}</span> ${documento(c.documento)} <code>${c.produto}</code>
      <${Selo} tipo=${c.situacao === 'concluida' ? 'ok' : c.situacao === 'erro' ? 'erro' : 'neutro'}>${c.situacao}</${Selo}>`}
  >
    ${() =>
      html`<p><a href=${`#/consultas/${c.id}`}>Abrir a consulta</a></p>
        <${TrocasConsulta} id=${c.id} />`}
  </${Expandir}>`;
}

function NegativacaoAuditada({ item: n }) {
  return html`<${Expandir}
    resumo=${html`<span>${dataHora(n.atualizada_em)}</span> ${documento(n.devedor?.documento)}
      contrato ${n.contrato} <${StatusNegativacao} status=${n.status} />`}
  >
    ${() =>
      html`<p><a href=${`#/negativacoes/${n.id}`}>Abrir a negativação</a></p>
        <${Historico} id=${n.id} />`}
  </${Expandir}>`;
}

function Historico({ id }) {
  const detalhe = useCarregar(() => api(`/v1/negativacoes/${id}`), [id]);
  if (detalhe.erro) return html`<${Erro} erro=${detalhe.erro} />`;
  if (!detalhe.dados) return html`<${Carregando} />`;
  return html`<${TrocasNegativacao} historico=${detalhe.dados.historico} />`;
}
