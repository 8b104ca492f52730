import { checkServerIdentity, connect, rootCertificates, type PeerCertificate, type TLSSocket } from 'node:tls';
import type { Socket } from 'node:net';
import { timeoutFailure, type Deadline } from './deadline.js';
import { guardErrors, ProbeFailure, socketFailure } from './failure.js';
import type { TlsInfo } from './types.js';

const first = (value: string | string[] | undefined): string | null => (Array.isArray(value) ? value[0] : value) ?? null;

function describeName(name: PeerCertificate['subject'] | undefined): string | null {
  if (!name) return null;
  return first(name.CN) ?? first(name.O);
}

function tlsInfo(socket: TLSSocket, host: string): TlsInfo {
  const cert = socket.getPeerCertificate();
  const hasCert = Object.keys(cert).length > 0;
  return {
    protocol: socket.getProtocol(),
    subject: hasCert ? describeName(cert.subject) : null,
    issuer: hasCert ? describeName(cert.issuer) : null,
    validTo: hasCert && cert.valid_to ? new Date(cert.valid_to).toISOString() : null,
    ...(hasCert ? { nameMismatch: checkServerIdentity(host, cert) !== undefined } : {}),
  };
}

function rejection(code: string, host: string, info: TlsInfo): string {
  switch (code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'the certificate is self-signed: no trusted authority vouches for it';
    case 'CERT_HAS_EXPIRED':
      return `the certificate expired on ${info.validTo?.slice(0, 10) ?? 'an earlier date'}`;
    case 'CERT_NOT_YET_VALID':
      return 'the certificate is not valid yet';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the certificate is for ${info.subject ?? 'another name'}, not ${host}`;
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return 'the certificate chain is incomplete or its authority is not trusted';
    default:
      return `the certificate was not accepted (${code})`;
  }
}

/**
 * TLS over the pinned socket, verified against the real host name (SNI too, unless the host is an
 * IP address). Node is asked not to reject, so that a refused certificate can still be described;
 * the probe then refuses it itself and never sends a request over an unverified connection.
 */
export function handshake(
  socket: Socket,
  host: string,
  isAddress: boolean,
  extraCa: readonly string[],
  deadline: Deadline,
  tlsMs: number,
): Promise<{ socket: TLSSocket; tls: TlsInfo }> {
  const budget = deadline.budget(tlsMs);
  return new Promise((resolve, reject) => {
    const secure = connect({
      socket,
      host,
      ...(isAddress ? {} : { servername: host }),
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
      ...(extraCa.length > 0 ? { ca: [...rootCertificates, ...extraCa] } : {}),
    });
    const fail = (failure: ProbeFailure) => {
      clearTimeout(timer);
      secure.destroy();
      reject(failure);
    };
    const timer = setTimeout(() => fail(timeoutFailure('tls', 'TLS handshake', budget)), budget.ms);
    secure.once('error', (error) => fail(socketFailure(error, 'tls')));
    secure.once('secureConnect', () => {
      const info = tlsInfo(secure, host);
      if (!secure.authorized) {
        const code = String(secure.authorizationError);
        fail(new ProbeFailure('tls_failure', 'tls', rejection(code, host, info), { tls: info }));
        return;
      }
      clearTimeout(timer);
      guardErrors(secure);
      resolve({ socket: secure, tls: info });
    });
  });
}
