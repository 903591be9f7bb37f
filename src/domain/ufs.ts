/** The 27 federative units (26 states and the Distrito Federal), as their two-letter siglas. */
export const UFS = [
  'AC',
  'AL',
  'AP',
  'AM',
  'BA',
  'CE',
  'DF',
  'ES',
  'GO',
  'MA',
  'MT',
  'MS',
  'MG',
  'PA',
  'PB',
  'PR',
  'PE',
  'PI',
  'RJ',
  'RN',
  'RS',
  'RO',
  'RR',
  'SC',
  'SP',
  'SE',
  'TO',
] as const;

export type Uf = (typeof UFS)[number];

const SET: ReadonlySet<string> = new Set(UFS);

export function isUf(value: string): value is Uf {
  return SET.has(value);
}
