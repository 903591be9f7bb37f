import { classifyDocument, type TipoDocumento } from '../../../domain/documents.js';
import { isUf } from '../../../domain/ufs.js';
import { CODIGOS, type ErroCampo } from './wire-http.js';

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const DATA_ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const DATA_BR = /^(\d{2})\/(\d{2})\/(\d{4})$/;

/**
 * A calendar date as ms epoch (UTC midnight), or null. The API's date format is undocumented
 * (research A.6); the sandbox accepts yyyy-mm-dd (optionally with a time) and dd/mm/yyyy.
 */
export function lerData(text: string): number | null {
  const iso = DATA_ISO.exec(text);
  const br = iso ? null : DATA_BR.exec(text);
  const partes = iso ? [iso[1], iso[2], iso[3]] : br ? [br[3], br[2], br[1]] : null;
  if (!partes) return null;
  const [ano, mes, dia] = partes.map(Number);
  const ms = Date.UTC(ano, mes - 1, dia);
  const data = new Date(ms);
  const real = data.getUTCFullYear() === ano && data.getUTCMonth() === mes - 1;
  return real && data.getUTCDate() === dia ? ms : null;
}

/**
 * Checks a JSON object field by field and collects one `{message, internalCode}` per problem, so
 * a 422 lists everything wrong at once. Field names in messages are full paths (`divida.cep`).
 */
export class Validador {
  constructor(
    private readonly corpo: Record<string, unknown>,
    readonly erros: ErroCampo[] = [],
    private readonly prefixo = '',
  ) {}

  /** A validator of a nested object sharing the error list; null (and an error) when absent. */
  objeto(campo: string): Validador | null {
    const value = this.corpo[campo];
    if (isObject(value)) return new Validador(value, this.erros, `${this.nome(campo)}.`);
    if (value === undefined || value === null) this.obrigatorio(campo);
    else this.erro(CODIGOS.tipoInvalido, `O campo ${this.nome(campo)} deve ser um objeto`);
    return null;
  }

  nome(campo: string): string {
    return `${this.prefixo}${campo}`;
  }

  erro(internalCode: number, message: string): null {
    this.erros.push({ message, internalCode });
    return null;
  }

  obrigatorio(campo: string): null {
    return this.erro(CODIGOS.obrigatorio, `O campo ${this.nome(campo)} e obrigatorio`);
  }

  /** A string field, trimmed; null when absent or wrong (an error is recorded if required). */
  texto(campo: string, opcoes: { obrigatorio?: boolean; max?: number } = {}): string | null {
    const value = this.corpo[campo];
    const ausente = value === undefined || value === null || value === '';
    if (ausente) return opcoes.obrigatorio === false ? null : this.obrigatorio(campo);
    if (typeof value !== 'string') {
      return this.erro(CODIGOS.tipoInvalido, `O campo ${this.nome(campo)} deve ser texto`);
    }
    const texto = value.trim();
    if (texto === '') return opcoes.obrigatorio === false ? null : this.obrigatorio(campo);
    if (opcoes.max !== undefined && texto.length > opcoes.max) {
      const message = `O campo ${this.nome(campo)} excede ${opcoes.max} caracteres`;
      return this.erro(CODIGOS.tamanhoExcedido, message);
    }
    return texto;
  }

  /** Optional code-like fields (bank, cheque): text or a number, echoed as text. */
  codigo(campo: string): string | null {
    const value = this.corpo[campo];
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return this.texto(campo, { obrigatorio: false, max: 20 });
  }

  /** A CPF or CNPJ without punctuation (check digits verified). */
  documento(campo: string, aceita: TipoDocumento | 'ambos' = 'ambos'): string | null {
    const texto = this.texto(campo);
    if (texto === null) return null;
    const documento = classifyDocument(texto);
    const tipoOk = documento && (aceita === 'ambos' || documento.tipo === aceita);
    if (!documento || documento.numero !== texto || !tipoOk) {
      const esperado = aceita === 'ambos' ? 'um CPF ou CNPJ' : `um ${aceita.toUpperCase()}`;
      const message = `O campo ${this.nome(campo)} deve ser ${esperado} valido, somente digitos`;
      return this.erro(CODIGOS.documentoInvalido, message);
    }
    return texto;
  }

  uf(campo: string, obrigatorio = true): string | null {
    const texto = this.texto(campo, { obrigatorio });
    if (texto === null) return null;
    if (!isUf(texto)) {
      return this.erro(CODIGOS.ufInvalida, `O campo ${this.nome(campo)} deve ser uma UF valida`);
    }
    return texto;
  }

  cep(campo: string): string | null {
    const texto = this.texto(campo);
    if (texto === null) return null;
    if (!/^\d{8}$/.test(texto)) {
      return this.erro(CODIGOS.cepInvalido, `O campo ${this.nome(campo)} deve ter 8 digitos`);
    }
    return texto;
  }

  /** The date as received and as ms epoch. */
  data(campo: string): { texto: string; ms: number } | null {
    const texto = this.texto(campo);
    if (texto === null) return null;
    const ms = lerData(texto);
    if (ms === null) {
      const message = `O campo ${this.nome(campo)} deve ser uma data valida (aaaa-mm-dd)`;
      return this.erro(CODIGOS.dataInvalida, message);
    }
    return { texto, ms };
  }

  /** Money in reais: a positive JSON number with at most two decimals. */
  valor(campo: string): number | null {
    const value = this.corpo[campo];
    if (value === undefined || value === null) return this.obrigatorio(campo);
    const centavos = typeof value === 'number' ? Math.round(value * 100) : NaN;
    const valido =
      typeof value === 'number' && value > 0 && Math.abs(centavos - value * 100) < 1e-6;
    if (!valido) {
      const message = `O campo ${this.nome(campo)} deve ser um numero maior que zero, com ate 2 casas decimais`;
      return this.erro(CODIGOS.valorInvalido, message);
    }
    return value;
  }

  email(campo: string): string | null {
    const texto = this.texto(campo, { max: 120 });
    if (texto === null) return null;
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(texto)) {
      return this.erro(CODIGOS.emailInvalido, `O campo ${this.nome(campo)} deve ser um e-mail`);
    }
    return texto;
  }

  /** DDD + number, 10 or 11 digits. */
  telefone(campo: string): string | null {
    const texto = this.texto(campo);
    if (texto === null) return null;
    if (!/^\d{10,11}$/.test(texto)) {
      const message = `O campo ${this.nome(campo)} deve ter DDD e numero (10 ou 11 digitos)`;
      return this.erro(CODIGOS.telefoneInvalido, message);
    }
    return texto;
  }
}
