import type { AppContext } from '../../app-context.js';
import { classifyDocument } from '../../domain/documents.js';
import { providerUnavailable, RequestError } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import { isUf } from '../../domain/ufs.js';
import type { ResultadoConsulta } from '../../providers/contract.js';
import { ProviderUnavailableError } from '../../providers/exchange.js';
import { ensureCadastroAtivo } from '../integracoes/check-cadastro.js';
import { catalogoOf } from '../integracoes/list-produtos.js';
import { regrasAcompanhamento, startConsultaPolling } from '../../jobs/poll-consulta.js';
import { presentConsulta, type ConsultaRow } from './present-consulta.js';
import { finishConsulta, settleConsulta } from './settle-consulta.js';

type Deps = Pick<AppContext, 'database' | 'clock' | 'providerClients' | 'jobs'>;

export interface NovaConsulta {
  integracao_id: string;
  documento: string;
  produto: string;
  uf?: string;
  /** Why the query was made (LGPD: keep the purpose with the record). */
  finalidade?: string;
}

/**
 * A credit query. The row is stored as `processando` before the provider is called and completed
 * with the answer, so every query, even one interrupted by a crash, leaves a record. An
 * asynchronous provider's answer is polled by a job; the row stays `processando` until then.
 * A business refusal (document not found, product not contracted) is a completed record with
 * `situacao: erro`; a provider outage is a 503 naming the stored record, with `Retry-After`.
 */
export async function runConsulta(ctx: Deps, input: NovaConsulta) {
  const documento = classifyDocument(input.documento);
  if (!documento) {
    throw new RequestError(
      422,
      'documento_invalido',
      'documento nao e um CPF ou CNPJ valido',
      'documento',
    );
  }
  const uf = input.uf?.toUpperCase();
  if (uf !== undefined && !isUf(uf)) {
    throw new RequestError(422, 'uf_invalida', `uf ${input.uf} nao e uma unidade federativa`, 'uf');
  }
  const opened = await ctx.providerClients.openActive(input.integracao_id, 'integracao_id');
  if (!opened.client.consultar) {
    throw new RequestError(
      422,
      'operacao_nao_suportada',
      `o provedor ${opened.provider.id} nao faz consultas`,
      'integracao_id',
    );
  }
  await ensureCadastroAtivo(ctx, opened);
  const catalogo = catalogoOf(opened);
  const produto = catalogo.produtos.find((p) => p.codigo === input.produto);
  if (!produto || produto.situacao === 'nao_contratado') {
    const disponiveis = catalogo.produtos
      .filter((p) => p.situacao !== 'nao_contratado')
      .map((p) => p.codigo);
    throw new RequestError(
      422,
      'produto_invalido',
      `produto ${input.produto} nao disponivel nesta integracao; disponiveis: ${disponiveis.join(', ')}`,
      'produto',
    );
  }
  if (produto.tipo_documento !== documento.tipo) {
    throw new RequestError(
      422,
      'produto_incompativel',
      `o produto ${produto.codigo} consulta ${produto.tipo_documento.toUpperCase()}, e o documento e ${documento.tipo.toUpperCase()}`,
      'produto',
    );
  }

  const now = ctx.clock.now();
  const row: ConsultaRow = {
    id: newId('consulta', now.getTime()),
    integracao_id: opened.integracao.id,
    provedor: opened.integracao.provedor,
    produto: produto.codigo,
    tipo_documento: documento.tipo,
    documento: documento.numero,
    situacao: 'processando',
    finalidade: input.finalidade ?? null,
    resumo: null,
    relatorio: null,
    original: null,
    trocas: '[]',
    erro: null,
    criada_em: now.toISOString(),
    concluida_em: null,
    referencia: null,
    html_provedor: null,
  };
  await ctx.database.db.insertInto('consultas').values(row).execute();

  let result: ResultadoConsulta;
  try {
    result = await opened.client.consultar({ documento, produto, uf });
  } catch (error) {
    if (!(error instanceof ProviderUnavailableError)) throw error;
    const erro = { codigo: error.codigo, mensagem: error.message };
    await finishConsulta(ctx, row, {
      situacao: 'erro',
      erro: JSON.stringify(erro),
      trocas: JSON.stringify(error.trocas),
    });
    throw providerUnavailable(
      `o provedor nao respondeu (consulta ${row.id} registrada com erro): ${error.message}`,
      error.retryAfterMs,
    );
  }
  if (result.tipo === 'pendente') {
    // Asynchronous provider: the answer is polled; the host reads it (or hears of it) later.
    const pending = { referencia: result.referencia, trocas: JSON.stringify(result.trocas) };
    await ctx.database.transact(async (tx) => {
      await tx.db.updateTable('consultas').set(pending).where('id', '=', row.id).execute();
      await startConsultaPolling(ctx, tx, row.id, regrasAcompanhamento(opened));
    });
    return presentConsulta({ ...row, ...pending }, true);
  }
  return presentConsulta(await settleConsulta(ctx, row, result), true);
}
