import { useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { dataHora, humano } from '../lib/formato.js';
import {
  Acao,
  Carregando,
  Confirmar,
  Copiar,
  Erro,
  Json,
  Selo,
  Tabela,
  Titulo,
  anunciar,
  html,
  useCarregar,
} from '../lib/ui.js';
import { AMBIENTES, useProvedores } from './integracoes.js';

/** One integration: inbound URL to hand to the provider, checks, products, alerts. */
export function IntegracaoDetalhe({ id }) {
  const integracao = useCarregar(() => api(`/v1/integracoes/${id}`), [id]);
  const provedores = useProvedores();
  const [erro, setErro] = useState(null);
  const [teste, setTeste] = useState(null);
  const i = integracao.dados;
  const provedor = provedores.dados?.find((p) => p.id === i?.provedor);

  const agir = (acao) => async () => {
    setErro(null);
    try {
      await acao();
    } catch (e) {
      setErro(e);
    }
  };
  const mudarSituacao = (acao) =>
    agir(async () => {
      integracao.definir(await api(`/v1/integracoes/${id}/${acao}`, { metodo: 'POST' }));
      anunciar(acao === 'desativar' ? 'Integração desativada' : 'Integração reativada');
    });

  if (!i) {
    return html`<${Titulo}>Integração</${Titulo}>
      <${Erro} erro=${integracao.erro} />
      ${integracao.carregando && html`<${Carregando} />`}`;
  }
  return html`<${Titulo} sub=${`${provedor?.nome ?? i.provedor} · ${AMBIENTES[i.ambiente] ?? i.ambiente}`}>
      ${i.descricao}
    </${Titulo}>
    <p><a href="#/integracoes">← Integrações</a></p>
    <dl class="resumo">
      <dt>Situação</dt>
      <dd>
        <${Selo} tipo=${i.situacao === 'ativa' ? 'ok' : 'alerta'}>${i.situacao}</${Selo}>
        ${i.demo && html` <${Selo}>demo</${Selo}>`}
      </dd>
      <dt>Id</dt>
      <dd><code>${i.id}</code></dd>
      ${
        i.cadastro &&
        html`<dt>Cadastro no provedor</dt>
          <dd>${humano(i.cadastro.estado)} (verificado ${dataHora(i.cadastro.verificado_em)})</dd>`
      }
      <dt>Atualizada em</dt>
      <dd>${dataHora(i.atualizada_em)}</dd>
    </dl>
    <${UrlRecebimento} integracao=${i} />
    <${Erro} erro=${erro} />
    <section aria-labelledby="acoes-titulo">
      <h2 id="acoes-titulo">Ações</h2>
      <div class="acoes">
        <${Acao}
          executar=${agir(async () => {
            const r = await api(`/v1/integracoes/${id}/testar`, { metodo: 'POST' });
            setTeste(r);
            anunciar(r.ok ? 'Teste concluído: credenciais aceitas' : 'Teste concluído com falhas');
          })}
          >Testar</${Acao}
        >
        ${
          i.situacao === 'ativa'
            ? html`<${Confirmar}
              rotulo="Desativar"
              confirmar="Confirmar desativação"
              executar=${mudarSituacao('desativar')}
            >
              <p>
                A URL de recebimento passa a responder 404 e novos pedidos por esta integração
                são recusados (integracao_desativada).
              </p>
            </${Confirmar}>`
            : html`<${Acao} executar=${mudarSituacao('ativar')}>Reativar</${Acao}>`
        }
      </div>
      <${ResultadoTeste} resultado=${teste} />
    </section>
    ${
      (provedor?.capacidades.consulta || provedor?.capacidades.negativacao) &&
      html`<${Produtos} id=${id} agir=${agir} />`
    }
    <${Alertas} id=${id} />
    <section aria-labelledby="config-titulo">
      <h2 id="config-titulo">Configuração</h2>
      <${Json} valor=${i.configuracoes} resumo="Configurações" />
      <${Json} valor=${i.credenciais} resumo="Credenciais (mascaradas)" />
    </section>`;
}

function UrlRecebimento({ integracao }) {
  if (!integracao.url_recebimento) return null;
  return html`<section aria-labelledby="url-titulo" class="destaque">
    <h2 id="url-titulo">URL de recebimento</h2>
    <p class="dica">
      Informe esta URL ao provedor (webhooks da Serasa, callbacks da BMP). Ela contém um segredo:
      trate-a como uma senha.
    </p>
    <div class="linha-copiar">
      <label class="oculto" for="url-recebimento">URL de recebimento</label>
      <input id="url-recebimento" readonly value=${integracao.url_recebimento} />
      <${Copiar}
        id="url-recebimento"
        valor=${integracao.url_recebimento}
        rotulo="URL de recebimento"
      />
    </div>
  </section>`;
}

/** Which credential pair the provider accepted (POST /v1/integracoes/{id}/testar). */
function ResultadoTeste({ resultado }) {
  if (!resultado) return null;
  return html`<div class="resultado-teste" role="group" aria-label="Resultado do teste">
      <p>
        <${Selo} tipo=${resultado.ok ? 'ok' : 'erro'}>${resultado.ok ? 'ok' : 'falhou'}</${Selo}>
        testado em ${dataHora(resultado.testado_em)}
      </p>
      <ul>
        ${(resultado.verificacoes ?? []).map(
          (v) => html`<li>
            <${Selo} tipo=${v.ok ? 'ok' : 'erro'}>${v.ok ? 'ok' : 'falhou'}</${Selo}>
            <code>${v.nome}</code>: ${v.mensagem}
          </li>`,
        )}
      </ul>
    </div>`;
}

function Produtos({ id, agir }) {
  const catalogo = useCarregar(() => api(`/v1/integracoes/${id}/produtos`), [id]);
  const [sondar, setSondar] = useState(true);
  const sincronizar = agir(async () => {
    catalogo.definir(
      await api(`/v1/integracoes/${id}/produtos/sincronizar?sondar=${sondar}`, { metodo: 'POST' }),
    );
    anunciar('Produtos sincronizados');
  });
  const c = catalogo.dados;
  return html`<section aria-labelledby="produtos-titulo">
    <h2 id="produtos-titulo">Produtos</h2>
    <div class="acoes">
      <label class="opcao">
        <input type="checkbox" checked=${sondar} onChange=${(e) => setSondar(e.currentTarget.checked)} />
        Testar cada produto no provedor
      </label>
      <${Acao} executar=${sincronizar}>Sincronizar produtos</${Acao}>
    </div>
    <${Erro} erro=${catalogo.erro} />
    ${
      c &&
      html`<p class="dica">Sincronizado em ${dataHora(c.sincronizado_em)}</p>
      <${Tabela} rotulo="Produtos de consulta">
        <thead>
          <tr>
            <th scope="col">Código</th>
            <th scope="col">Nome</th>
            <th scope="col">Documento</th>
            <th scope="col">Situação</th>
          </tr>
        </thead>
        <tbody>
          ${(c.produtos ?? []).map(
            (p) => html`<tr key=${p.codigo}>
              <td><code>${p.codigo}</code></td>
              <td>${p.nome}</td>
              <td>${p.tipo_documento?.toUpperCase()}</td>
              <td>
                <${Selo} tipo=${p.situacao === 'contratado' ? 'ok' : p.situacao === 'nao_verificado' ? 'neutro' : 'alerta'}
                  >${humano(p.situacao ?? '—')}</${Selo}
                >
              </td>
            </tr>`,
          )}
        </tbody>
      </${Tabela}>
      ${
        c.naturezas &&
        html`<${Json}
          valor=${c.naturezas}
          resumo=${`Naturezas (${Object.keys(c.naturezas).length})`}
        />`
      }
      ${
        c.motivos_baixa &&
        html`<${Json}
          valor=${c.motivos_baixa}
          resumo=${`Motivos de baixa (${Object.keys(c.motivos_baixa).length})`}
        />`
      }`
    }
  </section>`;
}

function Alertas({ id }) {
  const alertas = useCarregar(
    async () => (await api(`/v1/alertas?integracao_id=${id}&limite=20`)).dados,
    [id],
  );
  return html`<section aria-labelledby="alertas-titulo">
    <h2 id="alertas-titulo">Alertas</h2>
    <${Erro} erro=${alertas.erro} />
    ${alertas.dados?.length === 0 && html`<p>Nenhum alerta para esta integração.</p>`}
    ${
      alertas.dados?.length > 0 &&
      html`<ul class="alertas">
        ${alertas.dados.map(
          (a) => html`<li key=${a.id}>
          <${Selo} tipo="alerta">${humano(a.tipo)}</${Selo}>
          <span>${a.mensagem}</span>
          <small>${dataHora(a.criado_em ?? a.criada_em)}</small>
          ${
            a.negativacao_id &&
            html` <a href=${`#/negativacoes/${a.negativacao_id}`}>negativação</a>`
          }
        </li>`,
        )}
      </ul>`
    }
  </section>`;
}
