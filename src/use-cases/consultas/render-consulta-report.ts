import type { RelatorioCredito } from '../../domain/consulta.js';
import { renderRelatorioHtml } from '../../reports/render-relatorio-html.js';
import type { ConsultaRow } from './present-consulta.js';

/**
 * The printable HTML of a completed consulta (the PDF is this page printed): the provider's own
 * HTML when it answered in HTML (shown as returned), otherwise ours, rendered from the report.
 */
export function renderConsultaHtml(row: ConsultaRow): string {
  if (row.html_provedor) return row.html_provedor;
  return renderRelatorioHtml(JSON.parse(row.relatorio!) as RelatorioCredito, {
    consultaId: row.id,
    integracao: row.integracao_id,
    geradoEm: row.concluida_em ?? row.criada_em,
  });
}
