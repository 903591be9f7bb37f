import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  installPortugueseZodMessages,
  isoDate,
} from '../../src/infra/validation/portuguese-zod-messages.js';

const message = (schema: z.ZodType, input: unknown) => {
  const parsed = schema.safeParse(input);
  if (parsed.success) throw new Error('expected a refusal');
  return parsed.error.issues[0].message;
};

describe('Portuguese zod messages', () => {
  beforeAll(() => installPortugueseZodMessages());

  it.each<[string, z.ZodType, unknown, string]>([
    ['missing', z.object({ a: z.string() }), {}, 'obrigatorio: deve ser um texto'],
    ['wrong type', z.number(), 'x', 'deve ser um numero, recebido um texto'],
    ['list for object', z.object({}), [], 'deve ser um objeto, recebido uma lista'],
    ['enum', z.enum(['cpf', 'cnpj']), 'rg', 'valor invalido: use um de cpf, cnpj'],
    ['literal', z.literal('pem'), 'x', 'valor invalido: use pem'],
    ['number min', z.number().min(1), 0, 'deve ser no minimo 1'],
    ['number positive', z.number().positive(), 0, 'deve ser maior que 0'],
    ['number max', z.number().max(200), 201, 'deve ser no maximo 200'],
    ['empty string', z.string().min(1), '', 'nao pode ficar vazio'],
    ['string max', z.string().max(20), 'x'.repeat(21), 'deve ter no maximo 20 caracteres'],
    ['string length', z.string().length(2), 'abc', 'deve ter exatamente 2 caracteres'],
    ['array max', z.array(z.string()).max(1), ['a', 'b'], 'deve ter no maximo 1 item'],
    ['multiple', z.number().multipleOf(5), 7, 'deve ser multiplo de 5'],
    ['unknown keys', z.strictObject({}), { x: 1, y: 2 }, 'campos desconhecidos: x, y'],
    ['email', z.email(), 'x', 'use um e-mail valido'],
    [
      'datetime Z',
      z.iso.datetime(),
      '2026-11-23',
      'use data e hora ISO 8601 em UTC, ex.: 2026-11-23T13:00:00Z',
    ],
    [
      'datetime offset',
      z.iso.datetime({ offset: true }),
      '2026-11-23',
      'use data e hora ISO 8601 com fuso, ex.: 2026-11-23T10:00:00-03:00',
    ],
    ['regex', z.string().regex(/^\d+$/), 'a', 'formato invalido: deve seguir o padrao /^\\d+$/'],
    [
      'discriminated union',
      z.discriminatedUnion('formato', [
        z.object({ formato: z.literal('pem') }),
        z.object({ formato: z.literal('jks') }),
      ]),
      { formato: 'x' },
      'formato invalido: use um de pem, jks',
    ],
    ['explicit message wins', z.string().min(1, 'obrigatorio'), '', 'obrigatorio'],
  ])('%s', (_what, schema, input, expected) => {
    expect(message(schema, input)).toBe(expected);
  });

  it('tells a date that does not exist from a malformed one', () => {
    expect(message(isoDate(), '2026-02-30')).toBe(
      'data invalida: use uma data que exista, no formato aaaa-mm-dd',
    );
    expect(message(isoDate(), '30/02/2026')).toBe(
      'data invalida: use o formato aaaa-mm-dd, ex.: 2026-11-23',
    );
    expect(isoDate().safeParse('2028-02-29').success).toBe(true);
  });
});
