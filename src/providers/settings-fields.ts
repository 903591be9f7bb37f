import { z } from 'zod';
import { UFS } from '../domain/ufs.js';

// Building blocks of provider credential and settings schemas. Operators read these messages in
// the API's 400 answers, so they are Portuguese (ASCII, like the rest of credgate's messages).

/** A strict object's error: names the unknown fields, or says what the object should be. */
export const unknownKeys = (what: string) => ({
  error: (issue: { code?: string; keys?: string[] }) =>
    issue.code === 'unrecognized_keys'
      ? `campo desconhecido em ${what}: ${(issue.keys ?? []).join(', ')}`
      : `${what} deve ser um objeto`,
});

/**
 * A type error that tells a missing field ("obrigatorio", as an empty one says) from one of the
 * wrong type: zod reports both as the same invalid_type issue.
 */
export const tipo = (mensagem: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'obrigatorio' : mensagem),
});

export const secret = z
  .string(tipo('deve ser um texto'))
  .min(1, 'obrigatorio')
  .max(512, 'deve ter no maximo 512 caracteres');

export const inteiro = (min: number, max: number) =>
  z
    .number(tipo('deve ser um numero'))
    .int('deve ser um numero inteiro')
    .min(min, `deve ser no minimo ${min}`)
    .max(max, `deve ser no maximo ${max}`);

export const uf = z.enum(UFS, tipo('deve ser a sigla de uma UF, em maiusculas (ex.: SP)'));
