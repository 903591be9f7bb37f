/* global sessionStorage, fetch, document, window, URL, Blob, Headers, CustomEvent, crypto */
// The credgate API as the console uses it: the operator's key from sessionStorage as Bearer,
// errors as ApiError carrying the API's { codigo, mensagem, campo, detalhes }.

const CHAVE = 'credgate.chave_api';

export const sessao = {
  chave: () => sessionStorage.getItem(CHAVE),
  entrar: (chave) => sessionStorage.setItem(CHAVE, chave),
  sair: () => sessionStorage.removeItem(CHAVE),
};

export class ApiError extends Error {
  constructor(status, erro) {
    super(erro?.mensagem ?? `erro HTTP ${status}`);
    this.status = status;
    this.codigo = erro?.codigo ?? 'erro_http';
    this.campo = erro?.campo ?? null;
    this.detalhes = Array.isArray(erro?.detalhes) ? erro.detalhes : [];
  }
}

/** Query string from an object, leaving out empty values. */
export function consulta(params = {}) {
  const pares = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  if (!pares.length) return '';
  return '?' + pares.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

async function enviar(caminho, { metodo = 'GET', json, corpo, tipo, chave, idempotencia } = {}) {
  const headers = new Headers();
  const usada = chave ?? sessao.chave();
  if (usada) headers.set('authorization', `Bearer ${usada}`);
  let body = corpo;
  if (json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(json);
  } else if (tipo) {
    headers.set('content-type', tipo);
  }
  if (idempotencia) headers.set('idempotency-key', idempotencia);
  let resposta;
  try {
    resposta = await fetch(caminho, { method: metodo, headers, body });
  } catch {
    throw new ApiError(0, {
      codigo: 'sem_conexao',
      mensagem: 'sem conexao com o credgate; verifique a rede e tente de novo',
    });
  }
  if (resposta.ok) return resposta;
  let erro;
  try {
    erro = (await resposta.json()).erro;
  } catch {
    erro = undefined;
  }
  if (resposta.status === 401 && !chave) {
    // The key was revoked or the session ended: back to the login screen.
    window.dispatchEvent(new CustomEvent('credgate:nao-autenticado', { detail: erro?.mensagem }));
  }
  throw new ApiError(resposta.status, erro);
}

/** JSON answer of a route (GET unless `metodo`). */
export async function api(caminho, opcoes) {
  const resposta = await enviar(caminho, opcoes);
  return resposta.status === 204 ? null : resposta.json();
}

/** Text answer (an HTML report, a CSV). */
export async function texto(caminho, opcoes) {
  return (await enviar(caminho, opcoes)).text();
}

/** Fetches a file with the key and hands it to the browser as a download named `nome`. */
export async function baixar(caminho, nome) {
  const blob = await (await enviar(caminho)).blob();
  salvarBlob(blob, nome);
}

export function salvarBlob(blob, nome) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = nome;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: Chromium reads the blob after the click returns.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function csvBlob(textoCsv) {
  return new Blob([textoCsv], { type: 'text/csv;charset=utf-8' });
}

/**
 * An Idempotency-Key for one form: the same body sent again (a retry after a network error)
 * reuses the key, so the API answers from its record instead of acting twice; a corrected body
 * gets a new key. Not crypto.subtle: that needs a secure context, and an operator may open the
 * console over plain HTTP on a LAN address.
 */
export function chaveIdempotencia() {
  const semente = Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(36));
  return (corpo) => `console-${semente.join('')}-${hash(JSON.stringify(corpo))}`;
}

function hash(textoFonte) {
  // cyrb53: 53-bit string hash; collisions only matter within one form's attempts.
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < textoFonte.length; i++) {
    const c = textoFonte.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
