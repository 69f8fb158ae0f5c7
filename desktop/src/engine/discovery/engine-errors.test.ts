// The words a failed connection to a chosen engine gets, one branch at a time (errors built by hand:
// an expired certificate or a wrong host name need no real engine to be explained).
import { describe, expect, it } from 'vitest';
import { parseEndpoint } from './endpoint.js';
import { explainEngineFailure } from './engine-errors.js';

const tcp = parseEndpoint('tcp://engine.example.org:2376');
const ssh = parseEndpoint('ssh://ops@engine.example.org');
const tlsFiles = { ca: '/certs/ca.pem', cert: '/certs/cert.pem', key: '/certs/key.pem' };
const coded = (code: string, message = code): Error => Object.assign(new Error(message), { code });

describe('explainEngineFailure: TLS', () => {
  it('wrong CA names the CA file and dockerd --tlscacert', () => {
    for (const code of [
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
    ]) {
      const problem = explainEngineFailure(coded(code), { parsed: tcp, tlsFiles });
      expect(problem.message).toContain('wrong CA');
      expect(problem.message).toContain('/certs/ca.pem');
      expect(problem.hint).toContain('--tlscacert');
    }
  });

  it("the engine's certificate expired / not yet valid", () => {
    expect(explainEngineFailure(coded('CERT_HAS_EXPIRED'), { parsed: tcp }).message).toContain('has expired');
    expect(explainEngineFailure(coded('CERT_NOT_YET_VALID'), { parsed: tcp }).hint).toContain('clocks');
  });

  it('wrong host name names the host and the subjectAltName', () => {
    const problem = explainEngineFailure(
      coded('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"),
      { parsed: tcp },
    );
    expect(problem.message).toContain('wrong host name');
    expect(problem.message).toContain('"engine.example.org"');
    expect(problem.hint).toContain('subjectAltName');
  });

  it('our client certificate refused or expired: permission, naming the certificate file', () => {
    const refused = explainEngineFailure(coded('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'), {
      parsed: tcp,
      tlsFiles,
    });
    expect(refused.code).toBe('ENGINE_PERMISSION');
    expect(refused.message).toContain('/certs/cert.pem');
    const expired = explainEngineFailure(coded('ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED'), {
      parsed: tcp,
      tlsFiles,
    });
    expect(expired.message).toContain('it has expired');
    const reset = explainEngineFailure(coded('ECONNRESET'), { parsed: tcp, tlsFiles });
    expect(reset.message).toContain(
      "most likely refused this computer's client certificate (/certs/cert.pem)",
    );
  });

  it('a key of another certificate, TLS to a plain port, plain HTTP to a TLS port', () => {
    expect(
      explainEngineFailure(coded('ERR_OSSL_X509_KEY_VALUES_MISMATCH'), { parsed: tcp, tlsFiles }).message,
    ).toContain('does not belong to the client certificate');
    expect(explainEngineFailure(coded('ERR_SSL_WRONG_VERSION_NUMBER'), { parsed: tcp }).message).toContain(
      'does not speak TLS',
    );
    const http = Object.assign(new Error('Client sent an HTTP request to an HTTPS server.'), {
      statusCode: 400,
    });
    expect(explainEngineFailure(http, { parsed: tcp }).message).toContain('expects TLS');
  });
});

describe('explainEngineFailure: connection and SSH', () => {
  it('refused and timed out tcp:// say where to look', () => {
    const refused = explainEngineFailure(coded('ECONNREFUSED'), { parsed: tcp });
    expect(refused.message).toContain('connection refused');
    expect(refused.hint).toContain('firewall');
    const timeout = explainEngineFailure(coded('ETIMEDOUT'), { parsed: tcp });
    expect(timeout.message).toContain('No answer from tcp://engine.example.org:2376');
  });

  it('SSH authentication failed → ssh-add and the command to try', () => {
    const problem = explainEngineFailure(new Error('All configured authentication methods failed'), {
      parsed: ssh,
    });
    expect(problem.code).toBe('ENGINE_PERMISSION');
    expect(problem.hint).toContain('ssh-add');
    expect(problem.hint).toContain('ssh ops@engine.example.org docker version');
  });

  it('an SSH host key that changed wins over the error it caused', () => {
    const problem = explainEngineFailure(new Error('Handshake failed'), { parsed: ssh, hostKey: 'mismatch' });
    expect(problem.message).toContain('does NOT match');
  });
});
