import { z } from 'zod';

/** Logon and password of the B49C header (8 characters each in the layout). */
export const serasaBureauCredentialsSchema = z
  .object({
    logon: z.string().min(1).max(8),
    senha: z.string().min(1).max(8),
    /** Client certificate and key (PEM) for the host-to-host HTTPS call. */
    certificado_pem: z.string().optional(),
    chave_privada_pem: z.string().optional(),
  })
  .strict();

export const serasaBureauSettingsSchema = z
  .object({
    url: z.url().optional(),
  })
  .strict()
  .prefault({});
