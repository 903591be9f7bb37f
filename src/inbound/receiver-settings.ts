import { z } from 'zod';
import type { InboundAuthScheme, InboundMethod } from '../providers/contract.js';

/** BMP accepts keys of up to 255 characters; we hold every receiver secret to the same bound. */
const receiverSecret = z.string().min(1).max(255, 'deve ter no maximo 255 caracteres');

/** How a provider authenticates when it calls us (non-secret part, returned by the API). */
export function receiverSettingsSchema(
  schemes: readonly InboundAuthScheme[],
  methods: readonly InboundMethod[],
) {
  return z
    .object({
      autenticacao: z
        .enum(schemes as [InboundAuthScheme, ...InboundAuthScheme[]])
        .default(schemes[0]),
      /** Header carrying the key when autenticacao = api_key (BMP: `API-Key` or `X-API-Key`). */
      cabecalho: z
        .string()
        .regex(/^[A-Za-z0-9-]{1,64}$/, 'nome de cabecalho HTTP invalido')
        .default('X-API-Key'),
      metodos: z
        .array(z.enum(methods as [InboundMethod, ...InboundMethod[]]))
        .min(1)
        .default([...methods]),
      /** Source addresses allowed to call; empty means any. Exact IPs (v4 or v6). */
      ips_permitidos: z.array(z.union([z.ipv4(), z.ipv6()])).default([]),
    })
    .prefault({});
}

/** Secret part of the receiver auth, stored encrypted with the other credentials. */
export const receiverCredentialsSchema = z
  .object({
    usuario: receiverSecret.optional(),
    senha: receiverSecret.optional(),
    token: receiverSecret.optional(),
  })
  .strict()
  .prefault({});

export type ReceiverSettings = z.output<ReturnType<typeof receiverSettingsSchema>>;
export type ReceiverCredentials = z.output<typeof receiverCredentialsSchema>;
