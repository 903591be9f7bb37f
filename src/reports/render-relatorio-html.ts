import type { BlocoPendencias, RelatorioCredito } from '../domain/consulta.js';
import {
  escapeHtml as e,
  formatCentavos,
  formatDate,
  formatDocument,
  formatInstant,
} from './format-br.js';

export interface RelatorioMeta {
  consultaId: string;
  integracao: string;
  geradoEm: string;
}

const BLOCOS: Array<[keyof RelatorioCredito['pendencias'], string]> = [
  ['pefin', 'PEFIN (pendencias financeiras)'],
  ['refin', 'REFIN (restricoes financeiras)'],
  ['protestos', 'Protestos'],
  ['cheques', 'Cheques sem fundo'],
];

const STYLE = `
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 11px; color: #1b1f24; margin: 0; }
header { border-bottom: 3px solid #004a8f; padding-bottom: 8px; margin-bottom: 12px; }
h1 { font-size: 20px; margin: 0 0 4px; color: #004a8f; }
h2 { font-size: 14px; margin: 18px 0 6px; color: #004a8f; border-bottom: 1px solid #c8d3df; }
h3 { font-size: 12px; margin: 12px 0 4px; }
.meta { color: #55606d; }
table { width: 100%; border-collapse: collapse; margin: 4px 0; page-break-inside: auto; }
tr { page-break-inside: avoid; }
th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #e3e8ee; vertical-align: top; }
th { background: #eef3f8; font-weight: 600; }
td.num, th.num { text-align: right; }
dl { display: grid; grid-template-columns: 170px 1fr; gap: 3px 10px; margin: 0; }
dt { color: #55606d; }
.score { display: flex; align-items: center; gap: 12px; }
.score strong { font-size: 26px; }
.bar { flex: 1; height: 10px; background: #e3e8ee; border-radius: 5px; overflow: hidden; }
.bar span { display: block; height: 100%; background: linear-gradient(90deg, #c0392b, #f1c40f, #27ae60); }
.nada { color: #1e7b34; font-weight: 600; }
footer { margin-top: 20px; color: #55606d; font-size: 9px; }
@media print { h2 { page-break-after: avoid; } }
`;

/** A printable Portuguese report of a consulta; every value is escaped. */
export function renderRelatorioHtml(relatorio: RelatorioCredito, meta: RelatorioMeta): string {
  const id = relatorio.identificacao;
  const linhas: Array<[string, string | null | undefined]> = [
    ['Nome / razao social', id.nome],
    [
      'Documento',
      `${relatorio.tipo_documento.toUpperCase()} ${formatDocument(relatorio.documento)}`,
    ],
    ['Nome da mae', id.nome_mae],
    ['Nascimento', id.data_nascimento && formatDate(id.data_nascimento)],
    ['Fundacao', id.data_fundacao && formatDate(id.data_fundacao)],
    ['Situacao cadastral', id.situacao_cadastral],
    ['Endereco', id.endereco],
    ['Telefone', id.telefone],
  ];
  return `<!doctype html>
<html lang="pt-BR">
<head>
<meta charset="utf-8">
<title>Relatorio de credito - ${e(id.nome ?? relatorio.documento)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>Relatório de Crédito</h1>
  <div class="meta">Provedor ${e(relatorio.provedor)} · produto ${e(relatorio.produto)} · consulta ${e(meta.consultaId)}
  · integração ${e(meta.integracao)} · consultado em ${e(formatInstant(relatorio.consultado_em))}</div>
</header>
<h2>Identificação</h2>
<dl>${linhas
    .filter(([, value]) => value)
    .map(([label, value]) => `<dt>${e(label)}</dt><dd>${e(value)}</dd>`)
    .join('')}</dl>
${renderScore(relatorio)}
<h2>Pendências</h2>
<table>
  <thead><tr><th>Tipo</th><th class="num">Quantidade</th><th class="num">Valor total</th></tr></thead>
  <tbody>${BLOCOS.map(([key, label]) => {
    const bloco = relatorio.pendencias[key];
    return `<tr><td>${e(label)}</td><td class="num">${bloco.quantidade}</td><td class="num">${e(formatCentavos(bloco.valor_centavos))}</td></tr>`;
  }).join('')}</tbody>
</table>
${BLOCOS.map(([key, label]) => renderBloco(label, relatorio.pendencias[key])).join('\n')}
<h2>Consultas anteriores</h2>
<p>${relatorio.consultas.quantidade} consulta(s) registrada(s).</p>
${
  relatorio.consultas.itens.length === 0
    ? ''
    : `<table><thead><tr><th>Data</th><th>Segmento</th><th class="num">Quantidade</th></tr></thead><tbody>${relatorio.consultas.itens
        .map(
          (c) =>
            `<tr><td>${e(formatDate(c.data))}</td><td>${e(c.segmento ?? '—')}</td><td class="num">${e(c.quantidade ?? '—')}</td></tr>`,
        )
        .join('')}</tbody></table>`
}
${relatorio.avisos.length > 0 ? `<h2>Avisos</h2><ul>${relatorio.avisos.map((a) => `<li>${e(a)}</li>`).join('')}</ul>` : ''}
<footer>Gerado por credgate em ${e(formatInstant(meta.geradoEm))} a partir da resposta do provedor, mantida na consulta para auditoria.</footer>
</body>
</html>
`;
}

function renderScore(relatorio: RelatorioCredito): string {
  const score = relatorio.score;
  if (!score) return '<h2>Score</h2><p>Score não informado pelo provedor.</p>';
  const percent = Math.max(0, Math.min(100, score.valor / 10));
  return `<h2>Score</h2>
<div class="score"><strong>${e(score.valor)}</strong><div class="bar"><span style="width:${percent}%"></span></div></div>
<p>Modelo ${e(score.modelo ?? '—')} · taxa de inadimplência ${e(score.taxa_inadimplencia ?? '—')}%${score.mensagem ? ` · ${e(score.mensagem)}` : ''}</p>`;
}

function renderBloco(label: string, bloco: BlocoPendencias): string {
  if (bloco.itens.length === 0) return `<h3>${e(label)}</h3><p class="nada">Nada consta</p>`;
  const rows = bloco.itens
    .map(
      (p) =>
        `<tr><td>${e(formatDate(p.data))}</td><td>${e(p.natureza ?? '—')}</td><td>${e(p.credor ?? '—')}</td><td>${e(p.contrato ?? '—')}</td><td class="num">${e(formatCentavos(p.valor_centavos))}</td><td>${e([p.cidade, p.uf].filter(Boolean).join('/') || '—')}</td></tr>`,
    )
    .join('');
  return `<h3>${e(label)}</h3>
<table><thead><tr><th>Data</th><th>Natureza</th><th>Credor</th><th>Contrato</th><th class="num">Valor</th><th>Cidade/UF</th></tr></thead><tbody>${rows}</tbody></table>`;
}
