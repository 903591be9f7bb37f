import { z } from 'zod';

// zod's built-in messages are English ("Invalid input: expected string, received undefined") and
// reach API clients in every 400. This map answers in the API's language (Portuguese, ASCII) and
// names what was expected. zod consults it only when a schema gives no message of its own, so
// explicit messages keep winning.

type Issue = z.core.$ZodRawIssue;

const TIPOS: Record<string, string> = {
  string: 'um texto',
  number: 'um numero',
  int: 'um numero inteiro',
  bigint: 'um numero inteiro',
  boolean: 'true ou false',
  date: 'uma data',
  array: 'uma lista',
  tuple: 'uma lista',
  set: 'uma lista',
  object: 'um objeto',
  record: 'um objeto',
  map: 'um objeto',
  null: 'null',
  undefined: 'ausente',
  nan: 'um valor nao numerico',
  function: 'uma funcao',
};

const tipo = (nome: string) => TIPOS[nome] ?? nome;

const FORMATOS: Record<string, string> = {
  date: 'use o formato aaaa-mm-dd, ex.: 2026-11-23',
  time: 'use a hora no formato hh:mm:ss, ex.: 10:00:00',
  duration: 'use uma duracao ISO 8601, ex.: P1D',
  email: 'use um e-mail valido',
  url: 'use uma URL valida',
  uuid: 'use um UUID',
  guid: 'use um GUID',
  ulid: 'use um ULID',
  ipv4: 'use um endereco IPv4',
  ipv6: 'use um endereco IPv6',
  base64: 'use texto em base64',
  base64url: 'use texto em base64url',
  json_string: 'use um texto JSON valido',
  lowercase: 'use apenas letras minusculas',
  uppercase: 'use apenas letras maiusculas',
};

/** The message for a zod issue no schema worded; exported for its unit test. */
export function portugueseMessage(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return tipoErrado(issue.expected, issue.input);
    case 'too_small':
      return limite(issue.origin, issue.minimum, issue.inclusive, issue.exact, 'minimo', 'maior');
    case 'too_big':
      return limite(issue.origin, issue.maximum, issue.inclusive, issue.exact, 'maximo', 'menor');
    case 'invalid_format':
      return formato(issue);
    case 'invalid_value':
      return `valor invalido: use ${issue.values.length > 1 ? 'um de ' : ''}${valores(issue.values)}`;
    case 'not_multiple_of':
      return `deve ser multiplo de ${issue.divisor}`;
    case 'unrecognized_keys':
      return `${issue.keys.length > 1 ? 'campos desconhecidos' : 'campo desconhecido'}: ${issue.keys.join(', ')}`;
    case 'invalid_key':
      return 'chave invalida';
    case 'invalid_element':
      return 'item invalido';
    case 'invalid_union':
      return uniao(issue.discriminator, issue.options);
    default:
      return 'valor invalido';
  }
}

function tipoErrado(esperado: string, input: unknown): string {
  // A bodiless request reaches the body schema as null, so null reads as missing too.
  if (input === undefined || input === null) return `obrigatorio: deve ser ${tipo(esperado)}`;
  return `deve ser ${tipo(esperado)}, recebido ${tipo(z.core.util.parsedType(input))}`;
}

function uniao(discriminador: string | undefined, opcoes: unknown): string {
  return discriminador && Array.isArray(opcoes) && opcoes.length > 0
    ? `${discriminador} invalido: use um de ${valores(opcoes)}`
    : 'valor invalido: nao corresponde a nenhuma das formas aceitas';
}

/** Singular and plural of what a length counts, by the origin zod names. */
const UNIDADES: Record<string, [string, string]> = {
  string: ['caractere', 'caracteres'],
  array: ['item', 'itens'],
  set: ['item', 'itens'],
  file: ['byte', 'bytes'],
};

function limite(
  origem: string,
  valor: number | bigint | Date,
  inclusivo: boolean | undefined,
  exato: boolean | undefined,
  extremo: 'minimo' | 'maximo',
  comparacao: 'maior' | 'menor',
): string {
  const n = valor instanceof Date ? valor.toISOString() : String(valor);
  const unidades = UNIDADES[origem];
  if (!unidades) {
    return inclusivo ? `deve ser no ${extremo} ${n}` : `deve ser ${comparacao} que ${n}`;
  }
  const unidade = unidades[n === '1' ? 0 : 1];
  if (exato) return `deve ter exatamente ${n} ${unidade}`;
  if (origem === 'string' && extremo === 'minimo' && n === '1') return 'nao pode ficar vazio';
  return `deve ter no ${extremo} ${n} ${unidade}`;
}

function formato(issue: Extract<Issue, { code: 'invalid_format' }>): string {
  switch (issue.format) {
    case 'date':
      return dateMessage(issue.input);
    case 'datetime':
      return (issue.inst?._zod.def as { offset?: boolean } | undefined)?.offset
        ? 'use data e hora ISO 8601 com fuso, ex.: 2026-11-23T10:00:00-03:00'
        : 'use data e hora ISO 8601 em UTC, ex.: 2026-11-23T13:00:00Z';
    case 'regex':
      return `formato invalido: deve seguir o padrao ${String(issue.pattern)}`;
    case 'starts_with':
      return `deve comecar com "${String(issue.prefix)}"`;
    case 'ends_with':
      return `deve terminar com "${String(issue.suffix)}"`;
    case 'includes':
      return `deve conter "${String(issue.includes)}"`;
    default:
      return FORMATOS[issue.format] ?? `formato invalido (${issue.format})`;
  }
}

// zod checks the calendar too: a well-formed day that does not exist is a different mistake.
function dateMessage(input: unknown): string {
  return typeof input === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(input)
    ? 'data invalida: use uma data que exista, no formato aaaa-mm-dd'
    : 'data invalida: use o formato aaaa-mm-dd, ex.: 2026-11-23';
}

/** A calendar date (`aaaa-mm-dd`) whose message holds wherever it is parsed, map installed or not. */
export const isoDate = () => z.iso.date({ error: (issue) => dateMessage(issue.input) });

const valores = (lista: readonly unknown[]) =>
  lista.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');

/**
 * Replaces zod's English locale for the whole process. Messages are built when a parse fails, so
 * every schema (bodies, queries, params, CSV rows, provider settings) uses it from now on.
 */
export function installPortugueseZodMessages(): void {
  z.config({ localeError: portugueseMessage });
}
