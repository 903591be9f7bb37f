import type { Bloco, RelatorioSandbox } from './report-data.js';

/**
 * The HTML a consulta answers when `retorno` is not "JSON": a whole page with the same data as
 * the JSON report, in the plain table layout bureau reports use. The real HTML is unknown.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
type Valor = string | number | null | undefined;
const esc = (value: Valor) =>
  value === null || value === undefined
    ? '-'
    : String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);

const brl = (value: number) =>
  `R$ ${value
    .toFixed(2)
    .replace('.', ',')
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`;

function linhas(pares: Array<[string, Valor]>): string {
  return pares
    .map(([rotulo, value]) => `<tr><th>${esc(rotulo)}</th><td>${esc(value)}</td></tr>`)
    .join('');
}

function tabela(titulo: string, bloco: Bloco, colunas: Array<[string, string]>): string {
  const cabecalho = colunas.map(([, rotulo]) => `<th>${esc(rotulo)}</th>`).join('');
  const corpo = bloco.ocorrencias
    .map((o) => {
      const celulas = colunas.map(([campo]) =>
        campo === 'valor' ? brl(Number(o[campo])) : esc(o[campo]),
      );
      return `<tr>${celulas.map((c) => `<td>${c}</td>`).join('')}</tr>`;
    })
    .join('');
  const resumo = `${bloco.quantidade} ocorrencia(s), total ${brl(bloco.valorTotal)}`;
  const vazio = `<p class="nada">Nada consta.</p>`;
  return (
    `<section><h2>${esc(titulo)}</h2><p class="resumo">${resumo}</p>` +
    (bloco.quantidade === 0
      ? vazio
      : `<table><thead><tr>${cabecalho}</tr></thead><tbody>${corpo}</tbody></table>`) +
    `</section>`
  );
}

const ANOTACAO: Array<[string, string]> = [
  ['data', 'Data'],
  ['natureza', 'Natureza'],
  ['credor', 'Credor'],
  ['contrato', 'Contrato'],
  ['valor', 'Valor'],
  ['municipio', 'Municipio'],
  ['uf', 'UF'],
];

export function relatorioHtml(r: RelatorioSandbox): string {
  const id = r.identificacao;
  const e = id.endereco;
  const endereco = `${e.logradouro} - ${e.bairro} - ${e.municipio}/${e.uf} - CEP ${e.cep}`;
  const score = r.score
    ? linhas([
        ['Pontuacao', r.score.pontuacao],
        ['Modelo', r.score.modelo],
        ['Probabilidade de inadimplencia', `${r.score.probabilidadeInadimplencia}%`],
      ])
    : linhas([['Score', 'Nao incluido neste produto']]);
  const consultas = r.consultasAnteriores.itens
    .map(
      (c) =>
        `<tr><td>${esc(c.data)}</td><td>${esc(c.segmento)}</td><td>${esc(c.quantidade)}</td></tr>`,
    )
    .join('');
  return `<!DOCTYPE html>
<html lang="pt-BR">
<head>
<meta charset="utf-8">
<title>${esc(r.produto)} - ${esc(r.documento)}</title>
<style>
body{font-family:Arial,Helvetica,sans-serif;font-size:13px;color:#222;margin:24px}
h1{font-size:18px;border-bottom:2px solid #004a8f;padding-bottom:4px}
h2{font-size:15px;background:#eef3f8;padding:4px 6px;margin-top:20px}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:3px 6px;text-align:left}
.resumo{font-weight:bold}.nada{color:#2a7a2a}
</style>
</head>
<body>
<h1>${esc(r.produto)}</h1>
<table class="cabecalho">${linhas([
    ['Protocolo', r.protocolo],
    ['Codigo da consulta', r.codConsulta],
    ['Data da consulta', r.dataConsulta],
    [r.tipoDocumento, r.documento],
  ])}</table>
<section><h2>Identificacao</h2><table>${linhas([
    ['Nome', id.nome],
    ...(r.tipoDocumento === 'CPF'
      ? ([
          ['Nome da mae', id.nomeMae],
          ['Data de nascimento', id.dataNascimento],
        ] as Array<[string, Valor]>)
      : ([['Data de fundacao', id.dataFundacao]] as Array<[string, Valor]>)),
    ['Situacao cadastral', id.situacaoCadastral],
    ['Endereco', endereco],
    ['Telefone', id.telefone],
  ])}</table></section>
<section><h2>Score</h2><table>${score}</table></section>
${tabela('Pendencias financeiras (PEFIN)', r.pendencias.pefin, ANOTACAO)}
${tabela('Restricoes bancarias (REFIN)', r.pendencias.refin, ANOTACAO)}
${tabela('Protestos', r.pendencias.protestos, [
  ['data', 'Data'],
  ['cartorio', 'Cartorio'],
  ['municipio', 'Municipio'],
  ['uf', 'UF'],
  ['valor', 'Valor'],
])}
${tabela('Cheques sem fundo', r.pendencias.cheques, [
  ['data', 'Data'],
  ['banco', 'Banco'],
  ['agencia', 'Agencia'],
  ['numeroCheque', 'Cheque'],
  ['alinea', 'Alinea'],
  ['valor', 'Valor'],
])}
<section><h2>Consultas anteriores</h2><p class="resumo">${r.consultasAnteriores.quantidade} consulta(s)</p>${
    consultas
      ? `<table><thead><tr><th>Data</th><th>Segmento</th><th>Quantidade</th></tr></thead><tbody>${consultas}</tbody></table>`
      : '<p class="nada">Nenhuma consulta anterior.</p>'
  }</section>
</body>
</html>
`;
}
