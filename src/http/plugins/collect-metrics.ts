import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { JobQueue } from '../../infra/queue/job-queue.js';

export interface Metrics {
  registry: Registry;
  inboundEvents: Counter<'provedor' | 'veredito'>;
}

/** Prometheus metrics on a registry of this app's own, so several apps can share a process (tests). */
export function collectMetrics(app: FastifyInstance, jobs: JobQueue): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'credgate_http_request_duration_seconds',
    help: 'HTTP request latency by route template (never the raw URL: it may hold tokens)',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const inboundEvents = new Counter({
    name: 'credgate_inbound_events_total',
    help: 'Provider requests received on inbound URLs, by verdict',
    labelNames: ['provedor', 'veredito'],
    registers: [registry],
  });
  new Gauge({
    name: 'credgate_jobs',
    help: 'Jobs in the database by state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const counts = await jobs.countByState();
      for (const [state, total] of Object.entries(counts)) this.set({ state }, total);
    },
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'desconhecida';
    httpDuration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  return { registry, inboundEvents };
}
