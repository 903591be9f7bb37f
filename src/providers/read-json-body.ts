export type JsonObjectResult =
  { ok: true; value: Record<string, unknown> } | { ok: false; mensagem: string };

/** Parses a request body that must be a JSON object; adapters share this for inbound reads. */
export function readJsonObject(body: Buffer | null): JsonObjectResult {
  if (!body || body.length === 0) return { ok: false, mensagem: 'corpo vazio; esperado JSON' };
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return { ok: false, mensagem: 'corpo nao e JSON valido' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, mensagem: 'corpo deve ser um objeto JSON' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}
