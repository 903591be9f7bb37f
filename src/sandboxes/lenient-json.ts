import type { FastifyInstance } from 'fastify';

/**
 * Real clients send `{}`, nothing, or a JSON content type on a bodiless request, and providers
 * accept all of them: an empty body reads as no body, so a route's own validation names the
 * missing fields. Broken JSON fails with `brokenStatus`, for the sandbox's error handler to
 * answer in its provider's shape.
 */
export function parseJsonLeniently(app: FastifyInstance, brokenStatus: number): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body).trim();
    if (text === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(
        Object.assign(new Error('corpo JSON invalido'), { statusCode: brokenStatus }),
        undefined,
      );
    }
  });
}
