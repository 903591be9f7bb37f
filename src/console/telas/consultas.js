/* global FormData */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, chaveIdempotencia, consulta as qs } from '../lib/api.js';
import { UFS, dataHora, documento as fmtDocumento, reais } from '../lib/formato.js';
import { errosDaApi } from '../lib/formulario-esquema.js';
import { Carregando, Erro, Selo, Tabela, Titulo, anunciar, html, useCarregar } from '../lib/ui.js';
import { Relatorio } from './consulta-resultado.js';
import { useIntegracoesCom } from './selecao-integracao.js';

const digitos = (d) => String(d ?? '').replace(/[^0-9A-Za-z]/g, '');
const tipoDoc = (d) =>
  digitos(d).length === 11 ? 'cpf' : digitos(d).length === 14 ? 'cnpj' : null;

const AVISOS = {
  concluida: 'Consulta concluída',
  processando: 'Consulta em processamento no provedor',
};

/**
 * The quick credit query (integration, product, CPF/CNPJ, UF when the product needs it), its
 * report in the page, and every earlier query of the same document.
 */
export function Consultas({ id, busca }) {
  const [atual, setAtual] = useState(id ?? null);
  const [documento, setDocumento] = useState(busca.get('documento') ?? '');
  // The history is read again whenever the consulta shown changes or settles.
  const [versao, setVersao] = useState('');
  const doc = digitos(documento);
  const carregou = (c) => {
    if (!documento) setDocumento(c.documento);
    setVersao(`${c.id}-${c.situacao}`);
  };

  return html`<${Titulo} sub="Relatório de crédito de um CPF ou CNPJ, com histórico por documento.">
      Consultas
    </${Titulo}>
    <${FormularioConsulta} documento=${documento} setDocumento=${setDocumento} consultou=${(c) => setAtual(c.id)} />
    ${atual && html`<${Relatorio} key=${atual} id=${atual} carregou=${carregou} />`}
    ${doc.length >= 11 && html`<${Historico} key=${doc + versao} documento=${doc} atual=${atual} />`}`;
}

/**
 * The integration's products that fit the document typed (CPF or CNPJ), and the one chosen:
 * the operator's choice while it fits, else the first that does.
 */
function useProdutos(integracaoId, documento) {
  const [produto, setProduto] = useState('');
  const catalogo = useCarregar(
    async () => (integracaoId ? api(`/v1/integracoes/${integracaoId}/produtos`) : null),
    [integracaoId],
  );
  const tipo = tipoDoc(documento);
  const compativeis = (catalogo.dados?.produtos ?? []).filter(
    (p) => !tipo || !p.tipo_documento || p.tipo_documento === tipo,
  );
  const selecionado = compativeis.find((p) => p.codigo === produto) ?? compativeis[0];
  return { catalogo, compativeis, selecionado, codigo: selecionado?.codigo ?? '', setProduto };
}

function FormularioConsulta({ documento, setDocumento, consultou }) {
  const integracoes = useIntegracoesCom('consulta');
  const [integracaoId, setIntegracaoId] = useState('');
  const [erro, setErro] = useState(null);
  const [erros, setErros] = useState({});
  const [ocupado, setOcupado] = useState(false);
  const idempotencia = useRef(chaveIdempotencia());
  const escolhida = integracaoId || integracoes.dados?.[0]?.id || '';
  const { catalogo, compativeis, selecionado, codigo, setProduto } = useProdutos(
    escolhida,
    documento,
  );

  useEffect(() => setErros({}), [escolhida, codigo]);

  const enviar = async (evento) => {
    evento.preventDefault();
    const dados = new FormData(evento.currentTarget);
    const corpo = {
      integracao_id: escolhida,
      produto: codigo,
      documento: documento.trim(),
      ...(dados.get('uf') ? { uf: dados.get('uf') } : {}),
      ...(dados.get('finalidade') ? { finalidade: dados.get('finalidade') } : {}),
    };
    setErro(null);
    setOcupado(true);
    try {
      const c = await api('/v1/consultas', {
        metodo: 'POST',
        json: corpo,
        idempotencia: idempotencia.current(corpo),
      });
      setErros({});
      anunciar(AVISOS[c.situacao] ?? `Consulta recusada: ${c.erro?.mensagem ?? c.erro?.codigo}`);
      consultou(c);
    } catch (e) {
      setErro(e);
      setErros(errosDaApi(e));
    } finally {
      setOcupado(false);
    }
  };

  const invalido = (campo) => (erros[campo] ? 'true' : undefined);
  return html`<form class="formulario" onSubmit=${enviar} novalidate aria-label="Nova consulta">
    <${Erro} erro=${integracoes.erro} />
    <div class="campos">
      <div class="campo">
        <label for="c-integracao">Integração</label>
        <select
          id="c-integracao"
          value=${escolhida}
          onChange=${(e) => setIntegracaoId(e.currentTarget.value)}
          aria-invalid=${invalido('integracao_id')}
        >
          ${(integracoes.dados ?? []).map(
            (i) => html`<option value=${i.id}>${i.descricao} (${i.provedor})</option>`,
          )}
        </select>
      </div>
      <div class="campo">
        <label for="c-documento">CPF ou CNPJ</label>
        <input
          id="c-documento"
          name="documento"
          inputmode="text"
          autocomplete="off"
          value=${documento}
          onInput=${(e) => setDocumento(e.currentTarget.value)}
          aria-invalid=${invalido('documento')}
          aria-describedby="c-documento-erro"
        />
        <span class="erro-campo" id="c-documento-erro">${erros.documento ?? ''}</span>
      </div>
      <div class="campo">
        <label for="c-produto">Produto</label>
        <select
          id="c-produto"
          value=${codigo}
          onChange=${(e) => setProduto(e.currentTarget.value)}
          aria-invalid=${invalido('produto')}
          aria-describedby="c-produto-dica"
        >
          ${compativeis.map(
            (p) =>
              html`<option value=${p.codigo}>
                ${p.nome} (${p.tipo_documento?.toUpperCase() ?? 'CPF/CNPJ'})
              </option>`,
          )}
        </select>
        <span class="dica" id="c-produto-dica">
          ${selecionado?.codigo ?? (catalogo.carregando ? 'carregando produtos…' : 'nenhum produto para este documento')}
        </span>
      </div>
      ${
        selecionado?.requer_uf &&
        html`<div class="campo">
          <label for="c-uf">UF</label>
          <select id="c-uf" name="uf" aria-describedby="c-uf-dica">
            <option value="">(UF padrão da integração)</option>
            ${UFS.map((uf) => html`<option value=${uf}>${uf}</option>`)}
          </select>
          <span class="dica" id="c-uf-dica">Este produto exige a UF.</span>
        </div>`
      }
      <div class="campo">
        <label for="c-finalidade">Finalidade</label>
        <input
          id="c-finalidade"
          name="finalidade"
          maxlength="200"
          aria-describedby="c-finalidade-dica"
        />
        <span class="dica" id="c-finalidade-dica"
          >Motivo da consulta, guardado para a LGPD (opcional).</span
        >
      </div>
    </div>
    <${Erro} erro=${erro} titulo="Consulta não realizada" />
    <button type="submit" disabled=${ocupado || !escolhida || !codigo}>
      ${ocupado ? 'Consultando…' : 'Consultar'}
    </button>
    <${DicasSandbox} />
  </form>`;
}

function DicasSandbox() {
  return html`<details class="dicas">
    <summary>Documentos de teste dos sandboxes</summary>
    <ul>
      <li>
        Serasa Experian: <code>000.012.095-23</code> (CLIENTE TESTE ABCB) e os outros documentos da
        massa de homologação PEFIN; <code>111.444.777-35</code> responde “documento não encontrado”.
      </li>
      <li>
        Serasa Bureau: <code>000.000.001-91</code> (nada consta), <code>000.000.002-72</code>
        (PEFIN, REFIN, cheque e protestos).
      </li>
      <li>Qualquer outro documento válido recebe um relatório gerado a partir dos dígitos.</li>
    </ul>
  </details>`;
}

function Historico({ documento, atual }) {
  const lista = useCarregar(
    async () => (await api(`/v1/consultas${qs({ documento, limite: 50 })}`)).dados,
    [documento],
  );
  return html`<section aria-labelledby="historico-titulo">
    <h2 id="historico-titulo">Consultas de ${fmtDocumento(documento)}</h2>
    <${Erro} erro=${lista.erro} />
    ${lista.carregando && !lista.dados && html`<${Carregando} />`}
    ${lista.dados?.length === 0 && html`<p>Nenhuma consulta deste documento.</p>`}
    ${
      lista.dados?.length > 0 &&
      html`<${Tabela} rotulo="Histórico de consultas do documento">
      <thead>
        <tr>
          <th scope="col">Quando</th>
          <th scope="col">Produto</th>
          <th scope="col">Situação</th>
          <th scope="col">Nome</th>
          <th scope="col">Score</th>
          <th scope="col">PEFIN</th>
        </tr>
      </thead>
      <tbody>
        ${lista.dados.map(
          (c) => html`<tr key=${c.id} aria-current=${c.id === atual ? 'true' : undefined}>
            <td><a href=${`#/consultas/${c.id}`}>${dataHora(c.criada_em)}</a></td>
            <td><code>${c.produto}</code></td>
            <td><${Selo} tipo=${c.situacao === 'concluida' ? 'ok' : c.situacao === 'erro' ? 'erro' : 'neutro'}>${c.situacao}</${Selo}></td>
            <td>${c.resumo?.nome ?? '—'}</td>
            <td>${c.resumo?.score ?? '—'}</td>
            <td>${c.resumo?.pefin ? `${c.resumo.pefin.quantidade} · ${reais(c.resumo.pefin.valor_centavos)}` : '—'}</td>
          </tr>`,
        )}
      </tbody>
    </${Tabela}>`
    }
  </section>`;
}
