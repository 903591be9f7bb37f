import { z } from 'zod';

const secret = z.string().min(1).max(512);
const cnpj = z.string().regex(/^[0-9A-Z]{12}[0-9]{2}$/, 'CNPJ com 14 caracteres, sem pontuacao');

/** Three credential levels (seed 001): software house, customer, SCC Check login. */
export const tecnospeedCredentialsSchema = z
  .object({
    cnpj_sh: cnpj,
    token_sh: secret,
    cnpj_usuario: cnpj,
    login: secret,
    senha: secret,
  })
  .strict();

export const tecnospeedSettingsSchema = z
  .object({
    /** Overrides https://api.consultanegativacao.com.br/v1 (homologacao adds /homologacao). */
    url_base: z.url().optional(),
  })
  .strict()
  .prefault({});
