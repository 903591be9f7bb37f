/* global FormData */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, chaveIdempotencia } from '../lib/api.js';
import { dataHora } from '../lib/formato.js';
import { Campos, coletar, errosDaApi, focarPrimeiroErro } from '../lib/formulario-esquema.js';
import { ir } from '../lib/rota.js';
import {
  Carregando,
  Erro,
  MaisResultados,
  Selo,
  Tabela,
  Titulo,
  anunciar,
  html,
  useCarregar,
} from '../lib/ui.js';

export const AMBIENTES = { homologacao: 'Homologação', producao: 'Produção' };

/** Providers by id (name, capabilities, schemas); read once per screen. */
export function useProvedores() {
  return useCarregar(async () => (await api('/v1/provedores')).dados, []);
}

export function Integracoes() {
  const provedores = useProvedores();
  const [pagina, setPagina] = useState({ dados: [], proximo: null });
  const lista = useCarregar(async () => {
    const primeira = await api('/v1/integracoes?limite=50');
    setPagina(primeira);
    return primeira;
  }, []);
  const mais = async () => {
    const seguinte = await api(`/v1/integracoes?limite=50&apos=${pagina.proximo}`);
    setPagina({ dados: [...pagina.dados, ...seguinte.dados], proximo: seguinte.proximo });
  };
  const nome = (id) => provedores.dados?.find((p) => p.id === id)?.nome ?? id;

  return html`<${Titulo} sub="Cada integração liga o credgate a um provedor com credenciais próprias.">
      Integrações
    </${Titulo}>
    <p><a class="botao" href="#/integracoes/nova">Nova integração</a></p>
    <${Erro} erro=${lista.erro} />
    ${
      lista.carregando && !lista.dados
        ? html`<${Carregando} />`
        : pagina.dados.length === 0
          ? html`<p>Nenhuma integração ainda.</p>`
          : html`<${Tabela} rotulo="Integrações">
            <thead>
              <tr>
                <th scope="col">Descrição</th>
                <th scope="col">Provedor</th>
                <th scope="col">Ambiente</th>
                <th scope="col">Situação</th>
                <th scope="col">Criada em</th>
              </tr>
            </thead>
            <tbody>
              ${pagina.dados.map(
                (i) => html`<tr key=${i.id}>
                  <td>
                    <a href=${`#/integracoes/${i.id}`}>${i.descricao}</a>
                    ${i.demo && html` <${Selo}>demo</${Selo}>`}
                  </td>
                  <td>${nome(i.provedor)}</td>
                  <td>${AMBIENTES[i.ambiente] ?? i.ambiente}</td>
                  <td>
                    <${Selo} tipo=${i.situacao === 'ativa' ? 'ok' : 'alerta'}>${i.situacao}</${Selo}>
                  </td>
                  <td>${dataHora(i.criada_em)}</td>
                </tr>`,
              )}
            </tbody>
          </${Tabela}>`
    }
    <${MaisResultados} proximo=${pagina.proximo} carregar=${mais} />`;
}

/** A new integration: the provider's credentials and settings form comes from its JSON Schema. */
export function NovaIntegracao() {
  const provedores = useProvedores();
  const [provedorId, setProvedorId] = useState('');
  const [erros, setErros] = useState({});
  const [erro, setErro] = useState(null);
  const [ocupado, setOcupado] = useState(false);
  const form = useRef(null);
  const idempotencia = useRef(chaveIdempotencia());
  const provedor = provedores.dados?.find((p) => p.id === provedorId);

  useEffect(() => {
    if (Object.keys(erros).length) focarPrimeiroErro(form.current);
  }, [erros]);

  // An error goes away as soon as its field is edited.
  const limparErro = (evento) => {
    const nome = evento.target.name;
    if (nome && erros[nome]) setErros(({ [nome]: _, ...resto }) => resto);
  };
  const enviar = async (evento) => {
    evento.preventDefault();
    setErro(null);
    const dados = new FormData(form.current);
    const credenciais = coletar(provedor.credenciais, form.current, 'credenciais');
    const configuracoes = coletar(provedor.configuracoes, form.current, 'configuracoes');
    const locais = { ...credenciais.erros, ...configuracoes.erros };
    const descricao = String(dados.get('descricao') ?? '').trim();
    if (!descricao) locais.descricao = 'obrigatório';
    if (Object.keys(locais).length) {
      setErros(locais);
      return;
    }
    const corpo = {
      provedor: provedor.id,
      ambiente: dados.get('ambiente'),
      descricao,
      credenciais: credenciais.valor,
      configuracoes: configuracoes.valor,
    };
    setOcupado(true);
    try {
      const criada = await api('/v1/integracoes', {
        metodo: 'POST',
        json: corpo,
        idempotencia: idempotencia.current(corpo),
      });
      anunciar(`Integração ${criada.descricao} criada`);
      ir(`/integracoes/${criada.id}`);
    } catch (e) {
      setErro(e);
      setErros(errosDaApi(e));
    } finally {
      setOcupado(false);
    }
  };

  return html`<${Titulo} sub="Os campos vêm do esquema de cada provedor (GET /v1/provedores).">
      Nova integração
    </${Titulo}>
    <p><a href="#/integracoes">← Integrações</a></p>
    <${Erro} erro=${provedores.erro} />
    ${
      provedores.carregando
        ? html`<${Carregando} />`
        : html`<form
            ref=${form}
            onSubmit=${enviar}
            onInput=${limparErro}
            onChange=${limparErro}
            novalidate
            class="formulario"
          >
            <fieldset>
              <legend>Provedor</legend>
              <div class="campos">
                <div class="campo">
                  <label for="f-provedor">Provedor</label>
                  <select
                    id="f-provedor"
                    name="provedor"
                    value=${provedorId}
                    onChange=${(e) => {
                      setProvedorId(e.currentTarget.value);
                      setErros({});
                    }}
                  >
                    <option value="">Selecione…</option>
                    ${(provedores.dados ?? []).map(
                      (p) => html`<option value=${p.id}>${p.nome}</option>`,
                    )}
                  </select>
                </div>
                <div class="campo">
                  <label for="f-ambiente">Ambiente</label>
                  <select id="f-ambiente" name="ambiente">
                    <option value="homologacao">Homologação</option>
                    <option value="producao">Produção</option>
                  </select>
                </div>
                <div class="campo">
                  <label for="f-descricao">Descrição</label>
                  <input
                    id="f-descricao"
                    name="descricao"
                    maxlength="200"
                    aria-invalid=${erros.descricao ? 'true' : undefined}
                    aria-describedby=${erros.descricao ? 'f-descricao-erro' : undefined}
                  />
                  ${
                    erros.descricao &&
                    html`<span class="erro-campo" id="f-descricao-erro">${erros.descricao}</span>`
                  }
                </div>
              </div>
            </fieldset>
            ${
              provedor &&
              html`<${Capacidades} provedor=${provedor} />
                <fieldset key=${`c-${provedor.id}`}>
                  <legend>Credenciais</legend>
                  <p class="dica">Guardadas cifradas; a API nunca as devolve.</p>
                  <${Campos} esquema=${provedor.credenciais} prefixo="credenciais" erros=${erros} />
                </fieldset>
                <fieldset key=${`s-${provedor.id}`}>
                  <legend>Configurações</legend>
                  <p class="dica">Deixe em branco para usar o padrão do provedor.</p>
                  <${Campos}
                    esquema=${provedor.configuracoes}
                    prefixo="configuracoes"
                    erros=${erros}
                  />
                </fieldset>
                <${Erro} erro=${erro} titulo="Integração não criada" />
                <button type="submit" disabled=${ocupado}>
                  ${ocupado ? 'Criando…' : 'Criar integração'}
                </button>`
            }
          </form>`
    }`;
}

function Capacidades({ provedor }) {
  const c = provedor.capacidades;
  const itens = [
    c.consulta && 'consultas de crédito',
    c.negativacao && 'negativação',
    c.recebimento && 'recebe webhooks/callbacks (URL de recebimento)',
  ].filter(Boolean);
  return html`<p class="dica">${provedor.nome}: ${itens.join(', ')}.</p>`;
}
