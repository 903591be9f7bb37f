import { z } from 'zod';

export const errorBody = z.object({
  erro: z.object({
    codigo: z.string(),
    mensagem: z.string(),
    campo: z.string().optional(),
    detalhes: z.unknown().optional(),
  }),
});

export const errorResponses = { 400: errorBody, 404: errorBody, 409: errorBody, 422: errorBody };

/** Cursor pagination: pass the previous page's `proximo` as `apos`. */
export const pageQuery = z.object({
  limite: z.coerce.number().int().min(1).max(200).default(50),
  apos: z.string().optional().describe('cursor: o campo `proximo` da pagina anterior'),
});

/**
 * A list's date-time filter: ISO 8601 in UTC with `Z` (`2026-01-05T12:00:00Z`), the form every
 * stored timestamp has.
 */
export const instanteFiltro = z.iso.datetime();
