import { useEffect, useRef, useState } from 'preact/hooks';
import { api, chaveIdempotencia } from '../lib/api.js';
import { UFS, centavos, documento as fmtDocumento } from '../lib/formato.js';
import { errosDaApi, focarPrimeiroErro } from '../lib/formulario-esquema.js';
import { ir } from '../lib/rota.js';
import { Carregando, Erro, Titulo, anunciar, html, useCarregar } from '../lib/ui.js';
import { useIntegracoesCom } from './selecao-integracao.js';

/** Form values by the API's field path, so an error's `campo` finds its input. */
const VAZIO = {
  integracao_id: '',
  credor: '',
  contrato: '',
  valor_centavos: '',
  vencimento: '',
  natureza: '',
  faturas: '',
  'devedor.documento': '',
  'devedor.nome': '',
  'devedor.data_nascimento': '',
  'devedor.endereco.cep': '',
  'devedor.endereco.logradouro': '',
  'devedor.endereco.numero': '',
  'devedor.endereco.complemento': '',
  'devedor.endereco.bairro': '',
  'devedor.endereco.cidade': '',
  'devedor.endereco.uf': '',
};

/** An existing negativação as form values (to substitute it): its fields flattened by path. */
function valoresDe(n) {
  const v = { ...VAZIO };
  const achatar = (objeto, prefixo) => {
    for (const [chave, valor] of Object.entries(objeto ?? {})) {
      const caminho = prefixo ? `${prefixo}.${chave}` : chave;
      if (valor && typeof valor === 'object' && !Array.isArray(valor)) achatar(valor, caminho);
      else if (caminho in VAZIO) v[caminho] = valor ?? '';
    }
  };
  achatar(n, '');
  v.valor_centavos = (n.valor_centavos / 100).toFixed(2).replace('.', ',');
  v.faturas = (n.faturas ?? []).join(', ');
  v['devedor.documento'] = fmtDocumento(n.devedor?.documento);
  return v;
}

function corpoDe(v) {
  const opcional = (t) => (t.trim() ? t.trim() : null);
  return {
    credor: v.credor.trim(),
    contrato: v.contrato.trim(),
    valor_centavos: centavos(v.valor_centavos),
    vencimento: v.vencimento,
    natureza: v.natureza,
    faturas: v.faturas
      .split(/[,;\n]/)
      .map((f) => f.trim())
      .filter(Boolean),
    devedor: {
      documento: v['devedor.documento'].trim(),
      nome: v['devedor.nome'].trim(),
      data_nascimento: opcional(v['devedor.data_nascimento']),
      endereco: {
        cep: v['devedor.endereco.cep'].trim(),
        logradouro: v['devedor.endereco.logradouro'].trim(),
        numero: opcional(v['devedor.endereco.numero']),
        complemento: opcional(v['devedor.endereco.complemento']),
        bairro: v['devedor.endereco.bairro'].trim(),
        cidade: v['devedor.endereco.cidade'].trim(),
        uf: v['devedor.endereco.uf'],
      },
    },
  };
}

export function NovaNegativacao() {
  return html`<${Titulo} sub="Transmitida em seguida; o status muda sozinho quando o provedor confirma.">
      Nova negativação
    </${Titulo}>
    <p><a href="#/negativacoes">← Negativações</a></p>
    <${FormularioNegativacao} inicial=${VAZIO} />`;
}

export function SubstituirNegativacao({ id }) {
  const atual = useCarregar(() => api(`/v1/negativacoes/${id}`), [id]);
  return html`<${Titulo} sub="Baixa por correção (motivo 11) e nova inclusão, acompanhadas juntas.">
      Substituir negativação
    </${Titulo}>
    <p><a href=${`#/negativacoes/${id}`}>← Voltar à negativação</a></p>
    <${Erro} erro=${atual.erro} />
    ${atual.carregando && !atual.dados && html`<${Carregando} />`}
    ${atual.dados && html`<${FormularioNegativacao} inicial=${valoresDe(atual.dados)} substitui=${id} />`}`;
}

/** One input bound to the form's values by its API path (errors land next to it). */
function Entrada({ nome, rotulo, form, tipo = 'text', dica, ...atributos }) {
  const id = `f-${nome}`;
  const erro = form.erros[nome];
  const descrito = [dica && `${id}-dica`, erro && `${id}-erro`].filter(Boolean).join(' ');
  return html`<div class="campo">
    <label for=${id}>${rotulo}</label>
    <input
      id=${id}
      name=${nome}
      type=${tipo}
      value=${form.v[nome]}
      onInput=${(e) => form.editar(nome, e.currentTarget.value)}
      aria-invalid=${erro ? 'true' : undefined}
      aria-describedby=${descrito || undefined}
      autocomplete="off"
      ...${atributos}
    />
    ${dica && html`<span class="dica" id=${`${id}-dica`}>${dica}</span>`}
    ${erro && html`<span class="erro-campo" id=${`${id}-erro`}>${erro}</span>`}
  </div>`;
}

function Selecao({ nome, rotulo, form, opcoes, valor }) {
  const erro = form.erros[nome];
  return html`<div class="campo">
    <label for=${`f-${nome}`}>${rotulo}</label>
    <select
      id=${`f-${nome}`}
      name=${nome}
      value=${valor ?? form.v[nome]}
      onChange=${(e) => form.editar(nome, e.currentTarget.value)}
      aria-invalid=${erro ? 'true' : undefined}
      aria-describedby=${erro ? `f-${nome}-erro` : undefined}
    >
      ${opcoes.map(([v, texto]) => html`<option value=${v}>${texto}</option>`)}
    </select>
    ${erro && html`<span class="erro-campo" id=${`f-${nome}-erro`}>${erro}</span>`}
  </div>`;
}

const nomeNatureza = (nome) => (typeof nome === 'string' ? nome : nome.descricao);

/** Values, field errors and the integration's tables (naturezas) of one negativação form. */
function useFormulario(inicial) {
  const integracoes = useIntegracoesCom('negativacao');
  const [v, setV] = useState(inicial);
  const [erros, setErros] = useState({});
  const integracaoId = v.integracao_id || integracoes.dados?.[0]?.id || '';
  const tabelas = useCarregar(
    async () => (integracaoId ? api(`/v1/integracoes/${integracaoId}/produtos`) : null),
    [integracaoId],
  );
  const editar = (nome, valor) => {
    setV({ ...v, [nome]: valor });
    if (erros[nome]) setErros(({ [nome]: _, ...resto }) => resto);
  };
  const naturezas = Object.entries(tabelas.dados?.naturezas ?? {});
  const natureza = v.natureza || naturezas[0]?.[0] || '';
  return { integracoes, v, erros, setErros, editar, integracaoId, naturezas, natureza };
}

function FormularioNegativacao({ inicial, substitui }) {
  const f = useFormulario(inicial);
  const [erro, setErro] = useState(null);
  const [ocupado, setOcupado] = useState(false);
  const elemento = useRef(null);
  const idempotencia = useRef(chaveIdempotencia());

  useEffect(() => {
    if (Object.keys(f.erros).length) focarPrimeiroErro(elemento.current);
  }, [f.erros]);

  const enviar = async (evento) => {
    evento.preventDefault();
    setErro(null);
    const corpo = corpoDe({ ...f.v, natureza: f.natureza });
    if (corpo.valor_centavos === null) {
      f.setErros({ valor_centavos: 'informe o valor em reais, ex.: 150,75' });
      return;
    }
    const url = substitui ? `/v1/negativacoes/${substitui}/substituir` : '/v1/negativacoes';
    const enviado = substitui ? corpo : { integracao_id: f.integracaoId, ...corpo };
    setOcupado(true);
    try {
      const r = await api(url, {
        metodo: 'POST',
        json: enviado,
        idempotencia: idempotencia.current(enviado),
      });
      anunciar(substitui ? 'Substituição pedida' : 'Negativação criada, aguardando transmissão');
      ir(`/negativacoes/${(substitui ? r.nova : r).id}`);
    } catch (e) {
      setErro(e);
      f.setErros(errosDaApi(e));
    } finally {
      setOcupado(false);
    }
  };

  const integracoes = (f.integracoes.dados ?? []).map((i) => [
    i.id,
    `${i.descricao} (${i.provedor})`,
  ]);
  const naturezas = f.naturezas.map(([codigo, nome]) => [
    codigo,
    `${codigo} · ${nomeNatureza(nome)}`,
  ]);
  return html`<form ref=${elemento} class="formulario" onSubmit=${enviar} novalidate>
    <fieldset>
      <legend>Dívida</legend>
      <div class="campos">
        ${
          !substitui &&
          html`<${Selecao}
            nome="integracao_id"
            rotulo="Integração"
            form=${f}
            opcoes=${integracoes}
            valor=${f.integracaoId}
          />`
        }
        <${Entrada}
          nome="credor"
          rotulo="Credor (CNPJ da empresa)"
          form=${f}
          dica="CNPJ numérico ou alfanumérico"
        />
        <${Entrada} nome="contrato" rotulo="Contrato" form=${f} maxlength="100" />
        <${Entrada}
          nome="valor_centavos"
          rotulo="Valor (R$)"
          form=${f}
          inputmode="decimal"
          dica="ex.: 150,75 (mínimo R$ 10,00)"
        />
        <${Entrada} nome="vencimento" rotulo="Vencimento" form=${f} tipo="date" />
        <${Selecao}
          nome="natureza"
          rotulo="Natureza"
          form=${f}
          opcoes=${naturezas}
          valor=${f.natureza}
        />
        <${Entrada}
          nome="faturas"
          rotulo="Faturas do seu sistema"
          form=${f}
          dica="separadas por vírgula; o pagamento de uma pede a baixa"
        />
      </div>
    </fieldset>
    <fieldset>
      <legend>Devedor</legend>
      <div class="campos">
        <${Entrada} nome="devedor.documento" rotulo="CPF ou CNPJ" form=${f} />
        <${Entrada} nome="devedor.nome" rotulo="Nome" form=${f} maxlength="200" />
        <${Entrada}
          nome="devedor.data_nascimento"
          rotulo="Data de nascimento"
          form=${f}
          tipo="date"
          dica="opcional; menores de 18 anos são recusados"
        />
        <${Entrada} nome="devedor.endereco.cep" rotulo="CEP" form=${f} inputmode="numeric" />
        <${Entrada} nome="devedor.endereco.logradouro" rotulo="Logradouro" form=${f} />
        <${Entrada} nome="devedor.endereco.numero" rotulo="Número" form=${f} />
        <${Entrada} nome="devedor.endereco.complemento" rotulo="Complemento" form=${f} />
        <${Entrada} nome="devedor.endereco.bairro" rotulo="Bairro" form=${f} />
        <${Entrada} nome="devedor.endereco.cidade" rotulo="Cidade" form=${f} />
        <${Selecao}
          nome="devedor.endereco.uf"
          rotulo="UF"
          form=${f}
          opcoes=${[['', 'Selecione…'], ...UFS.map((uf) => [uf, uf])]}
        />
      </div>
    </fieldset>
    <${Erro} erro=${erro} titulo=${substitui ? 'Substituição recusada' : 'Negativação recusada'} />
    <button type="submit" disabled=${ocupado || (!substitui && !f.integracaoId)}>
      ${ocupado ? 'Enviando…' : substitui ? 'Substituir' : 'Negativar'}
    </button>
  </form>`;
}
