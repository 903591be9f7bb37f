import { html } from './ui.js';
import { humano, json } from './formato.js';

// A form generated from a provider's JSON Schema (GET /v1/provedores: `credenciais` and
// `configuracoes`), so a new provider or setting needs no console change. Inputs are
// uncontrolled and named by their path (`configuracoes.recebimento.autenticacao`), the same
// path the API names in its errors; `coletar` reads them back into the request body, leaving
// out what the operator did not fill so the provider's defaults apply.

const SEGREDO = /senha|token|segredo|secret/i;
const LONGO = /chave_publica|certificado|pem/i;

const simples = (item) => ['string', 'integer', 'number'].includes(item.type);

function tipoDeLista(item = {}) {
  if (item.enum) return 'lista-opcoes';
  return simples(item) || item.anyOf?.every(simples) ? 'lista' : 'json';
}

function tipoDeTexto(esquema) {
  if (esquema.enum) return 'opcoes';
  return esquema.const === undefined ? 'texto' : 'constante';
}

const POR_TIPO = {
  object: (e) => (e.properties ? 'objeto' : 'json'),
  array: (e) => tipoDeLista(e.items),
  string: tipoDeTexto,
  integer: () => 'numero',
  number: () => 'numero',
  boolean: () => 'booleano',
};

/** What kind of input a schema node becomes; anything unusual is edited as JSON. */
export function tipoDe(esquema) {
  const alternativas = esquema.anyOf ?? esquema.oneOf;
  if (alternativas) {
    return alternativas.every((a) => a.type === 'string' && !a.enum) ? 'texto' : 'json';
  }
  return POR_TIPO[esquema.type]?.(esquema) ?? 'json';
}

const idDe = (caminho) => `f-${caminho}`;
const padraoTexto = (valor) =>
  valor === undefined ? '' : typeof valor === 'object' ? JSON.stringify(valor) : String(valor);

function Dica({ caminho, esquema, erro }) {
  const padrao = esquema.default !== undefined && `padrão: ${padraoTexto(esquema.default)}`;
  const dica = [esquema.description, padrao].filter(Boolean).join(' · ');
  return html`${dica && html`<span class="dica" id=${`${idDe(caminho)}-dica`}>${dica}</span>`}
  ${erro && html`<span class="erro-campo" id=${`${idDe(caminho)}-erro`}>${erro}</span>`}`;
}

function descritoPor(caminho, esquema, erro) {
  const ids = [];
  if (esquema.description || esquema.default !== undefined) ids.push(`${idDe(caminho)}-dica`);
  if (erro) ids.push(`${idDe(caminho)}-erro`);
  return ids.join(' ') || undefined;
}

function Grupo({ chave, caminho, esquema, obrigatorio, erros }) {
  return html`<details class="grupo" open=${obrigatorio}>
    <summary>${humano(chave)}</summary>
    ${esquema.description && html`<p class="dica">${esquema.description}</p>`}
    <${Campos} esquema=${esquema} prefixo=${caminho} erros=${erros} />
  </details>`;
}

function Marcar({ caminho, esquema, rotulo, comum, erro }) {
  return html`<div class="campo campo-marcar">
    <input type="checkbox" ...${comum} defaultChecked=${esquema.default === true} />
    <label for=${comum.id}>${rotulo}</label>
    <${Dica} caminho=${caminho} esquema=${esquema} erro=${erro} />
  </div>`;
}

function MarcarVarios({ caminho, esquema, rotulo, comum, erro }) {
  const padrao = esquema.default ?? [];
  return html`<fieldset class="campo" aria-describedby=${comum['aria-describedby']}>
    <legend>${rotulo}</legend>
    ${esquema.items.enum.map(
      (opcao) =>
        html`<label class="opcao">
          <input
            type="checkbox"
            name=${caminho}
            value=${opcao}
            defaultChecked=${padrao.includes(opcao)}
          />
          ${opcao}
        </label>`,
    )}
    <${Dica} caminho=${caminho} esquema=${esquema} erro=${erro} />
  </fieldset>`;
}

function Opcoes({ esquema, obrigatorio, comum }) {
  let vazio = obrigatorio ? 'Selecione…' : '(não informado)';
  if (esquema.default !== undefined) vazio = `(padrão: ${esquema.default})`;
  return html`<select ...${comum}>
    <option value="">${vazio}</option>
    ${esquema.enum.map((opcao) => html`<option value=${opcao}>${opcao}</option>`)}
  </select>`;
}

function AreaTexto({ tipo, esquema, comum }) {
  const exemplo = { lista: 'um por linha', json: 'JSON' }[tipo] ?? '';
  return html`<textarea
    ...${comum}
    rows=${tipo === 'texto' ? 4 : 3}
    spellcheck="false"
    placeholder=${[exemplo, padraoTexto(esquema.default)].filter(Boolean).join(' · ')}
  ></textarea>`;
}

function Numero({ esquema, comum }) {
  return html`<input
    type="number"
    inputmode="numeric"
    step=${esquema.type === 'integer' ? 1 : 'any'}
    min=${esquema.minimum}
    max=${esquema.maximum}
    placeholder=${padraoTexto(esquema.default)}
    ...${comum}
  />`;
}

function Texto({ chave, esquema, comum }) {
  const segredo = SEGREDO.test(chave);
  return html`<input
    type=${segredo ? 'password' : esquema.format === 'uri' ? 'url' : 'text'}
    autocomplete=${segredo ? 'new-password' : 'off'}
    spellcheck="false"
    maxlength=${esquema.maxLength}
    placeholder=${padraoTexto(esquema.default)}
    ...${comum}
  />`;
}

function Entrada(props) {
  const { tipo, chave } = props;
  if (tipo === 'opcoes') return Opcoes(props);
  if (tipo === 'json' || tipo === 'lista' || LONGO.test(chave)) return AreaTexto(props);
  return tipo === 'numero' ? Numero(props) : Texto(props);
}

const ESPECIAIS = { objeto: Grupo, booleano: Marcar, 'lista-opcoes': MarcarVarios };

function Campo({ chave, caminho, esquema, obrigatorio, erros }) {
  const tipo = tipoDe(esquema);
  if (tipo === 'constante') return null;
  const erro = erros[caminho];
  const comum = {
    id: idDe(caminho),
    name: caminho,
    'aria-invalid': erro ? 'true' : undefined,
    'aria-describedby': descritoPor(caminho, esquema, erro),
    'aria-required': obrigatorio ? 'true' : undefined,
  };
  const rotulo = html`${humano(chave)}${obrigatorio && html`<span aria-hidden="true"> *</span>`}`;
  const props = { tipo, chave, caminho, esquema, obrigatorio, erros, erro, comum, rotulo };
  const Especial = ESPECIAIS[tipo];
  if (Especial) return html`<${Especial} ...${props} />`;
  const largo = tipo === 'json' || LONGO.test(chave);
  return html`<div class=${largo ? 'campo campo-largo' : 'campo'}>
    <label for=${comum.id}>${rotulo}${tipo === 'json' && html` <small>(JSON)</small>`}</label>
    <${Entrada} ...${props} />
    <${Dica} caminho=${caminho} esquema=${esquema} erro=${erro} />
  </div>`;
}

/** The inputs of one object schema, required ones first. */
export function Campos({ esquema, prefixo, erros = {} }) {
  const obrigatorios = new Set(esquema.required ?? []);
  const chaves = Object.keys(esquema.properties ?? {}).sort(
    (a, b) => Number(obrigatorios.has(b)) - Number(obrigatorios.has(a)),
  );
  return html`<div class="campos">
    ${chaves.map(
      (chave) =>
        html`<${Campo}
          key=${chave}
          chave=${chave}
          caminho=${`${prefixo}.${chave}`}
          esquema=${esquema.properties[chave]}
          obrigatorio=${obrigatorios.has(chave)}
          erros=${erros}
        />`,
    )}
  </div>`;
}

/**
 * The body for `esquema` from the form's inputs named under `prefixo`, and the errors found
 * before sending (required and unparsable fields); the API checks everything else.
 */
export function coletar(esquema, form, prefixo) {
  const erros = {};
  const valor = coletarObjeto(esquema, form, prefixo, erros);
  return { valor: valor ?? {}, erros };
}

function coletarObjeto(esquema, form, prefixo, erros) {
  const saida = {};
  const obrigatorios = new Set(esquema.required ?? []);
  for (const [chave, filho] of Object.entries(esquema.properties ?? {})) {
    const caminho = `${prefixo}.${chave}`;
    const valor = coletarCampo(filho, form, caminho, erros);
    if (valor !== undefined) saida[chave] = valor;
    else if (obrigatorios.has(chave) && !erros[caminho]) erros[caminho] = 'obrigatório';
  }
  return Object.keys(saida).length ? saida : undefined;
}

function coletarCampo(esquema, form, caminho, erros) {
  const tipo = tipoDe(esquema);
  if (tipo === 'objeto') return coletarObjeto(esquema, form, caminho, erros);
  if (tipo === 'constante') return undefined;
  if (tipo === 'lista-opcoes') {
    const marcados = [...form.querySelectorAll(`input[name="${caminho}"]:checked`)].map(
      (i) => i.value,
    );
    return json(marcados) === json(esquema.default ?? []) ? undefined : marcados;
  }
  const campo = form.elements.namedItem(caminho);
  if (!campo) return undefined;
  if (tipo === 'booleano') {
    return campo.checked === (esquema.default === true) ? undefined : campo.checked;
  }
  const texto = campo.value.trim();
  if (!texto) return undefined;
  const ler = LEITORES[tipo];
  if (!ler) return texto;
  const { valor, erro } = ler(texto, esquema);
  if (erro) erros[caminho] = erro;
  return valor;
}

/** Typed text inputs: the value, or the error that stops the form before it is sent. */
const LEITORES = {
  numero: (texto) => {
    const numero = Number(texto);
    return Number.isNaN(numero) ? { erro: 'número inválido' } : { valor: numero };
  },
  lista: (texto, esquema) => {
    const itens = texto
      .split(/[\n,]/)
      .map((t) => t.trim())
      .filter(Boolean);
    const numerico = ['integer', 'number'].includes(esquema.items?.type);
    return { valor: numerico ? itens.map(Number) : itens };
  },
  json: (texto) => {
    try {
      return { valor: JSON.parse(texto) };
    } catch {
      return { erro: 'JSON inválido' };
    }
  },
};

/** The API's refusal as errors by field path (`campo` and every entry of `detalhes`). */
export function errosDaApi(erro) {
  const erros = {};
  for (const d of erro?.detalhes ?? []) if (d.campo && !erros[d.campo]) erros[d.campo] = d.mensagem;
  if (erro?.campo && !erros[erro.campo]) {
    erros[erro.campo] = erro.message.replace(`${erro.campo}: `, '');
  }
  return erros;
}

/** Opens the groups around the first invalid input and moves the focus there. */
export function focarPrimeiroErro(form) {
  const campo = form?.querySelector('[aria-invalid="true"]');
  if (!campo) return false;
  for (let d = campo.closest('details'); d; d = d.parentElement?.closest('details')) d.open = true;
  campo.focus();
  return true;
}
