import type { FastifyPluginAsync } from 'fastify';
import type { z } from 'zod';

export const PROVIDER_IDS = ['serasa_experian', 'tecnospeed', 'serasa_bureau', 'bmp'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];
export type Ambiente = 'homologacao' | 'producao';

export type InboundMethod = 'GET' | 'POST' | 'PUT';
export type InboundAuthScheme = 'nenhuma' | 'basic' | 'bearer' | 'api_key';

/** What the core hands an adapter about one received request; the adapter never sees the database. */
export interface InboundRequest {
  method: string;
  query: Record<string, string | string[] | undefined>;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer | null;
}

/** An adapter's reading of an inbound request; the core decides what to do with it. */
export type InboundReading =
  | { tipo: 'malformado'; mensagem: string; campo?: string }
  | { tipo: 'aceito'; referencia?: string; dedupKey?: string };

/**
 * Receiving provider callbacks: which methods and auth schemes the provider can be configured
 * with, and how to read a request. Authentication itself is done by the core's verifiers.
 */
export interface InboundCapability {
  methods: readonly InboundMethod[];
  authSchemes: readonly InboundAuthScheme[];
  read(request: InboundRequest): InboundReading;
}

/** A provider's simulator: routes that behave like the real API on the wire. */
export interface SandboxDefinition {
  provider: string;
  description: string;
  /** Documented magic inputs and what they trigger, shown by the sandbox's info route. */
  magicInputs: Record<string, string>;
  routes: FastifyPluginAsync;
}

export interface DemoIntegration {
  descricao: string;
  ambiente: Ambiente;
  credenciais: unknown;
  configuracoes: unknown;
}

export interface ProviderAdapter {
  id: string;
  displayName: string;
  capabilities: { consulta: boolean; negativacao: boolean; recebimento: boolean };
  /** Secrets: stored encrypted, never returned. */
  credentialsSchema: z.ZodType;
  /** Non-secret settings, returned by the API. */
  settingsSchema: z.ZodType;
  inbound?: InboundCapability;
  sandbox?: SandboxDefinition;
  /** The integration demo mode seeds, pointing at this provider's sandbox. */
  demoIntegration?(sandboxBaseUrl: string): DemoIntegration;
}
