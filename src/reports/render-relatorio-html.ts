import type { BlocoPendencias, RelatorioCredito } from '../domain/consulta.js';
import {
  escapeHtml as e,
  formatCentavos,
  formatDate,
  formatDocument,
  formatInstant,
  groupThousands,
} from './format-br.js';
import { RELATORIO_CSS } from './relatorio-css.js';

export interface RelatorioMeta {
  consultaId: string;
  integracao: string;
  /** ISO-8601 instant the report was produced (the consulta's completion). */
  geradoEm: string;
}

/** The last two only when the provider reports them (absent, not "nada consta"). */
const BLOCOS: Array<[keyof RelatorioCredito['pendencias'], string]> = [
  ['pefin', 'PEFIN (pendências financeiras)'],
  ['refin', 'REFIN (restrições financeiras)'],
  ['protestos', 'Protestos'],
  ['cheques', 'Cheques sem fundo'],
  ['acoes_judiciais', 'Ações judiciais'],
  ['falencias', 'Falências e concordatas'],
];

/** Scores are drawn on the 0–1000 scale the Brazilian bureaus use. */
const SCORE_MAX = 1000;

/**
 * A complete, self-contained printable report of a consulta (no scripts, no external resources:
 * the PDF printer blocks the network). It shows the full document: it is the holder's own report.
 * Every interpolated value goes through `escapeHtml`, numbers included.
 */
export function renderRelatorioHtml(relatorio: RelatorioCredito, meta: RelatorioMeta): string {
  const titulo = relatorio.identificacao.nome ?? formatDocument(relatorio.documento);
  return `<!doctype html>
<html lang="pt-BR">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Relatório de Crédito — ${e(titulo)}</title>
<style>${RELATORIO_CSS}</style>
</head>
<body>
<header>
  <h1>Relatório de Crédito</h1>
  <table class="meta">
    <tr><th>Provedor</th><td>${e(relatorio.provedor)}</td><th>Produto</th><td>${e(relatorio.produto)}</td></tr>
    <tr><th>Consulta</th><td>${e(meta.consultaId)}</td><th>Integração</th><td>${e(meta.integracao)}</td></tr>
    <tr><th>Consultado em</th><td colspan="3">${e(formatInstant(relatorio.consultado_em))}</td></tr>
  </table>
</header>
${renderIdentificacao(relatorio)}
${renderScore(relatorio)}
${renderPendencias(relatorio)}
${renderParticipacoes(relatorio)}
${renderConsultas(relatorio)}
<h2>Avisos</h2>
${
  relatorio.avisos.length === 0
    ? '<p>Nenhum aviso do provedor.</p>'
    : `<ul>${relatorio.avisos.map((aviso) => `<li>${e(aviso)}</li>`).join('')}</ul>`
}
<footer>Gerado por credgate em ${e(formatInstant(meta.geradoEm))} a partir da resposta do provedor, mantida na consulta para auditoria.</footer>
</body>
</html>
`;
}

type Linha = [label: string, valor: string | null | undefined];

function renderIdentificacao(relatorio: RelatorioCredito): string {
  const id = relatorio.identificacao;
  const pf = relatorio.tipo_documento === 'cpf';
  const nascimento: Linha[] = pf
    ? [
        ['Nome da mãe', id.nome_mae],
        ['Nascimento', id.data_nascimento && formatDate(id.data_nascimento)],
      ]
    : [['Fundação', id.data_fundacao && formatDate(id.data_fundacao)]];
  const linhas: Linha[] = [
    [pf ? 'Nome' : 'Razão social', id.nome],
    [pf ? 'CPF' : 'CNPJ', formatDocument(relatorio.documento)],
    ...nascimento,
    ['Situação cadastral', id.situacao_cadastral],
    ['Endereço', id.endereco],
    ['Telefone', id.telefone],
  ];
  const rows = linhas.map(([label, value]) => `<dt>${e(label)}</dt><dd>${e(value || '—')}</dd>`);
  return `<h2>Identificação</h2>\n<dl>${rows.join('')}</dl>`;
}

function renderScore(relatorio: RelatorioCredito): string {
  const score = relatorio.score;
  if (!score) return '<h2>Score</h2>\n<p>Score não informado pelo provedor.</p>';
  const percent = Math.max(0, Math.min(100, (score.valor / SCORE_MAX) * 100)) || 0;
  const taxa = score.taxa_inadimplencia ? `${score.taxa_inadimplencia}%` : '—';
  return `<h2>Score</h2>
<div class="score"><strong>${e(score.valor)}</strong><span class="escala">de ${e(SCORE_MAX)}</span><div class="bar"><span style="width:${e(percent.toFixed(1))}%"></span></div></div>
<p>Modelo ${e(score.modelo ?? '—')} · taxa de inadimplência ${e(taxa)}${score.mensagem ? ` · ${e(score.mensagem)}` : ''}</p>`;
}

function renderPendencias(relatorio: RelatorioCredito): string {
  const blocos = BLOCOS.flatMap(([key, label]) => {
    const bloco = relatorio.pendencias[key];
    return bloco ? [[label, bloco] as const] : [];
  });
  const resumo = blocos
    .map(([label, bloco]) => {
      return `<tr><td>${e(label)}</td><td class="num">${e(groupThousands(bloco.quantidade))}</td><td class="num">${e(formatCentavos(bloco.valor_centavos))}</td></tr>`;
    })
    .join('');
  const detalhes = blocos.map(([label, bloco]) => renderBloco(label, bloco));
  return `<h2>Pendências</h2>
<table>
<thead><tr><th>Tipo</th><th class="num">Quantidade</th><th class="num">Valor total</th></tr></thead>
<tbody>${resumo}</tbody>
</table>
${detalhes.join('\n')}`;
}

function renderBloco(label: string, bloco: BlocoPendencias): string {
  if (bloco.itens.length === 0) return `<h3>${e(label)}</h3>\n<p class="nada">Nada consta</p>`;
  const rows = bloco.itens.map((p) => {
    const local = [p.cidade, p.uf].filter(Boolean).join('/') || '—';
    const cells = [
      e(formatDate(p.data)),
      e(p.natureza ?? '—'),
      e(p.credor ?? '—'),
      e(p.contrato ?? '—'),
      e(formatCentavos(p.valor_centavos)),
      e(local),
    ];
    return `<tr>${cells.map((cell, i) => (i === 4 ? `<td class="num">${cell}</td>` : `<td>${cell}</td>`)).join('')}</tr>`;
  });
  return `<h3>${e(label)}</h3>
<table>
<thead><tr><th>Data</th><th>Natureza</th><th>Credor</th><th>Contrato</th><th class="num">Valor</th><th>Cidade/UF</th></tr></thead>
<tbody>${rows.join('')}</tbody>
</table>`;
}

function renderParticipacoes(relatorio: RelatorioCredito): string {
  const { participacoes } = relatorio;
  if (!participacoes) return '';
  if (participacoes.length === 0) {
    return '<h2>Participações societárias</h2>\n<p class="nada">Nada consta</p>';
  }
  const rows = participacoes.map((p) => {
    const percentual = p.percentual === null ? '—' : `${p.percentual.toLocaleString('pt-BR')}%`;
    const cells = [p.empresa ?? '—', p.cnpj ?? '—', percentual, p.situacao ?? '—', p.desde ?? '—'];
    return `<tr>${cells.map((cell) => `<td>${e(cell)}</td>`).join('')}</tr>`;
  });
  return `<h2>Participações societárias</h2>
<table>
<thead><tr><th>Empresa</th><th>CNPJ (raiz)</th><th>Participação</th><th>Situação</th><th>Desde</th></tr></thead>
<tbody>${rows.join('')}</tbody>
</table>`;
}

function renderConsultas(relatorio: RelatorioCredito): string {
  const { quantidade, itens } = relatorio.consultas;
  const tabela =
    itens.length === 0
      ? ''
      : `\n<table>
<thead><tr><th>Data</th><th>Segmento</th><th class="num">Quantidade</th></tr></thead>
<tbody>${itens
          .map(
            (c) =>
              `<tr><td>${e(formatDate(c.data))}</td><td>${e(c.segmento ?? '—')}</td><td class="num">${e(c.quantidade ?? '—')}</td></tr>`,
          )
          .join('')}</tbody>
</table>`;
  return `<h2>Consultas anteriores</h2>
<p>${e(groupThousands(quantidade))} consulta(s) registrada(s).</p>${tabela}`;
}
