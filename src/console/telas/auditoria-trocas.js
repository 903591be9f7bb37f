import { api } from '../lib/api.js';
import { json } from '../lib/formato.js';
import { Carregando, Erro, Selo, html, useCarregar } from '../lib/ui.js';

// Raw exchanges with providers as the API keeps them: credentials already masked by the server
// (Bearer ***, B49C logon and senha as asterisks), bodies as they travelled.

const corpo = (valor) =>
  valor === null || valor === undefined
    ? '(vazio)'
    : typeof valor === 'string'
      ? valor
      : json(valor);

function Troca({ metodo, url, status, duracao, falha, enviado, recebido, cabecalhos }) {
  const ok = status && status < 400;
  return html`<article class="troca">
    <p>
      <code>${metodo} ${url}</code>
      ${' → '}
      ${
        status
          ? html`<${Selo} tipo=${ok ? 'ok' : 'erro'}>${status}</${Selo}>`
          : html`<${Selo} tipo="erro">sem resposta</${Selo}>`
      }
      ${duracao !== undefined && duracao !== null && html` <small>${duracao} ms</small>`}
    </p>
    ${falha && html`<p class="erro-campo">Falha: ${typeof falha === 'string' ? falha : json(falha)}</p>`}
    ${
      cabecalhos &&
      html`<h4>Cabeçalhos enviados</h4>
        <pre tabindex="0">${json(cabecalhos)}</pre>`
    }
    <h4>Enviado</h4>
    <pre tabindex="0">${corpo(enviado)}</pre>
    <h4>Recebido</h4>
    <pre tabindex="0">${corpo(recebido)}</pre>
  </article>`;
}

/** GET /v1/consultas/{id}/auditoria: every request and answer of one consulta, in order. */
export function TrocasConsulta({ id }) {
  const auditoria = useCarregar(() => api(`/v1/consultas/${id}/auditoria`), [id]);
  if (auditoria.erro) return html`<${Erro} erro=${auditoria.erro} />`;
  if (!auditoria.dados) return html`<${Carregando} />`;
  const trocas = auditoria.dados.trocas ?? [];
  if (!trocas.length) return html`<p>Nenhuma troca registrada.</p>`;
  return html`${trocas.map(
    (t, n) =>
      html`<${Troca}
        key=${n}
        metodo=${t.metodo}
        url=${t.url}
        status=${t.status}
        duracao=${t.duracao_ms}
        falha=${t.falha}
        enviado=${t.enviado}
        recebido=${t.recebido}
      />`,
  )}`;
}

/** The exchanges recorded in a negativacao's history (transmissions of inclusion and removal). */
export function trocasDoHistorico(historico) {
  return (historico ?? []).flatMap((evento) =>
    (evento.detalhes?.trocas ?? []).map((t) => ({ evento, troca: t })),
  );
}

export function TrocasNegativacao({ historico }) {
  const lista = trocasDoHistorico(historico);
  if (!lista.length) return html`<p>Nenhuma troca com o provedor registrada.</p>`;
  return html`${lista.map(
    ({ evento, troca }, n) =>
      html`<${Troca}
          key=${n}
          metodo=${troca.requisicao?.metodo}
          url=${troca.requisicao?.url}
          status=${troca.resposta?.status}
          duracao=${troca.duracao_ms}
          falha=${troca.falha}
          cabecalhos=${troca.requisicao?.cabecalhos}
          enviado=${troca.requisicao?.corpo}
          recebido=${troca.resposta?.corpo}
        />
        <p class="dica">Evento: ${evento.tipo}</p>`,
  )}`;
}
