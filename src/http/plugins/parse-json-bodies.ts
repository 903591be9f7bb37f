import type { FastifyInstance } from 'fastify';

/**
 * Body parsing for the JSON API, set on the root so every route inherits it; scopes that take
 * other bodies (lotes' CSV, the raw provider callbacks) add or replace parsers of their own.
 *
 * - Many HTTP clients send `Content-Type: application/json` on every request, bodiless POSTs
 *   included (`/testar`, `/sincronizar`): an empty body reads as no body, so a route without a
 *   body schema runs and one with it names the missing body, as when no Content-Type is sent.
 * - `text/plain` is refused with 415 like any other non-JSON type: Fastify's built-in parser
 *   would hand a JSON text to the schema as a string, and the caller would read "expected
 *   object" instead of the fix (send `application/json`).
 */
export function parseJsonBodies(app: FastifyInstance): void {
  // Fastify's own parser, with its prototype-poisoning guards and messages.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    void parseJson(request, text, done);
  });
}
