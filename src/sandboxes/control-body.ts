import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';

/** A strict control body's message for fields it does not know. */
export const semCamposExtras = {
  error: (issue: z.core.$ZodRawIssue) =>
    issue.code === 'unrecognized_keys' ? `campo desconhecido: ${issue.keys.join(', ')}` : undefined,
};

/**
 * A control route's body, or null once a 400 `{erro: {codigo, mensagem, campo}}` naming the first
 * bad field was sent (the same shape as the framework's own routes).
 */
export function parseControlBody<T>(
  schema: z.ZodType<T>,
  body: unknown,
  reply: FastifyReply,
): T | null {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const campo =
    issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path.join('.') || 'corpo';
  void reply
    .code(400)
    .send({ erro: { codigo: 'campo_invalido', mensagem: `${campo}: ${issue.message}`, campo } });
  return null;
}

/** Unparseable control bodies answer 400 in the same shape; 5xx go to Fastify's handler. */
export function answerControlErrors(app: FastifyInstance): void {
  app.setErrorHandler<FastifyError>(async (error, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status < 400 || status >= 500) throw error;
    return reply.code(status).send({ erro: { codigo: 'corpo_invalido', mensagem: error.message } });
  });
}
