import { useState } from 'preact/hooks';
import { api, baixar } from '../lib/api.js';
import { dataHora, documento, reais } from '../lib/formato.js';
import {
  Acao,
  Carregando,
  Erro,
  Selo,
  Tabela,
  Titulo,
  anunciar,
  html,
  useCarregar,
  useRepetir,
} from '../lib/ui.js';

/** The upload's answer (with `invalidas_amostra`), kept for the preview screen that follows. */
export const previas = new Map();

const SITUACOES = {
  previa: 'Prévia: nada enviado ainda',
  confirmado: 'Confirmado: na fila',
  processando: 'Transmitindo',
  concluido: 'Concluído',
};

export function LoteDetalhe({ id }) {
  const lote = useCarregar(() => api(`/v1/negativacoes/lotes/${id}`), [id]);
  const [erro, setErro] = useState(null);
  const l = lote.dados;
  const andamento = l && (l.situacao === 'confirmado' || l.situacao === 'processando');
  // Progress while the queued rows transmit: the lote is read again every second.
  useRepetir(
    async () => {
      const novo = await api(`/v1/negativacoes/lotes/${id}`);
      lote.definir(novo);
      if (novo.situacao === 'concluido') anunciar('Lote concluído');
    },
    1000,
    andamento,
  );
  if (!l) {
    return html`<${Titulo}>Lote</${Titulo}>
      <${Erro} erro=${lote.erro} />${lote.carregando && html`<${Carregando} />`}`;
  }
  const confirmar = async () => {
    setErro(null);
    try {
      lote.definir(await api(`/v1/negativacoes/lotes/${id}/confirmar`, { metodo: 'POST' }));
      anunciar(`${l.validas} negativações na fila de transmissão`);
    } catch (e) {
      setErro(e);
    }
  };
  const resultado = async () => {
    setErro(null);
    try {
      await baixar(`/v1/negativacoes/lotes/${id}/resultado.csv`, `resultado-${id}.csv`);
    } catch (e) {
      setErro(e);
    }
  };

  return html`<${Titulo} sub=${`Criado em ${dataHora(l.criado_em)} · ${id}`}>Lote de negativações</${Titulo}>
    <p><a href="#/lotes">← Enviar outro arquivo</a></p>
    <section class="destaque" aria-labelledby="lote-situacao">
      <h2 id="lote-situacao">${SITUACOES[l.situacao] ?? l.situacao}</h2>
      <dl class="contagem">
        <div><dt>Linhas</dt><dd data-contagem="total">${l.total}</dd></div>
        <div><dt>Válidas</dt><dd data-contagem="validas">${l.validas}</dd></div>
        <div><dt>Inválidas</dt><dd data-contagem="invalidas">${l.invalidas}</dd></div>
      </dl>
      ${l.situacao !== 'previa' && html`<${Progresso} lote=${l} />`}
    </section>
    <${Erro} erro=${erro} />
    <div class="acoes">
      ${
        l.situacao === 'previa' &&
        html`<${Acao} executar=${confirmar} desabilitado=${!l.validas}>
        Confirmar e enviar ${l.validas} ${l.validas === 1 ? 'negativação' : 'negativações'}
      </${Acao}>`
      }
      ${
        l.situacao !== 'previa' &&
        html`<${Acao} classe=${l.situacao === 'concluido' ? '' : 'secundario'} executar=${resultado}>
        Baixar resultado (CSV)
      </${Acao}>`
      }
    </div>
    ${l.invalidas > 0 && html`<${Invalidas} id=${id} amostra=${previas.get(id)?.invalidas_amostra} />`}
    ${l.situacao === 'previa' && l.validas > 0 && html`<${Validas} id=${id} />`}`;
}

function Progresso({ lote }) {
  const p = lote.progresso ?? {};
  const feitas = Math.max(0, lote.validas - (p.pendentes ?? lote.validas));
  return html`<div class="progresso">
    <label for="lote-progresso">Processadas ${feitas} de ${lote.validas}</label>
    <progress id="lote-progresso" max=${lote.validas || 1} value=${feitas}>${feitas}</progress>
    <dl class="contagem">
      ${['criadas', 'transmitidas', 'inseridas', 'rejeitadas', 'falhas', 'pendentes'].map(
        (k) =>
          html`<div>
            <dt>${k}</dt>
            <dd data-contagem=${k}>${p[k] ?? 0}</dd>
          </div>`,
      )}
    </dl>
  </div>`;
}

/** Each invalid row with its field errors: from the upload's sample, else read from the API. */
function Invalidas({ id, amostra }) {
  const linhas = useCarregar(
    async () =>
      amostra ??
      (await api(`/v1/negativacoes/lotes/${id}/linhas?situacao=invalida&limite=100`)).dados,
    [id],
  );
  return html`<section aria-labelledby="invalidas-titulo">
    <h2 id="invalidas-titulo">Linhas inválidas</h2>
    <p class="dica">Não serão enviadas. Corrija-as no arquivo e envie um novo lote só com elas.</p>
    <${Erro} erro=${linhas.erro} />
    ${
      linhas.dados &&
      html`<${Tabela} rotulo="Linhas inválidas">
      <thead><tr><th scope="col">Linha</th><th scope="col">Erros</th></tr></thead>
      <tbody>
        ${linhas.dados.map(
          (linha) =>
            html`<tr key=${linha.linha} data-linha=${linha.linha}>
              <th scope="row">${linha.linha}</th>
              <td>
                <ul class="erros-linha">
                  ${(linha.erros ?? []).map(
                    (e) => html`<li><code>${e.campo}</code>: ${e.mensagem}</li>`,
                  )}
                </ul>
              </td>
            </tr>`,
        )}
      </tbody>
    </${Tabela}>`
    }
  </section>`;
}

function Validas({ id }) {
  const linhas = useCarregar(
    async () => (await api(`/v1/negativacoes/lotes/${id}/linhas?situacao=valida&limite=20`)).dados,
    [id],
  );
  const campo = (d, plano, aninhado) => d?.[plano] ?? aninhado(d ?? {}) ?? '—';
  return html`<section aria-labelledby="validas-titulo">
    <h2 id="validas-titulo">Linhas válidas (primeiras ${linhas.dados?.length ?? ''})</h2>
    <${Erro} erro=${linhas.erro} />
    ${
      linhas.dados &&
      html`<${Tabela} rotulo="Linhas válidas">
      <thead>
        <tr><th scope="col">Linha</th><th scope="col">Devedor</th><th scope="col">Contrato</th><th scope="col">Valor</th></tr>
      </thead>
      <tbody>
        ${linhas.dados.map(
          ({ linha, dados: d }) =>
            html`<tr key=${linha}>
              <th scope="row">${linha}</th>
              <td>
                ${campo(d, 'devedor_nome', (x) => x.devedor?.nome)}
                <br /><small
                  >${documento(campo(d, 'devedor_documento', (x) => x.devedor?.documento))}</small
                >
              </td>
              <td>${d?.contrato ?? '—'}</td>
              <td>${campo(d, 'valor', (x) => x.valor_centavos && reais(x.valor_centavos))}</td>
            </tr>`,
        )}
      </tbody>
    </${Tabela}>`
    }
    <p><${Selo}>${'prévia'}</${Selo}> nada foi enviado ao provedor.</p>
  </section>`;
}
