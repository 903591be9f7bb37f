// How the console shows the API's values: money in centavos as reais, ISO instants in the
// browser's time zone, CPF/CNPJ with punctuation, status codes with their Portuguese names.

const moeda = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });
const instante = new Intl.DateTimeFormat('pt-BR', { dateStyle: 'short', timeStyle: 'medium' });

export const reais = (centavos) =>
  centavos === null || centavos === undefined ? '—' : moeda.format(centavos / 100);

export const dataHora = (iso) => (iso ? instante.format(new Date(iso)) : '—');

/** `aaaa-mm-dd` as `dd/mm/aaaa`, without going through a Date (no time zone shift). */
export const data = (iso) => {
  if (!iso) return '—';
  const [a, m, d] = String(iso).slice(0, 10).split('-');
  return d ? `${d}/${m}/${a}` : iso;
};

export function documento(valor) {
  const d = String(valor ?? '')
    .replace(/[^0-9A-Za-z]/g, '')
    .toUpperCase();
  if (/^\d{11}$/.test(d)) return `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}`;
  if (/^[0-9A-Z]{12}\d{2}$/.test(d)) {
    return `${d.slice(0, 2)}.${d.slice(2, 5)}.${d.slice(5, 8)}/${d.slice(8, 12)}-${d.slice(12)}`;
  }
  return valor ?? '—';
}

/**
 * Reais typed by a person (`1.234,56`, `1234,56`, `1234.56`, `150`) as integer centavos, or
 * null. Read as text, never through a float: 0.1 + 0.2 must not turn into a wrong centavo.
 */
export function centavos(textoValor) {
  let t = String(textoValor ?? '')
    .trim()
    .replace(/^R\$\s*/i, '');
  if (!t) return null;
  if (/,\d{1,2}$/.test(t)) t = t.replace(/\./g, '').replace(',', '.');
  else if (/^\d{1,3}(\.\d{3})+$/.test(t)) t = t.replace(/\./g, '');
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export const STATUS_NEGATIVACAO = {
  aguardando: 'Aguardando transmissão',
  aguardando_confirmacao_inserir: 'Aguardando confirmação da inclusão',
  inserida: 'Inserida',
  rejeitada: 'Rejeitada',
  aguardando_correcao: 'Aguardando correção',
  aguardando_confirmacao_remover: 'Aguardando confirmação da baixa',
  removida: 'Removida',
};

/** Statuses that change without the operator doing anything (the detail polls while in one). */
export const STATUS_PENDENTES = new Set([
  'aguardando',
  'aguardando_confirmacao_inserir',
  'aguardando_confirmacao_remover',
]);

export const TIPOS_HISTORICO = {
  criada: 'Criada',
  inclusao_transmitida: 'Inclusão transmitida',
  inclusao_confirmada: 'Inclusão confirmada pelo provedor',
  inclusao_rejeitada: 'Inclusão rejeitada',
  baixa_solicitada: 'Baixa solicitada',
  baixa_transmitida: 'Baixa transmitida',
  baixa_confirmada: 'Baixa confirmada pelo provedor',
  baixa_recusada: 'Baixa recusada pelo provedor',
  baixa_com_erro: 'Baixa com erro (será tentada de novo)',
  baixa_em_envio: 'Baixa em envio',
  baixa_enviada_ao_bureau: 'Baixa enviada ao bureau',
  enviada_ao_bureau: 'Enviada ao bureau',
  pagamento_registrado: 'Pagamento registrado',
  transmissao_incerta: 'Transmissão com resultado incerto',
  falha_de_transmissao: 'Falha de transmissão',
  reenvio_apos_reconciliacao: 'Reenvio após reconciliação',
  rejeitada_antes_do_envio: 'Rejeitada antes do envio',
  cancelada_antes_do_envio: 'Cancelada antes do envio',
  substituicao_solicitada: 'Substituição solicitada',
  substituicao_liberada: 'Substituição liberada',
  criada_como_substituta: 'Criada como substituta',
  situacao_do_provedor: 'Situação informada pelo provedor',
  historico_do_provedor: 'Histórico do provedor',
  aguardando_correcao: 'Provedor pediu correção',
};

export const rotulo = (tabela, codigo) =>
  tabela[codigo] ?? String(codigo ?? '—').replace(/_/g, ' ');

/** `login_consulta` → `Login consulta`: field names as labels, the exact name kept beside. */
export const humano = (chave) => {
  const t = String(chave).replace(/_/g, ' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
};

export const json = (valor) => JSON.stringify(valor, null, 2);

export const UFS =
  'AC AL AP AM BA CE DF ES GO MA MT MS MG PA PB PR PE PI RJ RN RS RO RR SC SP SE TO'.split(' ');
