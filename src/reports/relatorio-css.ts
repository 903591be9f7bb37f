/**
 * Inline stylesheet of the printable report (no external fonts or files: the page must render
 * offline and the PDF printer blocks all network). Sizes in px on screen, mm for the A4 sheet.
 */
export const RELATORIO_CSS = `
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 11px;
  color: #1b1f24; margin: 0 auto; max-width: 210mm; padding: 12px; }
header { border-bottom: 3px solid #004a8f; padding-bottom: 8px; margin-bottom: 12px; }
h1 { font-size: 20px; margin: 0 0 6px; color: #004a8f; }
h2 { font-size: 14px; margin: 18px 0 6px; color: #004a8f; border-bottom: 1px solid #c8d3df; }
h3 { font-size: 12px; margin: 12px 0 4px; }
table { width: 100%; border-collapse: collapse; margin: 4px 0; }
th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #e3e8ee; vertical-align: top; }
th { background: #eef3f8; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
table.meta th { width: 15%; }
dl { display: grid; grid-template-columns: 170px 1fr; gap: 3px 10px; margin: 0; }
dt { color: #55606d; }
dd { margin: 0; }
.score { display: flex; align-items: center; gap: 10px; }
.score strong { font-size: 26px; }
.escala { color: #55606d; }
.bar { flex: 1; height: 10px; background: #e3e8ee; border-radius: 5px; overflow: hidden; }
.bar span { display: block; height: 100%;
  background: linear-gradient(90deg, #c0392b, #f1c40f, #27ae60); }
.nada { color: #1e7b34; font-weight: 600; }
footer { margin-top: 20px; color: #55606d; font-size: 9px; }
@media print {
  body { padding: 0; max-width: none; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tr, .score { break-inside: avoid; page-break-inside: avoid; }
}
`;
