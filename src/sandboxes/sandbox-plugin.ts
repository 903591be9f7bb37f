import type { FastifyError, FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { invalidInput } from '../domain/errors.js';
import type { SandboxDefinition } from '../providers/contract.js';
import { installFaultInjection, type FaultSettings } from './fault-injection.js';

export type { FaultSettings } from './fault-injection.js';

const DEFAULT_FAULTS: FaultSettings = {
  latencyMs: 0,
  latencyJitterMs: 0,
  errorRate: 0,
  timeoutRate: 0,
  errorStatus: 503,
};

/** A fresh, fault-free settings object (no latency, no errors, 503 when errors are turned on). */
export function defaultFaults(partial: Partial<FaultSettings> = {}): FaultSettings {
  return { ...DEFAULT_FAULTS, ...partial };
}

const rate = z.number().min(0, 'deve estar entre 0 e 1').max(1, 'deve estar entre 0 e 1');
const millis = z.number().min(0, 'deve ser maior ou igual a 0');

const faultUpdateSchema = z.strictObject(
  {
    latencyMs: millis.optional(),
    latencyJitterMs: millis.optional(),
    errorRate: rate.optional(),
    timeoutRate: rate.optional(),
    errorStatus: z
      .number()
      .int('deve ser um inteiro')
      .min(400, 'deve estar entre 400 e 599')
      .max(599, 'deve estar entre 400 e 599')
      .optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `campo desconhecido: ${issue.keys.join(', ')}`
        : undefined,
  },
);

/**
 * A provider's sandbox as a Fastify plugin: fault injection, the definition's wire routes, and
 * the control routes `GET /__sandbox` and `PUT /__sandbox/falhas`. Works alone or under a prefix.
 * `faults` is mutated in place by the control route, so the caller's object stays live.
 */
export function sandboxPlugin(
  definition: SandboxDefinition,
  faults: FaultSettings,
  options: { random?: () => number } = {},
): FastifyPluginAsync {
  return async (app) => {
    installFaultInjection(app, faults, options.random);

    await app.register(definition.routes);

    await app.register(async (control) => {
      control.setErrorHandler<FastifyError>(async (error, _request, reply) => {
        if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
          return reply
            .code(error.statusCode)
            .send({ erro: { codigo: 'corpo_invalido', mensagem: error.message } });
        }
        throw error;
      });

      control.get('/__sandbox', async () => ({
        provider: definition.provider,
        description: definition.description,
        magicInputs: definition.magicInputs,
        faults: { ...faults },
      }));

      control.put('/__sandbox/falhas', async (request, reply) => {
        const parsed = faultUpdateSchema.safeParse(request.body ?? {});
        if (!parsed.success) {
          const refusal = invalidInput(parsed.error);
          const { codigo, message: mensagem, campo, detalhes } = refusal;
          return reply.code(refusal.status).send({ erro: { codigo, mensagem, campo, detalhes } });
        }
        for (const [key, value] of Object.entries(parsed.data)) {
          if (value !== undefined) faults[key as keyof FaultSettings] = value;
        }
        return { ...faults };
      });
    });
  };
}
