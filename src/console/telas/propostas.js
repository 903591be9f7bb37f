import { useState } from 'preact/hooks';
import { api, consulta as qs } from '../lib/api.js';
import { dataHora, humano } from '../lib/formato.js';
import {
  Carregando,
  Erro,
  Json,
  MaisResultados,
  Selo,
  Tabela,
  Titulo,
  html,
  useCarregar,
} from '../lib/ui.js';

const RESULTADOS = { aplicada: 'ok', duplicada: 'neutro', fora_de_ordem: 'alerta' };

/** BMP E-Consignado proposals, known from the callbacks BMP sent. */
export function Propostas() {
  const [filtros, setFiltros] = useState({ situacao: '', identificador: '' });
  const [aplicados, setAplicados] = useState(filtros);
  const [pagina, setPagina] = useState({ dados: [], proximo: null });
  const lista = useCarregar(async () => {
    const primeira = await api(`/v1/propostas${qs({ ...aplicados, limite: 50 })}`);
    setPagina(primeira);
    return primeira;
  }, [aplicados]);
  const mais = async () => {
    const seguinte = await api(
      `/v1/propostas${qs({ ...aplicados, limite: 50, apos: pagina.proximo })}`,
    );
    setPagina({ dados: [...pagina.dados, ...seguinte.dados], proximo: seguinte.proximo });
  };
  const editar = (nome) => (e) => setFiltros({ ...filtros, [nome]: e.currentTarget.value });

  return html`<${Titulo} sub="Propostas de consignado informadas pela BMP por callback, com todo o histórico.">
      Propostas BMP
    </${Titulo}>
    <form
      class="filtros"
      role="search"
      aria-label="Filtrar propostas"
      onSubmit=${(e) => {
        e.preventDefault();
        setAplicados({ ...filtros });
      }}
    >
      <div class="campo">
        <label for="p-situacao">Situação (id BMP)</label>
        <input id="p-situacao" type="number" min="0" value=${filtros.situacao} onInput=${editar('situacao')} />
      </div>
      <div class="campo">
        <label for="p-identificador">Identificador (codigoOperacao)</label>
        <input id="p-identificador" value=${filtros.identificador} onInput=${editar('identificador')} />
      </div>
      <button type="submit">Filtrar</button>
    </form>
    <${Erro} erro=${lista.erro} />
    ${
      lista.carregando && !lista.dados
        ? html`<${Carregando} />`
        : pagina.dados.length === 0
          ? html`<p role="status">Nenhuma proposta recebida.</p>`
          : html`<${Tabela} rotulo="Propostas">
            <thead>
              <tr>
                <th scope="col">Proposta</th>
                <th scope="col">Situação</th>
                <th scope="col">Identificador</th>
                <th scope="col">Fora de ordem</th>
                <th scope="col">Atualizada</th>
              </tr>
            </thead>
            <tbody>
              ${pagina.dados.map(
                (p) =>
                  html`<tr key=${p.id}>
                    <td>
                      <a href=${`#/propostas/${p.proposta}?integracao_id=${p.integracao_id}`}
                        ><code>${p.proposta}</code></a
                      >
                    </td>
                    <td>${p.situacao} · ${p.situacao_nome ?? '—'}</td>
                    <td>${p.identificador ?? '—'}</td>
                    <td>${p.fora_de_ordem || '—'}</td>
                    <td>${dataHora(p.atualizada_em)}</td>
                  </tr>`,
              )}
            </tbody>
          </${Tabela}>`
    }
    <${MaisResultados} proximo=${pagina.proximo} carregar=${mais} />`;
}

export function PropostaDetalhe({ proposta, busca }) {
  const integracaoId = busca.get('integracao_id');
  const p = useCarregar(
    () =>
      api(`/v1/propostas/${encodeURIComponent(proposta)}${qs({ integracao_id: integracaoId })}`),
    [proposta, integracaoId],
  );
  const d = p.dados;
  return html`<${Titulo} sub=${d ? `${d.situacao} · ${d.situacao_nome ?? ''}` : ''}>Proposta ${proposta}</${Titulo}>
    <p><a href="#/propostas">← Propostas</a></p>
    <${Erro} erro=${p.erro} />
    ${p.carregando && !d && html`<${Carregando} />`}
    ${
      d &&
      html`<dl class="resumo">
        <dt>Identificador</dt><dd>${d.identificador ?? '—'}</dd>
        <dt>Ocorrência</dt><dd>${d.descricao_ocorrencia ?? '—'}</dd>
        <dt>Integração</dt><dd><a href=${`#/integracoes/${d.integracao_id}`}>${d.integracao_id}</a></dd>
        <dt>Recebida em</dt><dd>${dataHora(d.criada_em)}</dd>
        <dt>Callbacks recusados</dt><dd>${d.recusados_total ?? 0}</dd>
      </dl>
      <section aria-labelledby="callbacks-titulo">
        <h2 id="callbacks-titulo">Callbacks recebidos</h2>
        <${Tabela} rotulo="Histórico de callbacks">
          <thead>
            <tr>
              <th scope="col">Recebido</th>
              <th scope="col">Método</th>
              <th scope="col">Veredito</th>
              <th scope="col">Situação</th>
              <th scope="col">Resultado</th>
              <th scope="col">Ocorrência</th>
            </tr>
          </thead>
          <tbody>
            ${(d.historico ?? []).map(
              (h) => html`<tr key=${h.evento_entrada_id}>
                <td>${dataHora(h.recebida_em)}</td>
                <td>${h.metodo}</td>
                <td><${Selo} tipo=${h.veredito === 'aceito' ? 'ok' : 'erro'}>${humano(h.veredito)}</${Selo}></td>
                <td>${h.situacao ?? '—'} ${h.nome ? `· ${h.nome}` : ''}</td>
                <td>${h.resultado ? html`<${Selo} tipo=${RESULTADOS[h.resultado] ?? 'erro'}>${humano(h.resultado)}</${Selo}>` : '—'}</td>
                <td>${h.descricao_ocorrencia ?? ''}${h.corpo ? html`<${Json} valor=${h.corpo} resumo="Corpo" />` : ''}</td>
              </tr>`,
            )}
          </tbody>
        </${Tabela}>
      </section>`
    }`;
}
