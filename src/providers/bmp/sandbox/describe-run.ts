import type { Destino } from './destination.js';
import { mascararUrl } from './destination.js';
import type { RegistroCallback } from './run-proposta.js';
import type { Tentativa } from './send-callback.js';

/** Characters of a failed answer shown on its line. */
const TRECHO_MAX = 80;

/** One line per destination, secrets masked. */
export function linhaDoDestino(destino: Destino): string {
  const esperas = destino.espera_retentativas_ms.join('/') || 'nenhuma';
  return (
    `destino: ${destino.metodo} ${mascararUrl(destino.url)} (autenticacao ` +
    `${destino.autenticacao.tipo}, nomes ${destino.nomes}, timeout ${destino.timeout_ms} ms, ` +
    `esperas ${esperas} ms)`
  );
}

function rotulo(callback: RegistroCallback): string {
  const nome = callback.nome ? ` ${callback.nome}` : ' (fora da tabela)';
  return `situacao ${callback.situacao}${nome}${callback.copia === 2 ? ' (copia)' : ''}`;
}

/** `situacao 9 Paga, tentativa 1/4: 500 em 12 ms "..." ; proxima em 1000 ms` */
export function linhaDaTentativa(
  destino: Destino,
  callback: RegistroCallback,
  tentativa: Tentativa,
  ok: boolean,
): string {
  const total = destino.espera_retentativas_ms.length + 1;
  const desfecho = 'status' in tentativa ? String(tentativa.status) : tentativa.erro;
  let linha = `${rotulo(callback)}, tentativa ${tentativa.tentativa}/${total}: ${desfecho} em ${tentativa.duracao_ms} ms`;
  if (!ok) {
    const trecho = tentativa.resposta.replace(/\s+/g, ' ').trim().slice(0, TRECHO_MAX);
    if (trecho) linha += ` ${JSON.stringify(trecho)}`;
    const espera = destino.espera_retentativas_ms[tentativa.tentativa - 1];
    linha += espera === undefined ? ', desistiu' : `, nova tentativa em ${espera} ms`;
  }
  return linha;
}

/** The last line: how many statuses got a 2xx, and which did not. */
export function linhaDoResumo(callbacks: RegistroCallback[]): string {
  const entregues = callbacks.filter((c) => c.entregue).length;
  const tentativas = callbacks.reduce((soma, c) => soma + c.tentativas.length, 0);
  const falhas = callbacks.filter((c) => !c.entregue).map(rotulo);
  const base = `resumo: ${entregues} de ${callbacks.length} callbacks com 2xx em ${tentativas} tentativas`;
  return falhas.length === 0 ? `${base}: ok` : `${base}; sem 2xx: ${falhas.join('; ')}`;
}
