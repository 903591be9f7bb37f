import { useEffect, useState } from 'preact/hooks';
import { api, baixar, texto } from '../lib/api.js';
import { dataHora, documento, reais } from '../lib/formato.js';
import {
  Acao,
  Carregando,
  Erro,
  Selo,
  anunciar,
  html,
  useCarregar,
  useRepetir,
} from '../lib/ui.js';
import { TrocasConsulta } from './auditoria-trocas.js';

/**
 * One consulta: its summary, the printable report in a sandboxed iframe (no scripts, no
 * same-origin access: a provider's own HTML report is shown as it came) and the PDF.
 */
export function Relatorio({ id, carregou }) {
  const consulta = useCarregar(() => api(`/v1/consultas/${id}`), [id]);
  const [erro, setErro] = useState(null);
  const c = consulta.dados;
  // An asynchronous provider (Tecnospeed) answers later: read again every second until it does.
  useRepetir(
    async () => {
      const nova = await api(`/v1/consultas/${id}`);
      consulta.definir(nova);
      if (nova.situacao !== 'processando') anunciar(`Consulta ${nova.situacao}`);
    },
    1000,
    c?.situacao === 'processando',
  );
  useEffect(() => {
    if (c) carregou?.(c);
  }, [c?.id, c?.situacao]);

  if (!c) {
    return html`<section aria-label="Resultado da consulta">
      <${Erro} erro=${consulta.erro} />${consulta.carregando && html`<${Carregando} />`}
    </section>`;
  }
  const baixarPdf = async () => {
    setErro(null);
    try {
      await baixar(`/v1/consultas/${id}/relatorio.pdf`, `relatorio-${id}.pdf`);
      anunciar('PDF baixado');
    } catch (e) {
      setErro(e);
    }
  };
  return html`<section class="resultado" aria-labelledby="resultado-titulo">
    <h2 id="resultado-titulo">
      Resultado: ${documento(c.documento)}
      <${Selo} tipo=${c.situacao === 'concluida' ? 'ok' : c.situacao === 'erro' ? 'erro' : 'neutro'}>
        ${c.situacao}
      </${Selo}>
    </h2>
    <p class="dica">
      <code>${c.produto}</code> · ${c.provedor} · ${dataHora(c.criada_em)} · <code>${c.id}</code>
    </p>
    ${
      c.situacao === 'processando' &&
      html`<p role="status">O provedor ainda está processando; esta página atualiza sozinha.</p>`
    }
    ${
      c.erro &&
      html`<div class="erro" role="alert">
        <strong>Recusada pelo provedor</strong>
        <p>${c.erro.mensagem} <code>${c.erro.codigo}</code></p>
      </div>`
    }
    ${c.resumo && html`<${Resumo} resumo=${c.resumo} />`}
    ${
      c.situacao === 'concluida' &&
      html`<div class="acoes">
        <${Acao} executar=${baixarPdf}>Baixar PDF</${Acao}>
        <a href=${`#/negativacoes?documento=${c.documento}`}>Negativações deste documento</a>
      </div>
      <${Erro} erro=${erro} titulo="PDF indisponível" />
      <${RelatorioHtml} id=${id} />`
    }
    <details class="json">
      <summary>Trocas com o provedor (auditoria)</summary>
      <${TrocasConsulta} id=${id} />
    </details>
  </section>`;
}

function Resumo({ resumo }) {
  const linha = (nome, p) =>
    p &&
    html`<dt>${nome}</dt>
      <dd>${p.quantidade} · ${reais(p.valor_centavos)}</dd>`;
  return html`<dl class="resumo">
    ${
      resumo.nome &&
      html`<dt>Nome</dt>
        <dd>${resumo.nome}</dd>`
    }
    ${
      resumo.score !== undefined &&
      resumo.score !== null &&
      html`<dt>Score</dt>
        <dd>${resumo.score}${resumo.modelo_score ? ` (${resumo.modelo_score})` : ''}</dd>`
    }
    ${linha('PEFIN', resumo.pefin)} ${linha('REFIN', resumo.refin)}
    ${linha('Protestos', resumo.protestos)} ${linha('Cheques', resumo.cheques)}
    ${
      resumo.consultas !== undefined &&
      html`<dt>Consultas anteriores</dt>
        <dd>${resumo.consultas}</dd>`
    }
  </dl>`;
}

function RelatorioHtml({ id }) {
  const relatorio = useCarregar(() => texto(`/v1/consultas/${id}/relatorio.html`), [id]);
  if (relatorio.erro)
    return html`<${Erro} erro=${relatorio.erro} titulo="Relatório indisponível" />`;
  if (!relatorio.dados) return html`<${Carregando} texto="Carregando o relatório…" />`;
  return html`<iframe
    class="relatorio"
    title="Relatório de crédito"
    sandbox=""
    referrerpolicy="no-referrer"
    srcdoc=${relatorio.dados}
  ></iframe>`;
}
