import { z } from 'zod';
import {
  receiverCredentialsSchema,
  receiverSettingsSchema,
} from '../../inbound/receiver-settings.js';

/** BMP only calls us: the credentials are what it must present on each callback. */
export const bmpCredentialsSchema = z
  .object({ recebimento: receiverCredentialsSchema })
  .strict()
  .prefault({});

export const bmpSettingsSchema = z
  .object({
    recebimento: receiverSettingsSchema(
      ['bearer', 'api_key', 'basic', 'nenhuma'],
      ['GET', 'POST', 'PUT'],
    ),
  })
  .strict()
  .prefault({});
