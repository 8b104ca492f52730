import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KeyPair {
  key: string;
  cert: string;
}

/** Test certificates made with openssl at test time: a CA, and leaves it signed (valid or expired) or none did. */
export class TestCertificates {
  private readonly dir = mkdtempSync(join(tmpdir(), 'updoc-probe-certs-'));
  readonly ca: KeyPair;

  constructor() {
    this.ca = this.selfSigned('updoc test CA', 'ca');
  }

  /** A certificate signed by nobody trusted: its own key signs it. */
  selfSigned(name: string, file = name): KeyPair {
    const key = join(this.dir, `${file}.key`);
    const cert = join(this.dir, `${file}.pem`);
    this.openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-subj', `/CN=${name}`, '-days', '2']);
    return this.read(key, cert);
  }

  /** A leaf for `name` signed by the test CA; `days` below zero makes it already expired. */
  signed(name: string, days: number): KeyPair {
    const file = `${name}-${days}`;
    const key = join(this.dir, `${file}.key`);
    const csr = join(this.dir, `${file}.csr`);
    const cert = join(this.dir, `${file}.pem`);
    const extensions = join(this.dir, `${file}.ext`);
    writeFileSync(extensions, `subjectAltName=DNS:${name}\nbasicConstraints=CA:FALSE\n`);
    this.openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', csr, '-subj', `/CN=${name}`]);
    this.openssl(['x509', '-req', '-in', csr, '-CA', join(this.dir, 'ca.pem'), '-CAkey', join(this.dir, 'ca.key'), '-CAcreateserial', '-days', String(days), '-extfile', extensions, '-out', cert]);
    return this.read(key, cert);
  }

  private openssl(args: string[]): void {
    execFileSync('openssl', args, { stdio: 'pipe' });
  }

  private read(key: string, cert: string): KeyPair {
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  }
}
