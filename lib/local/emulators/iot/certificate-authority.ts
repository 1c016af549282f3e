/**
 * The local IoT stand-in's certificate authority (node-forge; RSA 2048, SHA-256). A new
 * CA is generated each time the local stack starts, so no private key is ever written to
 * disk or committed. It signs:
 * - device certificates (CreateKeysAndCertificate), which the local broker requires and
 *   verifies like IoT Core's mutual TLS;
 * - the broker's server certificate (`localhost`, `127.0.0.1`, `::1`), which devices
 *   verify against the CA's PEM (the local counterpart of Amazon Root CA 1).
 */
import { createHash, generateKeyPair as generateKeyPairCallback, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

const generateKeyPair = promisify(generateKeyPairCallback);

/** A key pair in PEM: the private key as PKCS#1 (`BEGIN RSA PRIVATE KEY`), as IoT returns it. */
export interface PemKeyPair {
  readonly publicKey: string;
  readonly privateKey: string;
}

export interface IssuedCertificate {
  readonly certificatePem: string;
  /** SHA-256 of the DER certificate, lower-case hex: IoT's certificate id. */
  readonly certificateId: string;
  readonly keyPair: PemKeyPair;
}

async function rsaKeyPair(): Promise<PemKeyPair> {
  // Node's native generator (off the event loop), then forge for the X.509 structures.
  const { publicKey, privateKey } = await generateKeyPair('rsa', {
    modulusLength: 2048,
    publicExponent: 0x10001,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return { publicKey, privateKey };
}

/** A positive 16-byte serial number (RFC 5280: positive, at most 20 bytes). */
const serialNumber = () => `7${randomBytes(16).toString('hex').slice(1)}`;

/** A fresh key pair and an unsigned certificate of its public key: a new serial, valid from `backdateMs` ago for a year. */
async function newCertificate(backdateMs: number): Promise<{ keyPair: PemKeyPair; cert: forge.pki.Certificate }> {
  const keyPair = await rsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keyPair.publicKey);
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(Date.now() - backdateMs);
  cert.validity.notAfter = new Date(Date.now() + 365 * 86_400_000);
  return { keyPair, cert };
}

/** The SHA-256 fingerprint of a PEM certificate's DER, lower-case hex without separators. */
export function certificateIdOf(certificatePem: string): string {
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(certificatePem))).getBytes();
  return createHash('sha256').update(Buffer.from(der, 'binary')).digest('hex');
}

export class LocalCertificateAuthority {
  private constructor(
    private readonly certificate: forge.pki.Certificate,
    private readonly privateKey: forge.pki.rsa.PrivateKey,
    /** The CA certificate (PEM) devices and the broker trust. */
    readonly certificatePem: string,
  ) {}

  /** A new self-signed root, valid from an hour ago for a year. */
  static async create(commonName = 'Hydrant Local IoT CA'): Promise<LocalCertificateAuthority> {
    const { keyPair: keys, cert } = await newCertificate(3_600_000);
    const subject = [
      { name: 'commonName', value: commonName },
      { name: 'organizationName', value: 'Hydrant (local stack)' },
    ];
    cert.setSubject(subject);
    cert.setIssuer(subject);
    cert.setExtensions([
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      { name: 'subjectKeyIdentifier' },
    ]);
    const privateKey = forge.pki.privateKeyFromPem(keys.privateKey) as forge.pki.rsa.PrivateKey;
    cert.sign(privateKey, forge.md.sha256.create());
    return new LocalCertificateAuthority(cert, privateKey, forge.pki.certificateToPem(cert));
  }

  /** A device certificate with a new key pair, subject `CN=AWS IoT Certificate` as IoT issues them (the thing is attached later). */
  async issueDeviceCertificate(): Promise<IssuedCertificate> {
    return this.issue('AWS IoT Certificate', [{ name: 'extKeyUsage', clientAuth: true }]);
  }

  /** The broker's server certificate, valid for `localhost`, `127.0.0.1` and `::1`. */
  async issueServerCertificate(): Promise<IssuedCertificate> {
    return this.issue('localhost', [
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ]);
  }

  private async issue(commonName: string, extensions: object[]): Promise<IssuedCertificate> {
    const { keyPair, cert } = await newCertificate(60_000);
    cert.setSubject([{ name: 'commonName', value: commonName }]);
    cert.setIssuer(this.certificate.subject.attributes);
    cert.setExtensions([
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      ...extensions,
      { name: 'subjectKeyIdentifier' },
      { name: 'authorityKeyIdentifier', keyIdentifier: this.certificate.generateSubjectKeyIdentifier().getBytes() },
    ]);
    cert.sign(this.privateKey, forge.md.sha256.create());
    const certificatePem = forge.pki.certificateToPem(cert);
    return { certificatePem, certificateId: certificateIdOf(certificatePem), keyPair };
  }
}
