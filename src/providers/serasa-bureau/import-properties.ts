import { parse } from 'dot-properties';
import type { Ambiente } from '../contract.js';
import type { SerasaBureauCredentials, SerasaBureauSettings } from './config.js';

/** An Intellector installation's files (seed 002), as read from disk. */
export interface IntellectorFiles {
  /** `https.properties`: user.url, user.root, user.cert, user.jks. */
  https: string;
  /** `serasapf.properties`: serasa.login / password / newpass with their sizes and types. */
  login: string;
  /** The JKS `user.cert` names, when the operator has it; its password is asked separately. */
  keystore?: { conteudo: Buffer; senha: string };
}

export interface ImportedIntegracao {
  provedor: 'serasa_bureau';
  ambiente: Ambiente;
  descricao: string;
  credenciais: SerasaBureauCredentials;
  configuracoes: Partial<SerasaBureauSettings>;
  /** What the files held that credgate does not take, for the operator to know. */
  avisos: string[];
}

/** A file that does not say what the import needs; names the file and key. */
export class PropertiesError extends Error {
  override name = 'PropertiesError';
}

/**
 * The integration an Intellector Serasa Bureau plugin was configured as. `user.jks` holds the
 * keystore password encrypted by Intellector's own tool, which is not public: the password comes
 * from the operator instead.
 */
export function importIntellectorProperties(files: IntellectorFiles): ImportedIntegracao {
  const https = parse(files.https) as Record<string, string>;
  const login = parse(files.login) as Record<string, string>;
  const host = required(https, 'user.url', 'https.properties').trim();
  const root = required(https, 'user.root', 'https.properties').trim();
  const avisos: string[] = [];
  if (https['user.cert'] && !files.keystore) {
    avisos.push(
      `https.properties aponta o keystore ${https['user.cert']}; informe-o (e a senha) para usar o certificado do cliente`,
    );
  }
  const keystore = files.keystore && {
    formato: 'jks' as const,
    conteudo_base64: files.keystore.conteudo.toString('base64'),
    senha: files.keystore.senha,
  };
  const novaSenha = fill(login, 'serasa.newpass', 'npass');
  return {
    provedor: 'serasa_bureau',
    ambiente: /\/prod\//i.test(`${root}/`) ? 'producao' : 'homologacao',
    descricao: `Serasa Bureau importado do Intellector (${host})`,
    credenciais: {
      logon: fill(login, 'serasa.login', 'login') ?? '',
      senha: fill(login, 'serasa.password', 'pass') ?? '',
      ...(novaSenha && { nova_senha: novaSenha }),
      // Intellector uses the one JKS as both key store and trust store.
      ...(keystore && { certificado_cliente: keystore, confianca: keystore }),
    },
    configuracoes: { url: /^https?:\/\//.test(host) ? host : `https://${host}`, caminho: root },
    avisos,
  };
}

function required(props: Record<string, string>, key: string, file: string): string {
  const value = props[key];
  if (value === undefined || value.trim() === '') {
    throw new PropertiesError(`${file}: falta a chave ${key}`);
  }
  return value;
}

/**
 * A login field as Intellector pads it: `<prefix>_size` bytes, `<prefix>_type` N (zeros on the
 * left) or S (spaces on the right, kept trimmed here: the transport pads again). Undefined when
 * blank (the usual `serasa.newpass=`).
 */
function fill(props: Record<string, string>, key: string, prefix: string): string | undefined {
  const file = 'serasapf.properties';
  const raw = key === 'serasa.newpass' ? (props[key] ?? '') : required(props, key, file);
  const value = raw.trim();
  if (value === '') return undefined;
  const size = Number(props[`serasa.${prefix}_size`] ?? 8);
  if (!Number.isInteger(size) || size < 1 || size > 8) {
    throw new PropertiesError(`${file}: serasa.${prefix}_size deve ser de 1 a 8`);
  }
  if (value.length > size) {
    throw new PropertiesError(`${file}: ${key} tem mais de ${size} caracteres`);
  }
  const type = (props[`serasa.${prefix}_type`] ?? 'S').trim().toUpperCase();
  if (type === 'N') {
    if (!/^\d+$/.test(value)) throw new PropertiesError(`${file}: ${key} deve ser numerico (N)`);
    return value.padStart(size, '0');
  }
  return value;
}
