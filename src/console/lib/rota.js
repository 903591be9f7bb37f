/* global window, URLSearchParams */
import { useEffect, useState } from 'preact/hooks';

// Hash routes (#/negativacoes/neg_…?status=inserida): the server serves one page, links can be
// bookmarked and shared, and the browser's back button works with no history code.

function ler() {
  const bruto = window.location.hash.replace(/^#/, '') || '/integracoes';
  const [caminho, busca = ''] = bruto.split('?');
  return { caminho, partes: caminho.split('/').filter(Boolean), busca: new URLSearchParams(busca) };
}

export function useRota() {
  const [rota, setRota] = useState(ler);
  useEffect(() => {
    const mudou = () => setRota(ler());
    window.addEventListener('hashchange', mudou);
    return () => window.removeEventListener('hashchange', mudou);
  }, []);
  return rota;
}

export function ir(caminho) {
  window.location.hash = caminho;
}

/** `#/consultas?documento=…` built from an object, leaving out empty values. */
export function link(caminho, params = {}) {
  const busca = new URLSearchParams(
    Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  ).toString();
  return `#${caminho}${busca ? `?${busca}` : ''}`;
}
