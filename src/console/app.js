/* global document, window */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { sessao } from './lib/api.js';
import { useRota } from './lib/rota.js';
import { html } from './lib/ui.js';
import { Entrar } from './telas/entrar.js';
import { Integracoes, NovaIntegracao } from './telas/integracoes.js';
import { IntegracaoDetalhe } from './telas/integracao-detalhe.js';
import { Consultas } from './telas/consultas.js';
import { Negativacoes } from './telas/negativacoes.js';
import { NegativacaoDetalhe } from './telas/negativacao-detalhe.js';
import { NovaNegativacao, SubstituirNegativacao } from './telas/negativacao-formulario.js';
import { Lotes } from './telas/lotes.js';
import { Propostas, PropostaDetalhe } from './telas/propostas.js';
import { Auditoria } from './telas/auditoria.js';

const MENU = [
  ['integracoes', 'Integrações'],
  ['consultas', 'Consultas'],
  ['negativacoes', 'Negativações'],
  ['lotes', 'Lotes'],
  ['propostas', 'Propostas BMP'],
  ['auditoria', 'Auditoria'],
];

/** The screen for a route; `key` remounts it when the route's resource changes. */
function Tela({ rota }) {
  const [secao, id, acao] = rota.partes;
  const busca = rota.busca;
  switch (secao) {
    case 'integracoes':
      if (id === 'nova') return html`<${NovaIntegracao} />`;
      return id ? html`<${IntegracaoDetalhe} key=${id} id=${id} />` : html`<${Integracoes} />`;
    case 'consultas':
      return html`<${Consultas} key=${rota.caminho + busca} id=${id} busca=${busca} />`;
    case 'negativacoes':
      if (id === 'nova') return html`<${NovaNegativacao} />`;
      if (id && acao === 'substituir') return html`<${SubstituirNegativacao} key=${id} id=${id} />`;
      if (id) return html`<${NegativacaoDetalhe} key=${id} id=${id} />`;
      return html`<${Negativacoes} key=${busca.toString()} busca=${busca} />`;
    case 'lotes':
      return html`<${Lotes} key=${id ?? 'novo'} id=${id} />`;
    case 'propostas':
      return id
        ? html`<${PropostaDetalhe} key=${id} proposta=${id} busca=${busca} />`
        : html`<${Propostas} />`;
    case 'auditoria':
      return html`<${Auditoria} />`;
    default:
      return html`<h1 tabindex="-1">Página não encontrada</h1>
        <p><a href="#/integracoes">Voltar às integrações</a></p>`;
  }
}

function Console({ sair }) {
  const rota = useRota();
  const secao = rota.partes[0] ?? 'integracoes';
  useEffect(() => {
    // A new screen: move the focus to its heading, as a page load would for a screen reader.
    document.querySelector('main h1')?.focus();
    window.scrollTo(0, 0);
  }, [rota.caminho]);
  const pular = (evento) => {
    evento.preventDefault();
    document.querySelector('main h1')?.focus();
  };
  return html`<a class="pular" href="#" onClick=${pular}>Pular para o conteúdo</a>
    <header class="topo">
      <a class="marca" href="#/integracoes"><span aria-hidden="true">✓</span> credgate</a>
      <nav aria-label="Principal">
        <ul>
          ${MENU.map(
            ([caminho, nome]) =>
              html`<li>
                <a href=${`#/${caminho}`} aria-current=${secao === caminho ? 'page' : undefined}
                  >${nome}</a
                >
              </li>`,
          )}
        </ul>
      </nav>
      <button type="button" class="sair secundario" onClick=${sair}>Sair</button>
    </header>
    <main id="conteudo">
      <${Tela} rota=${rota} />
    </main>`;
}

function Raiz() {
  const [logado, setLogado] = useState(() => Boolean(sessao.chave()));
  const [motivo, setMotivo] = useState(null);
  useEffect(() => {
    const expulsar = (evento) => {
      sessao.sair();
      setMotivo(evento.detail ?? 'a chave de API nao foi aceita');
      setLogado(false);
    };
    window.addEventListener('credgate:nao-autenticado', expulsar);
    return () => window.removeEventListener('credgate:nao-autenticado', expulsar);
  }, []);
  const sair = () => {
    sessao.sair();
    setMotivo(null);
    setLogado(false);
  };
  return logado
    ? html`<${Console} sair=${sair} />`
    : html`<${Entrar} motivo=${motivo} entrou=${() => setLogado(true)} />`;
}

const raiz = document.getElementById('app');
raiz.textContent = '';
render(html`<${Raiz} />`, raiz);
