/* global FormData */
import { useState } from 'preact/hooks';
import { api, baixar } from '../lib/api.js';
import { ir } from '../lib/rota.js';
import { Acao, Erro, Titulo, anunciar, html } from '../lib/ui.js';
import { LoteDetalhe, previas } from './lote-detalhe.js';
import { useIntegracoesCom } from './selecao-integracao.js';

const COLUNAS = [
  ['credor', 'CNPJ do credor'],
  ['devedor_documento', 'CPF ou CNPJ'],
  ['devedor_nome', 'nome'],
  ['devedor_data_nascimento', 'opcional, aaaa-mm-dd ou dd/mm/aaaa'],
  ['cep, logradouro, numero, complemento, bairro, cidade, uf', 'endereço'],
  ['contrato', 'número do contrato'],
  ['valor', 'em reais: 1234.56 ou 1.234,56'],
  ['vencimento', 'aaaa-mm-dd ou dd/mm/aaaa'],
  ['natureza', 'código na tabela do provedor'],
  ['faturas', 'opcional, várias separadas por |'],
];

/**
 * Bulk negativação: a CSV (or JSON) is validated row by row with the API's own rules and shown
 * as a preview; nothing is sent until the operator confirms.
 */
export function Lotes({ id }) {
  if (id) return html`<${LoteDetalhe} id=${id} />`;
  return html`<${Titulo} sub="Muitas negativações de um arquivo, com prévia antes de enviar.">
      Lote de negativações
    </${Titulo}>
    <${Envio} />
    <section aria-labelledby="colunas-titulo">
      <h2 id="colunas-titulo">Colunas do CSV</h2>
      <p>
        Cabeçalho na primeira linha, separado por <code>;</code> ou <code>,</code>, em UTF-8.
        Em JSON: <code>{ "linhas": [ … ] }</code> com os campos de <code>POST /v1/negativacoes</code>.
      </p>
      <ul class="colunas-csv">
        ${COLUNAS.map(([nome, dica]) => html`<li><code>${nome}</code>: ${dica}</li>`)}
      </ul>
    </section>`;
}

function Envio() {
  const integracoes = useIntegracoesCom('negativacao');
  const [erro, setErro] = useState(null);
  const [ocupado, setOcupado] = useState(false);

  const enviar = async (evento) => {
    evento.preventDefault();
    setErro(null);
    const dados = new FormData(evento.currentTarget);
    const arquivo = dados.get('arquivo');
    const integracaoId = dados.get('integracao_id');
    if (!arquivo || !arquivo.size) {
      setErro({ message: 'escolha um arquivo CSV ou JSON', campo: 'arquivo' });
      return;
    }
    setOcupado(true);
    try {
      const conteudo = await arquivo.text();
      const ehJson = /\.json$/i.test(arquivo.name) || /^\s*[[{]/.test(conteudo);
      const caminho = `/v1/negativacoes/lotes?integracao_id=${encodeURIComponent(integracaoId)}`;
      const lote = ehJson
        ? await api(caminho, { metodo: 'POST', json: corpoJson(conteudo, integracaoId) })
        : await api(caminho, { metodo: 'POST', corpo: conteudo, tipo: 'text/csv' });
      previas.set(lote.id, lote);
      anunciar(`Arquivo validado: ${lote.validas} linhas válidas, ${lote.invalidas} inválidas`);
      ir(`/lotes/${lote.id}`);
    } catch (e) {
      setErro(e);
    } finally {
      setOcupado(false);
    }
  };

  return html`<form class="formulario" onSubmit=${enviar} novalidate aria-label="Enviar arquivo">
    <div class="campos">
      <div class="campo">
        <label for="l-integracao">Integração</label>
        <select id="l-integracao" name="integracao_id">
          ${(integracoes.dados ?? []).map(
            (i) => html`<option value=${i.id}>${i.descricao} (${i.provedor})</option>`,
          )}
        </select>
      </div>
      <div class="campo">
        <label for="l-arquivo">Arquivo CSV ou JSON</label>
        <input
          id="l-arquivo"
          name="arquivo"
          type="file"
          accept=".csv,.json,.txt,text/csv,application/json"
          aria-describedby="l-arquivo-dica"
        />
        <span class="dica" id="l-arquivo-dica">Até 50.000 linhas. Nada é enviado ao provedor antes da confirmação.</span>
      </div>
    </div>
    <${Erro} erro=${erro ?? integracoes.erro} titulo="Arquivo não aceito" />
    <div class="acoes">
      <button type="submit" disabled=${ocupado}>${ocupado ? 'Validando…' : 'Validar arquivo'}</button>
      <${Acao}
        classe="secundario"
        executar=${async () => {
          setErro(null);
          try {
            await baixar('/v1/negativacoes/lotes/modelo.csv', 'modelo-negativacoes.csv');
          } catch (e) {
            setErro(e);
          }
        }}
        >Baixar modelo CSV</${Acao}
      >
    </div>
  </form>`;
}

/** A JSON file: an array of rows or `{ linhas: [...] }`, sent with the chosen integration. */
function corpoJson(conteudo, integracaoId) {
  let lido;
  try {
    lido = JSON.parse(conteudo);
  } catch {
    throw Object.assign(new Error('o arquivo JSON nao e valido'), { campo: 'arquivo' });
  }
  const linhas = Array.isArray(lido) ? lido : lido.linhas;
  return { ...(Array.isArray(lido) ? {} : lido), integracao_id: integracaoId, linhas };
}
