import { z } from 'zod';
import {
  receiverCredentialsSchema,
  receiverSettingsSchema,
} from '../../inbound/receiver-settings.js';
import { PRODUTOS_BMP } from './situacoes.js';

/** BMP only calls us: the credentials are what it must present on each callback. */
export const bmpCredentialsSchema = z
  .object({ recebimento: receiverCredentialsSchema })
  .strict()
  .prefault({});

// The six methods of BMP's callback table (seed 003, research B.7), keys up to 255 characters.
// BMP does not document how its HMAC value is computed; valor_fixo is the reading its table
// supports (hmac.modo chooses otherwise).
export const bmpSettingsSchema = z
  .object({
    recebimento: receiverSettingsSchema(
      ['bearer', 'api_key', 'basic', 'jwt', 'hmac', 'nenhuma'],
      ['GET', 'POST', 'PUT'],
    ).describe(
      'Como a BMP se autentica no callback: bearer (Authorization: Bearer <token>); api_key com ' +
        'cabecalho API-Key ou X-API-Key (padrao X-API-Key); basic (Authorization: Basic); jwt ' +
        '(Authorization: Bearer <JWT>, HS256 com o segredo em token, RS256/ES256 com ' +
        'jwt.chave_publica); hmac (Authorization: HMAC <valor>, ver hmac.modo); nenhuma. ' +
        'Segredos com ate 255 caracteres, em credenciais.recebimento',
    ),
    produto: z
      .enum(PRODUTOS_BMP, { error: 'deve ser e_consignado, fgts ou caas' })
      .default('e_consignado')
      .describe(
        'Produto BMP cujos callbacks de proposta esta integracao recebe: e_consignado (padrao), ' +
          'fgts ou caas; escolhe a tabela de situacoes usada para ordenar os callbacks',
      ),
  })
  .strict()
  .prefault({});
