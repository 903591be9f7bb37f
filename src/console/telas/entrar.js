/* global document, fetch, FormData */
import { useEffect, useState } from 'preact/hooks';
import { api, sessao } from '../lib/api.js';
import { Erro, html } from '../lib/ui.js';

/**
 * The operator pastes an API key; it is checked with one read and kept in sessionStorage (gone
 * when the tab closes), then sent as Bearer on every call.
 */
export function Entrar({ motivo, entrou }) {
  const [erro, setErro] = useState(null);
  const [ocupado, setOcupado] = useState(false);
  const [ambiente, setAmbiente] = useState(null);
  useEffect(() => {
    document.getElementById('chave')?.focus();
    fetch('/console/ambiente.json')
      .then((r) => (r.ok ? r.json() : null))
      .then(setAmbiente)
      .catch(() => setAmbiente(null));
  }, []);

  const enviar = async (evento) => {
    evento.preventDefault();
    const chave = new FormData(evento.currentTarget).get('chave').trim();
    if (!chave) {
      setErro({ message: 'cole a chave de API', campo: 'chave' });
      return;
    }
    setOcupado(true);
    setErro(null);
    try {
      await api('/v1/integracoes?limite=1', { chave });
      sessao.entrar(chave);
      entrou();
    } catch (e) {
      setErro(e);
    } finally {
      setOcupado(false);
    }
  };

  return html`<main id="conteudo" class="entrar">
    <h1>credgate <span class="sub">console do operador</span></h1>
    ${motivo && html`<p class="aviso" role="status">Sessão encerrada: ${motivo}</p>`}
    <form onSubmit=${enviar} novalidate>
      <div class="campo">
        <label for="chave">Chave de API</label>
        <input
          id="chave"
          name="chave"
          type="password"
          autocomplete="off"
          spellcheck="false"
          aria-describedby="chave-dica"
          aria-invalid=${erro ? 'true' : undefined}
        />
        <span class="dica" id="chave-dica">
          Começa com <code>cg_</code>. Fica só nesta aba (sessionStorage) e some ao fechá-la.
        </span>
      </div>
      <${Erro} erro=${erro} titulo="Chave não aceita" />
      <button type="submit" disabled=${ocupado}>${ocupado ? 'Verificando…' : 'Entrar'}</button>
    </form>
    ${
      ambiente?.modo === 'demo' &&
      html`<aside class="dica-demo" aria-label="Modo demonstração">
        <h2>Modo demonstração</h2>
        <p>
          O <code>npm start</code> imprimiu a chave no terminal (linha “Chave de API”). Ela também
          fica no arquivo <code>${ambiente.arquivo_chave_demo}</code>:
        </p>
        <pre>cat ${ambiente.arquivo_chave_demo}</pre>
        <p>Em produção, crie uma com <code>credgate api-key create --name operador</code>.</p>
      </aside>`
    }
  </main>`;
}
