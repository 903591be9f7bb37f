import { z } from 'zod';
import {
  receiverCredentialsSchema,
  receiverSettingsSchema,
} from '../../inbound/receiver-settings.js';

const secret = z.string().min(1).max(512);

/** The two client_id/client_secret pairs of seed 000: they may differ between query and PEFIN. */
export const serasaExperianCredentialsSchema = z
  .object({
    login_consulta: secret,
    senha_consulta: secret,
    login_pefin: secret,
    senha_pefin: secret,
    recebimento: receiverCredentialsSchema,
  })
  .strict();

export const serasaExperianSettingsSchema = z
  .object({
    /** Overrides of the environment's hosts (Serasa's own docs disagree on them). */
    url_consulta: z.url().optional(),
    url_pefin: z.url().optional(),
    recebimento: receiverSettingsSchema(['nenhuma', 'basic', 'bearer'], ['POST']),
  })
  .strict()
  .prefault({});
