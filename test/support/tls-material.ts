import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Throwaway certificates made for one test run (never committed): a CA, a server, a client. */
export interface TlsMaterial {
  caPem: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** Client key and chain as PKCS#12 (Base64), protected by `password`. */
  clientP12: string;
  /** The same client entry and the CA as a trusted entry, in one Java keystore (Base64). */
  clientJks: string;
  password: string;
}

/**
 * Built with the machine's openssl and the JDK's keytool (both on the CI machine kind), as an
 * operator would build them, so the keystore readers meet files from the real tools.
 */
export function makeTlsMaterial(): TlsMaterial {
  const dir = mkdtempSync(join(tmpdir(), 'credgate-tls-'));
  const password = 'senha-keystore-1';
  const run = (command: string, args: string[]) =>
    execFileSync(command, args, { cwd: dir, stdio: 'pipe' });
  const openssl = (...args: string[]) => run('openssl', args);
  try {
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=credgate teste CA',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
    );
    for (const [name, subject, ext] of [
      ['server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1'],
      ['client', '/CN=DEMO0001', 'extendedKeyUsage=clientAuth'],
    ]) {
      writeFileSync(join(dir, `${name}.ext`), `${ext}\n`);
      openssl(
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        subject,
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.csr`,
      );
      openssl(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-days',
        '2',
        '-extfile',
        `${name}.ext`,
        '-out',
        `${name}.pem`,
      );
    }
    openssl(
      'pkcs12',
      '-export',
      '-in',
      'client.pem',
      '-inkey',
      'client.key',
      '-certfile',
      'ca.pem',
      '-name',
      'cliente',
      '-passout',
      `pass:${password}`,
      '-out',
      'client.p12',
    );
    run('keytool', [
      '-importkeystore',
      '-srckeystore',
      'client.p12',
      '-srcstoretype',
      'PKCS12',
      '-srcstorepass',
      password,
      '-destkeystore',
      'client.jks',
      '-deststoretype',
      'JKS',
      '-deststorepass',
      password,
      '-destkeypass',
      password,
      '-noprompt',
    ]);
    run('keytool', [
      '-importcert',
      '-alias',
      'serasa-ca',
      '-file',
      'ca.pem',
      '-keystore',
      'client.jks',
      '-storepass',
      password,
      '-noprompt',
    ]);
    const read = (file: string) => readFileSync(join(dir, file), 'utf8');
    return {
      caPem: read('ca.pem'),
      serverCert: read('server.pem'),
      serverKey: read('server.key'),
      clientCert: read('client.pem'),
      clientKey: read('client.key'),
      clientP12: readFileSync(join(dir, 'client.p12')).toString('base64'),
      clientJks: readFileSync(join(dir, 'client.jks')).toString('base64'),
      password,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
