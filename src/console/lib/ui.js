/* global document, window, navigator */
import { h } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import htm from 'htm';
import { STATUS_NEGATIVACAO, json, rotulo } from './formato.js';

/** Tagged templates instead of JSX: the browser runs these files as they are, no build step. */
export const html = htm.bind(h);

/**
 * Says `texto` through the page's polite live region (screen readers) and shows it in the
 * status bar. Cleared first so the same message twice is announced twice.
 */
export function anunciar(texto) {
  const regiao = document.getElementById('anuncio');
  if (!regiao) return;
  regiao.textContent = '';
  window.setTimeout(() => {
    regiao.textContent = texto;
  }, 50);
  // The toast goes away after a while; a newer message is left alone.
  window.setTimeout(() => {
    if (regiao.textContent === texto) regiao.textContent = '';
  }, 8000);
}

/** Loads with `carregar` when `deps` change; `recarregar` runs it again on demand. */
export function useCarregar(carregar, deps) {
  const [estado, setEstado] = useState({ dados: null, erro: null, carregando: true });
  const vez = useRef(0);
  const executar = useCallback(async () => {
    const minha = ++vez.current;
    setEstado((e) => ({ ...e, carregando: true }));
    try {
      const dados = await carregar();
      if (minha === vez.current) setEstado({ dados, erro: null, carregando: false });
    } catch (erro) {
      if (minha === vez.current) setEstado((e) => ({ ...e, erro, carregando: false }));
    }
  }, deps);
  useEffect(() => {
    void executar();
  }, [executar]);
  return {
    ...estado,
    recarregar: executar,
    definir: (dados) => setEstado({ dados, erro: null, carregando: false }),
  };
}

/** Calls `passo` every `intervaloMs` while `ativo`; stops when the screen goes away. */
export function useRepetir(passo, intervaloMs, ativo) {
  const ultimo = useRef(passo);
  ultimo.current = passo;
  useEffect(() => {
    if (!ativo) return undefined;
    let parado = false;
    let timer;
    const rodar = async () => {
      try {
        await ultimo.current();
      } finally {
        if (!parado) timer = window.setTimeout(rodar, intervaloMs);
      }
    };
    timer = window.setTimeout(rodar, intervaloMs);
    return () => {
      parado = true;
      window.clearTimeout(timer);
    };
  }, [ativo, intervaloMs]);
}

export function Titulo({ children, sub }) {
  return html`<header class="titulo">
    <h1 tabindex="-1">${children}</h1>
    ${sub && html`<p class="sub">${sub}</p>`}
  </header>`;
}

/** An API refusal: its message, the field it names and every field listed in `detalhes`. */
export function Erro({ erro, titulo = 'Não foi possível concluir' }) {
  if (!erro) return null;
  const detalhes = (erro.detalhes ?? []).filter((d) => d.campo !== erro.campo);
  return html`<div class="erro" role="alert">
    <strong>${titulo}</strong>
    <p>
      ${erro.message}${erro.codigo && erro.codigo !== 'erro_http' ? html` <code>${erro.codigo}</code>` : ''}
    </p>
    ${erro.campo && html`<p>Campo: <code>${erro.campo}</code></p>`}
    ${
      detalhes.length > 0 &&
      html`<ul>
        ${detalhes.map((d) => html`<li><code>${d.campo}</code>: ${d.mensagem}</li>`)}
      </ul>`
    }
  </div>`;
}

export function Carregando({ texto = 'Carregando…' }) {
  return html`<p class="carregando" role="status">${texto}</p>`;
}

export function StatusNegativacao({ status }) {
  return html`<span class=${`selo selo-${status}`} data-status=${status}>
    ${rotulo(STATUS_NEGATIVACAO, status)}
  </span>`;
}

export function Selo({ tipo = 'neutro', children }) {
  return html`<span class=${`selo selo-${tipo}`}>${children}</span>`;
}

/** A table that scrolls sideways on a phone; focusable so the keyboard can scroll it too. */
export function Tabela({ rotulo: nome, children }) {
  return html`<div class="rolagem" role="region" aria-label=${nome} tabindex="0">
    <table>
      ${children}
    </table>
  </div>`;
}

/** A button that runs an async action once at a time and says it is working. */
export function Acao({ executar, children, classe = '', desabilitado = false, ...resto }) {
  const [ocupado, setOcupado] = useState(false);
  const clicar = async () => {
    setOcupado(true);
    try {
      await executar();
    } finally {
      setOcupado(false);
    }
  };
  return html`<button
    type="button"
    class=${classe}
    onClick=${clicar}
    disabled=${ocupado || desabilitado}
    aria-busy=${ocupado ? 'true' : 'false'}
    ...${resto}
  >
    ${children}
  </button>`;
}

/** Copies `valor`; the Clipboard API needs a secure context, so plain HTTP falls back. */
export function Copiar({ valor, id, rotulo: nome }) {
  const copiar = async () => {
    try {
      await navigator.clipboard.writeText(valor);
    } catch {
      const campo = document.getElementById(id);
      campo?.select();
      document.execCommand('copy');
    }
    anunciar(`${nome} copiada`);
  };
  return html`<button type="button" class="secundario" onClick=${copiar}>Copiar</button>`;
}

export function MaisResultados({ proximo, carregar }) {
  if (!proximo) return null;
  return html`<p><${Acao} classe="secundario" executar=${carregar}>Carregar mais</${Acao}></p>`;
}

export function Json({ valor, resumo = 'Ver JSON' }) {
  if (valor === null || valor === undefined) return null;
  return html`<details class="json">
    <summary>${resumo}</summary>
    <pre tabindex="0">${typeof valor === 'string' ? valor : json(valor)}</pre>
  </details>`;
}

/** Two-step destructive action: the first click asks, the second does. */
export function Confirmar({ rotulo: nome, confirmar, executar, children }) {
  const [aberto, setAberto] = useState(false);
  const confirmacao = useRef(null);
  useEffect(() => {
    if (aberto) confirmacao.current?.querySelector('button')?.focus();
  }, [aberto]);
  if (!aberto) {
    return html`<button type="button" class="perigo" onClick=${() => setAberto(true)}>
      ${nome}
    </button>`;
  }
  return html`<div class="confirmacao" ref=${confirmacao} role="group" aria-label=${nome}>
    ${children}
    <${Acao}
      classe="perigo"
      executar=${async () => {
        await executar();
        setAberto(false);
      }}
      >${confirmar}</${Acao}
    >
    <button type="button" class="secundario" onClick=${() => setAberto(false)}>Cancelar</button>
  </div>`;
}
