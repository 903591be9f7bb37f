import { createPrivateKey, X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { toPem } from 'jks-js';
import forge from 'node-forge';
import { Agent } from 'undici';
import type { Armazem } from './config.js';

/** PEM material out of a key or trust store. */
export interface PemMaterial {
  /** Client certificate chain. */
  cert?: string;
  key?: string;
  /** Trusted certificates. */
  ca: string[];
}

/** A store that cannot be read: wrong password, corrupt file, or no usable entry. */
export class KeystoreError extends Error {
  override name = 'KeystoreError';
}

/**
 * Reads PEM, PKCS#12 or JKS into PEM text: JKS with jks-js, PKCS#12 with node-forge (which also
 * reads the legacy ciphers of keystores exported by older Java tools, which OpenSSL 3 refuses).
 */
export function readKeystore(armazem: Armazem): PemMaterial {
  if (armazem.formato === 'pem') {
    return { cert: armazem.certificado, key: armazem.chave, ca: splitPem(armazem.certificado) };
  }
  const bytes = Buffer.from(armazem.conteudo_base64, 'base64');
  let material: PemMaterial;
  try {
    material =
      armazem.formato === 'jks' ? readJks(bytes, armazem.senha) : readPkcs12(bytes, armazem.senha);
  } catch (error) {
    // The libraries' messages name neither password nor content; keep them for the operator.
    throw new KeystoreError(
      `nao foi possivel abrir o ${armazem.formato.toUpperCase()}: senha errada ou arquivo invalido (${(error as Error).message})`,
    );
  }
  if (material.ca.length === 0 && !material.key) {
    throw new KeystoreError(`o ${armazem.formato.toUpperCase()} nao tem certificados`);
  }
  return material;
}

function readJks(bytes: Buffer, senha: string): PemMaterial {
  const material: PemMaterial = { ca: [] };
  for (const entry of Object.values(toPem(bytes, senha))) {
    if (entry.key && entry.cert && !material.key) {
      material.key = entry.key;
      material.cert = entry.cert;
    }
    material.ca.push(...splitPem(entry.ca ?? entry.cert ?? ''));
  }
  return material;
}

function readPkcs12(bytes: Buffer, senha: string): PemMaterial {
  const asn1 = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')));
  const p12 = forge.pkcs12.pkcs12FromAsn1(asn1, senha);
  const { pkcs8ShroudedKeyBag, keyBag, certBag } = forge.pki.oids;
  const keyBags = [pkcs8ShroudedKeyBag, keyBag].flatMap(
    (bagType) => p12.getBags({ bagType })[bagType] ?? [],
  );
  const certs = (p12.getBags({ bagType: certBag })[certBag] ?? []).flatMap((bag) =>
    bag.cert ? [forge.pki.certificateToPem(bag.cert)] : [],
  );
  const forgeKey = keyBags.find((bag) => bag.key)?.key;
  if (!forgeKey) return { ca: certs };
  const key = forge.pki.privateKeyToPem(forgeKey);
  // The bags come in no set order; TLS takes the first certificate as the one the key signs for.
  const privateKey = createPrivateKey(key);
  const leaf = certs.findIndex((pem) => new X509Certificate(pem).checkPrivateKey(privateKey));
  const chain = leaf < 0 ? certs : [certs[leaf], ...certs.filter((_, i) => i !== leaf)];
  return { key, cert: chain.join(''), ca: certs };
}

function splitPem(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/**
 * The connection pool for one integration: its client certificate, and its trust store added to
 * the system CAs (Node replaces the defaults when `ca` is given). Like Intellector, one JKS may
 * serve as both.
 */
export function createTlsAgent(options: {
  certificadoCliente?: Armazem;
  confianca?: Armazem;
  verificarCertificado: boolean;
}): Agent {
  const cliente = options.certificadoCliente && readKeystore(options.certificadoCliente);
  if (cliente && !cliente.key) {
    throw new KeystoreError('o certificado do cliente nao tem chave privada');
  }
  const confianca = options.confianca && readKeystore(options.confianca);
  return new Agent({
    connect: {
      cert: cliente?.cert,
      key: cliente?.key,
      passphrase:
        options.certificadoCliente?.formato === 'pem'
          ? options.certificadoCliente.senha
          : undefined,
      ca: confianca ? [...rootCertificates, ...confianca.ca] : undefined,
      rejectUnauthorized: options.verificarCertificado,
    },
    keepAliveTimeout: 30_000,
  });
}
