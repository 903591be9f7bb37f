import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importIntellectorProperties } from '../../src/providers/serasa-bureau/import-properties.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testBackend } from '../support/test-database.js';
import { makeTlsMaterial } from '../support/tls-material.js';

const run = promisify(execFile);

// The two files of seed 002, as an Intellector installation has them (the password line keeps
// its trailing blanks, as in the seed).
const HTTPS_PROPERTIES = `# Arquivo de properties para o SERASA BUREAU
#
# Informações de autenticacao e certificados do serasa
user.url=sitenethomologa.serasa.com.br
user.root=/Homologa/consultahttps
user.jks=lVaxvlqeVH5ugq/rba5vYvSWhu8kYJqO3Q==O63WLqgqpA==
user.cert=/home/jboss/intellector-files/serasa.jks
`;
const LOGIN_PROPERTIES = `# Informaçoes de Login no SERASA
serasa.login=186487
serasa.login_size=8
serasa.login_type=N
serasa.password=11003344   
serasa.pass_size=8
serasa.pass_type=S
serasa.newpass= 
serasa.npass_size=8
serasa.npass_type=S
`;

describe('importing an Intellector configuration (https.properties + serasapf.properties)', () => {
  it('pads the logon as its type says, keeps the path and environment, warns about the keystore', () => {
    const imported = importIntellectorProperties({
      https: HTTPS_PROPERTIES,
      login: LOGIN_PROPERTIES,
    });
    expect(imported).toMatchObject({
      provedor: 'serasa_bureau',
      ambiente: 'homologacao',
      credenciais: { logon: '00186487', senha: '11003344' },
      configuracoes: {
        url: 'https://sitenethomologa.serasa.com.br',
        caminho: '/Homologa/consultahttps',
      },
    });
    expect(imported.credenciais).not.toHaveProperty('nova_senha');
    expect(imported.avisos.join()).toContain('/home/jboss/intellector-files/serasa.jks');
    const prod = importIntellectorProperties({
      https: HTTPS_PROPERTIES.replace('/Homologa/', '/Prod/'),
      login: LOGIN_PROPERTIES,
    });
    expect(prod.ambiente).toBe('producao');
  });

  it('names the file and key that is missing or does not fit', () => {
    expect(() =>
      importIntellectorProperties({
        https: 'user.root=/Homologa/consultahttps',
        login: LOGIN_PROPERTIES,
      }),
    ).toThrow('https.properties: falta a chave user.url');
    expect(() =>
      importIntellectorProperties({
        https: HTTPS_PROPERTIES,
        login: LOGIN_PROPERTIES.replace('serasa.login=186487', 'serasa.login=18A487'),
      }),
    ).toThrow('serasapf.properties: serasa.login deve ser numerico (N)');
    expect(() =>
      importIntellectorProperties({
        https: HTTPS_PROPERTIES,
        login: LOGIN_PROPERTIES.replace('serasa.password=11003344', 'serasa.password=110033445'),
      }),
    ).toThrow('serasa.password tem mais de 8 caracteres');
  });
});

// The CLI talks to a credgate over HTTP; its database is the test app's.
describe.runIf(testBackend() === 'sqlite')('credgate serasa-bureau importar', () => {
  const pasta = mkdtempSync(join(tmpdir(), 'credgate-cli-sb-'));
  const https = join(pasta, 'https.properties');
  const login = join(pasta, 'serasapf.properties');
  const keystore = join(pasta, 'serasa.jks');
  let password: string;
  let caPem: string;
  let t: TestApp;
  const cli = async (args: string[], env: Record<string, string> = {}) => {
    try {
      const { stdout, stderr } = await run(
        process.execPath,
        ['--import', 'tsx', 'src/cli/main.ts', 'serasa-bureau', 'importar', ...args],
        { env: { PATH: process.env.PATH, ...env } },
      );
      return { code: 0, stdout, stderr };
    } catch (error) {
      return error as { code: number; stdout: string; stderr: string };
    }
  };

  beforeAll(async () => {
    writeFileSync(https, HTTPS_PROPERTIES, 'latin1');
    writeFileSync(login, LOGIN_PROPERTIES, 'latin1');
    const tls = makeTlsMaterial();
    writeFileSync(keystore, Buffer.from(tls.clientJks, 'base64'));
    password = tls.password;
    caPem = tls.caPem;
    writeFileSync(join(pasta, 'server.pem'), tls.serverCert);
    writeFileSync(join(pasta, 'server.key'), tls.serverKey);
    t = await startTestApp({ workers: false });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(pasta, { recursive: true, force: true });
  });

  it('prints the integration JSON, the keystore as key store and trust store', async () => {
    const out = await cli(['--https', https, '--login', login, '--keystore', keystore], {
      SERASA_KEYSTORE_SENHA: password,
    });
    expect(out.code, out.stderr).toBe(0);
    const body = JSON.parse(out.stdout);
    expect(body.credenciais.certificado_cliente).toMatchObject({ formato: 'jks', senha: password });
    expect(body.credenciais.confianca).toEqual(body.credenciais.certificado_cliente);
    expect(body).not.toHaveProperty('avisos');
  });

  it('creates the integration through the API, never echoing the secrets', async () => {
    const out = await cli(
      ['--https', https, '--login', login, '--keystore', keystore, '--api', t.url],
      { SERASA_KEYSTORE_SENHA: password, CREDGATE_API_KEY: t.apiKey },
    );
    expect(out.code, out.stderr).toBe(0);
    const id = out.stdout.trim();
    const view = (await (await t.api(`/v1/integracoes/${id}`)).json()) as Record<string, any>;
    expect(view).toMatchObject({
      provedor: 'serasa_bureau',
      ambiente: 'homologacao',
      configuracoes: {
        url: 'https://sitenethomologa.serasa.com.br',
        caminho: '/Homologa/consultahttps',
      },
    });
    expect(out.stdout + out.stderr).not.toContain(password);
    expect(out.stdout + out.stderr).not.toContain('11003344');
  });

  it('asks for the keystore password instead of guessing it, and exits 2', async () => {
    const out = await cli(['--https', https, '--login', login, '--keystore', keystore]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('SERASA_KEYSTORE_SENHA');
  });

  it('credgate sandbox serasa-bureau serves HTTPS with --tls-cert/--tls-key', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'sandbox',
        'serasa-bureau',
        '--tls-cert',
        join(pasta, 'server.pem'),
        '--tls-key',
        join(pasta, 'server.key'),
      ],
      { env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /sandbox serasa_bureau em (https:\/\/\S+)/.exec(out);
          if (match) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`sandbox exited ${code}`)));
      });
      const created = await t.api('/v1/integracoes', {
        method: 'POST',
        json: {
          provedor: 'serasa_bureau',
          ambiente: 'homologacao',
          descricao: 'sandbox HTTPS',
          credenciais: {
            logon: 'DEMO0001',
            senha: 'demo1234',
            confianca: { formato: 'pem', certificado: caPem },
          },
          configuracoes: { url },
        },
      });
      const { id } = (await created.json()) as { id: string };
      const consulta = await t.api('/v1/consultas', {
        method: 'POST',
        json: { integracao_id: id, documento: '00000000191', produto: 'CREDIT_BUREAU_PF' },
      });
      expect(consulta.status, await consulta.clone().text()).toBe(201);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
