import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import helmet from 'helmet';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { AppContext } from '../app-context.js';
import { InboxWriter } from '../inbound/inbox-writer.js';
import { serializeRequest } from '../infra/logging/create-logger.js';
import { installPortugueseZodMessages } from '../infra/validation/portuguese-zod-messages.js';
import { collectMetrics } from './plugins/collect-metrics.js';
import { handleErrors } from './plugins/handle-errors.js';
import { honorIdempotencyKey } from './plugins/honor-idempotency-key.js';
import { parseJsonBodies } from './plugins/parse-json-bodies.js';
import { requireApiKey } from './plugins/require-api-key.js';
import { callbackRoutes } from './routes/callback-routes.js';
import { consoleRoutes } from './routes/console-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { integracoesRoutes } from './routes/integracoes-routes.js';
import { jobsRoutes } from './routes/jobs-routes.js';
import { alertasRoutes } from './routes/alertas-routes.js';
import { consultasRoutes } from './routes/consultas-routes.js';
import { lotesRoutes } from './routes/lotes-routes.js';
import { negativacoesRoutes } from './routes/negativacoes-routes.js';
import { pagamentosRoutes } from './routes/pagamentos-routes.js';
import { propostasRoutes } from './routes/propostas-routes.js';
import { eventosRoutes } from './routes/eventos-routes.js';
import { webhooksRoutes } from './routes/webhooks-routes.js';

export interface BuildServerOptions {
  /** Extra plugins mounted on the same server (the demo's sandboxes). */
  mount?: (app: FastifyInstance) => Promise<void>;
}

export async function buildServer(
  ctx: AppContext,
  options: BuildServerOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.logger.child(
      {},
      { serializers: { req: serializeRequest } },
    ) as unknown as FastifyBaseLogger,
    bodyLimit: ctx.config.http.bodyLimitBytes,
    requestTimeout: ctx.config.http.requestTimeoutMs,
    // Given to Node at creation, where it takes effect (set later, a dripping body is never cut),
    // with the check run often enough to honour the timeout (Node checks every 30 s by default).
    http: {
      requestTimeout: ctx.config.http.requestTimeoutMs,
      headersTimeout: Math.min(60_000, ctx.config.http.requestTimeoutMs),
      connectionsCheckingInterval: Math.min(
        30_000,
        Math.ceil(ctx.config.http.requestTimeoutMs / 4),
      ),
    },
    trustProxy: ctx.config.http.trustProxy,
  });
  installPortugueseZodMessages();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  parseJsonBodies(app);
  handleErrors(app);

  // Security headers from helmet, configured once: @fastify/helmet rebuilds the middleware (and
  // re-parses the CSP) on every request. The docs UI ships inline scripts/styles from its own
  // package; everything else stays strict.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
  });
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined));
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'credgate',
        version: '0.1.0',
        description:
          'Gateway de protecao ao credito. Rotas /v1 exigem `Authorization: Bearer <chave de API>`. ' +
          'POST aceita `Idempotency-Key`: a mesma chave e o mesmo corpo devolvem a resposta guardada; ' +
          'enquanto a primeira requisicao roda, 409 `requisicao_em_andamento` com `Retry-After`. ' +
          'Erros: `{ "erro": { "codigo", "mensagem", "campo", "detalhes" } }`. Banco de dados ' +
          'fora do ar: 503 `banco_indisponivel` com `Retry-After`, em qualquer rota.',
      },
      components: {
        securitySchemes: { chaveApi: { type: 'http', scheme: 'bearer' } },
      },
      security: [{ chaveApi: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  const metrics = collectMetrics(app, ctx.jobs);
  requireApiKey(app, ctx.database);
  honorIdempotencyKey(app, ctx.database, ctx.clock, ctx.config.http.idempotencyLeaseMs);

  healthRoutes(app, ctx, metrics);
  integracoesRoutes(app, ctx);
  jobsRoutes(app, ctx);
  consultasRoutes(app, ctx);
  lotesRoutes(app, ctx);
  negativacoesRoutes(app, ctx);
  pagamentosRoutes(app, ctx);
  propostasRoutes(app, ctx);
  alertasRoutes(app, ctx);
  webhooksRoutes(app, ctx);
  eventosRoutes(app, ctx);
  callbackRoutes(app, ctx, new InboxWriter(ctx.database, ctx.jobs), metrics);
  consoleRoutes(app, ctx);
  if (options.mount) await options.mount(app);
  await app.ready();
  return app;
}
