/* global window */
import { useState } from 'preact/hooks';
import { api, consulta as qs } from '../lib/api.js';
import { STATUS_NEGATIVACAO, data, dataHora, documento, reais } from '../lib/formato.js';
import { ir, link } from '../lib/rota.js';
import {
  Carregando,
  Erro,
  MaisResultados,
  StatusNegativacao,
  Tabela,
  Titulo,
  html,
  useCarregar,
} from '../lib/ui.js';

const FILTROS = ['status', 'documento', 'contrato', 'pendencia'];

/** Negativações with status and document filters; the filters live in the URL (bookmarkable). */
export function Negativacoes({ busca }) {
  const filtros = Object.fromEntries(FILTROS.map((f) => [f, busca.get(f) ?? '']));
  const [campos, setCampos] = useState(filtros);
  const editar = (nome) => (e) => setCampos({ ...campos, [nome]: e.currentTarget.value });
  const [pagina, setPagina] = useState({ dados: [], proximo: null });
  const lista = useCarregar(async () => {
    const primeira = await api(`/v1/negativacoes${qs({ ...filtros, limite: 50 })}`);
    setPagina(primeira);
    return primeira;
  }, []);
  const mais = async () => {
    const seguinte = await api(
      `/v1/negativacoes${qs({ ...filtros, limite: 50, apos: pagina.proximo })}`,
    );
    setPagina({ dados: [...pagina.dados, ...seguinte.dados], proximo: seguinte.proximo });
  };
  const filtrar = (evento) => {
    evento.preventDefault();
    const valores = Object.fromEntries(FILTROS.map((f) => [f, campos[f].trim()]));
    const alvo = link('/negativacoes', valores);
    if (window.location.hash === alvo) void lista.recarregar();
    else ir(alvo.slice(1));
  };

  return html`<${Titulo} sub="Inclusões e baixas de dívidas nos bureaus, com o histórico de cada uma.">
      Negativações
    </${Titulo}>
    <p class="acoes">
      <a class="botao" href="#/negativacoes/nova">Nova negativação</a>
      <a class="botao secundario" href="#/lotes">Enviar lote (CSV ou JSON)</a>
    </p>
    <form class="filtros" onSubmit=${filtrar} role="search" aria-label="Filtrar negativações">
      <div class="campo">
        <label for="n-status">Status</label>
        <select id="n-status" value=${campos.status} onChange=${editar('status')}>
          <option value="">Todos</option>
          ${Object.entries(STATUS_NEGATIVACAO).map(
            ([codigo, nome]) => html`<option value=${codigo}>${nome}</option>`,
          )}
        </select>
      </div>
      <div class="campo">
        <label for="n-documento">Documento do devedor</label>
        <input
          id="n-documento"
          value=${campos.documento}
          onInput=${editar('documento')}
          autocomplete="off"
        />
      </div>
      <div class="campo">
        <label for="n-contrato">Contrato</label>
        <input
          id="n-contrato"
          value=${campos.contrato}
          onInput=${editar('contrato')}
          autocomplete="off"
        />
      </div>
      <div class="campo">
        <label for="n-pendencia">Pendência</label>
        <select id="n-pendencia" value=${campos.pendencia} onChange=${editar('pendencia')}>
          <option value="">Qualquer</option>
          <option value="sem_confirmacao">Sem confirmação no prazo</option>
          <option value="transmissao_incerta">Transmissão incerta</option>
        </select>
      </div>
      <button type="submit">Filtrar</button>
    </form>
    <${Erro} erro=${lista.erro} />
    ${
      lista.carregando && !lista.dados
        ? html`<${Carregando} />`
        : pagina.dados.length === 0
          ? html`<p role="status">Nenhuma negativação encontrada.</p>`
          : html`<${Tabela} rotulo="Negativações">
            <thead>
              <tr>
                <th scope="col">Devedor</th>
                <th scope="col">Contrato</th>
                <th scope="col">Valor</th>
                <th scope="col">Vencimento</th>
                <th scope="col">Status</th>
                <th scope="col">Atualizada</th>
              </tr>
            </thead>
            <tbody>
              ${pagina.dados.map(
                (n) =>
                  html`<tr key=${n.id}>
                    <td>
                      <a href=${`#/negativacoes/${n.id}`}>${n.devedor?.nome ?? n.id}</a>
                      <br /><small>${documento(n.devedor?.documento)}</small>
                    </td>
                    <td>${n.contrato}</td>
                    <td class="numero">${reais(n.valor_centavos)}</td>
                    <td>${data(n.vencimento)}</td>
                    <td><${StatusNegativacao} status=${n.status} /></td>
                    <td>${dataHora(n.atualizada_em)}</td>
                  </tr>`,
              )}
            </tbody>
          </${Tabela}>`
    }
    <${MaisResultados} proximo=${pagina.proximo} carregar=${mais} />`;
}
