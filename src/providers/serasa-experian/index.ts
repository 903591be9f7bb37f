import type {
  ProviderAdapter,
  ProviderClient,
  ProviderConnection,
  ResultadoConsulta,
} from '../contract.js';
import type { TrocaHttp } from '../exchange.js';
import { readJsonObject } from '../read-json-body.js';
import { DEFAULT_PRODUTOS, regrasNegativacao } from './catalog.js';
import {
  LoginRefused,
  SerasaTransport,
  unavailable,
  type Par,
  type SerasaResponse,
} from './client.js';
import {
  serasaExperianCredentialsSchema,
  serasaExperianSettingsSchema,
  type SerasaExperianCredentials,
  type SerasaExperianSettings,
} from './config.js';
import {
  credenciaisInvalidas,
  inclusionBody,
  readWebhook,
  recusaConsulta,
  recusaPefin,
  reportQuery,
  toRelatorio,
} from './mapper.js';
import { serasaExperianSandbox } from './sandbox.js';

const REPORT_PATHS = {
  cpf: '/credit-services/person-information-report/v1/creditreport',
  cnpj: '/credit-services/business-information-report/v1/reports',
};
/** A homologation document used to probe whether a product is contracted (research §2.8). */
const PROBE_DOCUMENTS = { cpf: '00001209523', cnpj: '50638274000189' };

function createClient(connection: ProviderConnection): ProviderClient {
  const settings = connection.configuracoes as SerasaExperianSettings;
  const transport = new SerasaTransport(
    connection,
    connection.credenciais as SerasaExperianCredentials,
    settings,
  );
  const reportHeaders = (documento: string): Record<string, string> => ({
    // The document goes only in a header, never in the URL (proxy and CDN logs).
    'x-document-id': documento,
    ...(settings.documento_varejista && { 'x-retailer-document-id': settings.documento_varejista }),
    ...(settings.centro_custo && { 'x-cost-center': settings.centro_custo }),
  });

  /** Runs `work`; a refused login becomes the credentials refusal instead of an exception. */
  async function guarded<T>(par: Par, trocas: TrocaHttp[], work: () => Promise<T>) {
    try {
      return await work();
    } catch (error) {
      if (error instanceof LoginRefused) return credenciaisInvalidas(par, trocas);
      throw error;
    }
  }

  const client: ProviderClient = {
    async testar() {
      const verificacoes = [];
      for (const par of ['consulta', 'pefin'] as const) {
        const trocas: TrocaHttp[] = [];
        try {
          const response = await transport.login(par, trocas);
          const ok = response.status === 200 || response.status === 201;
          verificacoes.push({
            nome: `login_${par}`,
            ok,
            mensagem: ok ? 'credenciais aceitas' : `a Serasa respondeu HTTP ${response.status}`,
          });
        } catch (error) {
          verificacoes.push({
            nome: `login_${par}`,
            ok: false,
            mensagem: (error as Error).message,
          });
        }
      }
      return { ok: verificacoes.every((v) => v.ok), verificacoes };
    },

    async consultar(pedido, signal) {
      const trocas: TrocaHttp[] = [];
      return guarded('consulta', trocas, async (): Promise<ResultadoConsulta> => {
        const url = `${transport.hosts.consulta}${REPORT_PATHS[pedido.documento.tipo]}?${reportQuery(pedido, settings.uf_padrao).toString()}`;
        const response = await transport.call(
          'consulta',
          { method: 'GET', url, headers: reportHeaders(pedido.documento.numero) },
          trocas,
          signal,
        );
        if (response.status === 200) {
          return {
            tipo: 'concluida',
            relatorio: toRelatorio(response.body, pedido, connection.now()),
            original: response.body,
            trocas,
          };
        }
        const recusa = recusaConsulta(response.status, response.body, trocas);
        if (recusa) return recusa;
        throw unavailable(response, trocas, 'consulta');
      });
    },

    async sondarProduto(produto, signal) {
      const documento = {
        tipo: produto.tipo_documento,
        numero: PROBE_DOCUMENTS[produto.tipo_documento],
      };
      const result = await client.consultar!({ documento, produto }, signal).catch(() => null);
      if (result?.tipo === 'concluida' || result?.codigo === 'documento_nao_encontrado')
        return 'contratado';
      if (result?.codigo === 'produto_nao_autorizado' || result?.codigo === 'requisicao_invalida') {
        return 'nao_contratado';
      }
      return 'indeterminado';
    },

    async incluir(divida, signal) {
      const trocas: TrocaHttp[] = [];
      return guarded('pefin', trocas, async () => {
        const response = await transport.call(
          'pefin',
          {
            method: 'POST',
            url: `${transport.hosts.pefin}/collection/debt/`,
            body: inclusionBody(divida, settings.area_informante),
          },
          trocas,
          signal,
        );
        return settle(response, trocas, 'inclusao');
      });
    },

    async remover(divida, signal) {
      const trocas: TrocaHttp[] = [];
      const cadusKey = divida.chaves.cadusKey;
      const headers: Record<string, string> = {
        'creditor-document': divida.credor,
        'debtor-document': divida.devedor,
        // Documented as `reason: {Integer}`: the table's "01" is sent as 1.
        reason: String(Number(divida.motivo)),
        type: 'PEFIN',
        ...(!cadusKey && { 'contract-number': divida.contrato }),
      };
      const url = cadusKey
        ? `${transport.hosts.pefin}/collection/debt/cadus/${encodeURIComponent(cadusKey)}`
        : `${transport.hosts.pefin}/collection/debt/contract`;
      return guarded('pefin', trocas, async () => {
        const response = await transport.call(
          'pefin',
          { method: 'DELETE', url, headers },
          trocas,
          signal,
        );
        return settle(response, trocas, 'baixa');
      });
    },
  };
  return client;
}

function settle(response: SerasaResponse, trocas: TrocaHttp[], what: string) {
  const transactionId = (response.body as { transactionId?: unknown } | null)?.transactionId;
  if (response.status >= 200 && response.status < 300 && typeof transactionId === 'string') {
    return { tipo: 'aceita' as const, referencia: transactionId, trocas };
  }
  if (response.status >= 500 || response.status === 429 || response.status < 400) {
    throw unavailable(response, trocas, what);
  }
  if (response.status === 401) return credenciaisInvalidas('pefin', trocas);
  return recusaPefin(response.status, response.body, trocas);
}

export const serasaExperian: ProviderAdapter = {
  id: 'serasa_experian',
  displayName: 'Serasa Experian',
  capabilities: { consulta: true, negativacao: true, recebimento: true },
  credentialsSchema: serasaExperianCredentialsSchema,
  settingsSchema: serasaExperianSettingsSchema,
  createClient,
  produtos: (configuracoes) =>
    (configuracoes as SerasaExperianSettings).produtos ?? DEFAULT_PRODUTOS,
  negativacao: (configuracoes) => regrasNegativacao(configuracoes as SerasaExperianSettings),
  inbound: {
    methods: ['POST'],
    authSchemes: ['nenhuma', 'basic', 'bearer'],
    // One URL receives all six webhook events; each carries the transaction's `uuid`.
    read(request) {
      const body = readJsonObject(request.body);
      if (!body.ok) return { tipo: 'malformado', mensagem: body.mensagem, campo: 'corpo' };
      const desfecho = readWebhook(body.value);
      return { tipo: 'aceito', referencia: desfecho?.referencia, desfecho };
    },
  },
  sandbox: serasaExperianSandbox,
  demoIntegration: (sandboxUrl) => ({
    descricao: 'Serasa Experian (sandbox de demonstracao)',
    ambiente: 'homologacao',
    credenciais: {
      login_consulta: 'demo-consulta',
      senha_consulta: 'demo-senha-consulta',
      login_pefin: 'demo-pefin',
      senha_pefin: 'demo-senha-pefin',
    },
    configuracoes: { url_consulta: sandboxUrl, url_pefin: sandboxUrl, url_login_pefin: sandboxUrl },
    registerInbound: async (inboundUrl) => {
      const response = await fetch(`${sandboxUrl}/__sandbox/webhook`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: inboundUrl }),
      });
      if (!response.ok) throw new Error(`sandbox refused the webhook URL: HTTP ${response.status}`);
    },
  }),
};
