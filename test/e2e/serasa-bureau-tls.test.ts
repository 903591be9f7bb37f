import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSerasaBureauSandbox } from '../../src/providers/serasa-bureau/sandbox.js';
import {
  startSandboxServer,
  type SandboxServer,
} from '../../src/sandboxes/start-sandbox-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { makeTlsMaterial, type TlsMaterial } from '../support/tls-material.js';

// The host-to-host connection over HTTPS with a host that demands a client certificate signed by
// its own CA, as Serasa's does for customers it issued one: PKCS#12 and JKS key stores (seed 002
// configures a JKS), a trust store for the host's CA, and verification that refuses an unknown CA.
describe('Serasa Bureau over TLS: client certificate and trust store from PKCS#12, JKS and PEM', () => {
  let tls: TlsMaterial;
  let sandbox: SandboxServer;
  let t: TestApp;

  beforeAll(async () => {
    tls = makeTlsMaterial();
    sandbox = await startSandboxServer(createSerasaBureauSandbox(), {
      tls: { cert: tls.serverCert, key: tls.serverKey, ca: tls.caPem },
    });
    t = await startTestApp({ workers: false });
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  const criar = async (credenciais: Record<string, unknown>) =>
    t.api('/v1/integracoes', {
      method: 'POST',
      json: {
        provedor: 'serasa_bureau',
        ambiente: 'homologacao',
        descricao: 'Serasa Bureau TLS',
        credenciais: { logon: 'DEMO0001', senha: 'demo1234', ...credenciais },
        configuracoes: { url: sandbox.url },
      },
    });
  const consultar = async (credenciais: Record<string, unknown>) => {
    const created = await criar(credenciais);
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const response = await t.api('/v1/consultas', {
      method: 'POST',
      json: { integracao_id: id, documento: '00000000191', produto: 'CREDIT_BUREAU_PF' },
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const pem = () => ({ formato: 'pem', certificado: tls.caPem });

  it('connects with a PKCS#12 client certificate and a PEM trust store', async () => {
    const { status, body } = await consultar({
      certificado_cliente: {
        formato: 'pkcs12',
        conteudo_base64: tls.clientP12,
        senha: tls.password,
      },
      confianca: pem(),
    });
    expect(status, JSON.stringify(body)).toBe(201);
    expect(body.resumo.nome).toBe('MARIA DA SILVA TESTE');
  });

  it('connects with one JKS as key store and trust store, as Intellector does', async () => {
    const jks = { formato: 'jks', conteudo_base64: tls.clientJks, senha: tls.password };
    const { status, body } = await consultar({ certificado_cliente: jks, confianca: jks });
    expect(status, JSON.stringify(body)).toBe(201);
    expect(body.situacao).toBe('concluida');
  });

  it('connects with a PEM client certificate and key', async () => {
    const { status } = await consultar({
      certificado_cliente: { formato: 'pem', certificado: tls.clientCert, chave: tls.clientKey },
      confianca: pem(),
    });
    expect(status).toBe(201);
  });

  it('verifies the server: an unknown CA fails the call, nothing is sent', async () => {
    const { status, body } = await consultar({
      certificado_cliente: {
        formato: 'pkcs12',
        conteudo_base64: tls.clientP12,
        senha: tls.password,
      },
    });
    expect(status).toBe(503);
    expect(body.erro.mensagem).toMatch(/certificate|certificado/i);
  });

  it('without the client certificate the host refuses the handshake', async () => {
    const { status } = await consultar({ confianca: pem() });
    expect(status).toBe(503);
  });

  it('refuses a key store it cannot open when the integration is saved (400 naming the field)', async () => {
    const wrong = await criar({
      certificado_cliente: { formato: 'jks', conteudo_base64: tls.clientJks, senha: 'errada' },
    });
    expect(wrong.status).toBe(400);
    const text = await wrong.text();
    expect(text).toContain('certificado_cliente');
    expect(text).toContain('senha errada');
    expect(text).not.toContain(tls.clientJks.slice(0, 40));
    const trustOnly = await criar({ certificado_cliente: pem() });
    expect(trustOnly.status).toBe(400);
    expect(await trustOnly.text()).toContain('chave privada');
  });
});
