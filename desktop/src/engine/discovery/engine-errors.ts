// Why an engine chosen in Settings → Engine could not be reached, in words that say what to do.
// Pure (an error in, a problem out) so every branch is unit-tested without a broken engine.
import type { ErrorCode } from '../errors.js';
import type { ParsedEndpoint } from './endpoint.js';
import { hostKeyProblem, type HostKeyVerdict } from './known-hosts.js';
import { classifyConnectError, describeTarget } from './probe.js';

export interface EngineProblem {
  code: ErrorCode;
  message: string;
  hint: string;
}

/** What the failed attempt knew besides the error. */
export interface FailureContext {
  parsed: ParsedEndpoint;
  /** The TLS files given (tcp://), for naming them in the hint. */
  tlsFiles?: { ca: string; cert: string; key: string };
  /** ssh://: what known_hosts said about the server's key. */
  hostKey?: HostKeyVerdict;
}

const codeOf = (error: unknown): string =>
  error && typeof error === 'object' && typeof (error as { code?: unknown }).code === 'string'
    ? (error as { code: string }).code
    : '';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The engine's certificate is not signed by the CA given (or by any CA we know). */
const UNTRUSTED_SERVER =
  /^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|CERT_SIGNATURE_FAILURE|CERT_UNTRUSTED|CERT_CHAIN_TOO_LONG)$/;
/** The engine sent a TLS alert: it refused our client certificate. */
const CLIENT_REFUSED =
  /ALERT_(BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE|CERTIFICATE_UNKNOWN|DECRYPT_ERROR)/;

function tlsProblem(code: string, message: string, ctx: FailureContext): EngineProblem | undefined {
  const where = describeTarget(ctx.parsed);
  const files = ctx.tlsFiles;
  if (UNTRUSTED_SERVER.test(code)) {
    return {
      code: 'ENGINE_UNREACHABLE',
      message: `The engine at ${where} presented a certificate that ${files ? `the CA file ${files.ca}` : 'no trusted CA'} did not sign (wrong CA, ${code}).`,
      hint: "Choose the ca.pem that signed the engine's certificate (the file dockerd's --tlscacert names on that host), then test again.",
    };
  }
  if (code === 'CERT_HAS_EXPIRED') {
    return {
      code: 'ENGINE_UNREACHABLE',
      message: `The engine at ${where} presented a certificate that has expired.`,
      hint: "Renew the engine's server certificate on its host (dockerd's --tlscert), restart dockerd, then test again.",
    };
  }
  if (code === 'CERT_NOT_YET_VALID') {
    return {
      code: 'ENGINE_UNREACHABLE',
      message: `The engine at ${where} presented a certificate that is not valid yet.`,
      hint: "Check the clocks of this computer and of the engine's host (the certificate's start date is in the future).",
    };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return {
      code: 'ENGINE_UNREACHABLE',
      message: `The engine's certificate is not made out for the host name "${ctx.parsed.host}" (wrong host name: ${message}).`,
      hint: 'Use an address the certificate names (its subjectAltName), or make the engine a certificate that includes this host name or IP address.',
    };
  }
  if (/ALERT_CERTIFICATE_EXPIRED/.test(code) || /alert certificate expired/i.test(message)) {
    return {
      code: 'ENGINE_PERMISSION',
      message: `The engine at ${where} refused this computer's client certificate${files ? ` (${files.cert})` : ''}: it has expired.`,
      hint: 'Make a new client certificate with the CA the engine trusts, choose it here, then test again.',
    };
  }
  if (CLIENT_REFUSED.test(code) || /alert (bad certificate|unknown ca|certificate required)/i.test(message)) {
    return {
      code: 'ENGINE_PERMISSION',
      message: `The engine at ${where} refused this computer's client certificate${files ? ` (${files.cert})` : ''} (${code || message}).`,
      hint: "Choose a client cert.pem and key.pem signed by the CA the engine trusts (dockerd's --tlscacert on that host).",
    };
  }
  // With TLS 1.3 the engine checks our certificate after the handshake: its refusal often arrives
  // as a reset connection rather than as an alert.
  if (files && (code === 'ECONNRESET' || code === 'EPIPE')) {
    return {
      code: 'ENGINE_PERMISSION',
      message: `The engine at ${where} closed the TLS connection: it most likely refused this computer's client certificate (${files.cert}).`,
      hint: "Choose a client cert.pem and key.pem signed by the CA the engine trusts (dockerd's --tlscacert on that host).",
    };
  }
  if (/KEY_VALUES_MISMATCH/.test(code) || /key values mismatch/i.test(message)) {
    return {
      code: 'ENGINE_UNREACHABLE',
      message: `The client key${files ? ` ${files.key}` : ''} does not belong to the client certificate${files ? ` ${files.cert}` : ''}.`,
      hint: 'Choose the key.pem made together with that cert.pem.',
    };
  }
  if (/WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG/.test(code) || /wrong version number/i.test(message)) {
    return {
      code: 'ENGINE_UNREACHABLE',
      message: `The engine at ${where} does not speak TLS on that port.`,
      hint: 'Check the port (2376 is the TLS port by convention, 2375 plain HTTP), or leave the certificates out for an engine without TLS.',
    };
  }
  return undefined;
}

/** The problem to show for a failed connection to a chosen engine. */
export function explainEngineFailure(error: unknown, ctx: FailureContext): EngineProblem {
  const { parsed } = ctx;
  const code = codeOf(error);
  const message = messageOf(error);
  const where = describeTarget(parsed);

  if (parsed.kind === 'ssh' && ctx.hostKey && ctx.hostKey !== 'match') {
    return {
      code: 'ENGINE_UNREACHABLE',
      message: `STATUS Desktop did not log in to ${parsed.endpoint}: ${hostKeyProblem(ctx.hostKey, parsed.host ?? '', parsed.port ?? 22, parsed.username)}.`,
      hint: "Check the host key with the host's administrator, accept it with `ssh` in a terminal, then test again.",
    };
  }
  const tls = tlsProblem(code, message, ctx);
  if (tls) return tls;

  const statusCode = (error as { statusCode?: unknown } | undefined)?.statusCode;
  if (statusCode === 400 && /HTTPS server/i.test(message)) {
    return {
      code: 'ENGINE_UNREACHABLE',
      message: `The engine at ${where} expects TLS, and no certificates were given.`,
      hint: "Add the engine's CA (ca.pem) and a client certificate and key (cert.pem, key.pem) it trusts.",
    };
  }

  const { result, detail: raw } = classifyConnectError(error, parsed);
  const detail = raw.replace(/[.?!]+$/, ''); // ends a sentence of ours
  switch (result) {
    case 'refused':
      return {
        code: 'ENGINE_UNREACHABLE',
        message: `Nothing answers at ${parsed.endpoint}: ${detail}.`,
        hint:
          parsed.kind === 'ssh'
            ? 'Check the host name and the SSH port, and that sshd runs there.'
            : 'Check the address and port, that dockerd listens there (`--host tcp://0.0.0.0:2376`), and that no firewall is in between.',
      };
    case 'timeout':
      return {
        code: 'ENGINE_UNREACHABLE',
        message: `No answer from ${parsed.endpoint}: ${detail}.`,
        hint: 'Check the address, the network and any firewall; the engine or its host may be stopped.',
      };
    case 'permission':
      return {
        code: 'ENGINE_PERMISSION',
        message: `${parsed.endpoint} refused STATUS Desktop: ${detail}.`,
        hint:
          parsed.kind === 'ssh'
            ? `Load your key into the SSH agent (\`ssh-add\`) or check the user name; \`ssh ${parsed.endpoint.slice('ssh://'.length)} docker version\` must work in a terminal.`
            : 'Check that your user may use that engine.',
      };
    default:
      return {
        code: 'ENGINE_UNREACHABLE',
        message: `The engine at ${parsed.endpoint} cannot be used: ${detail}.`,
        hint:
          parsed.kind === 'ssh'
            ? `Check that \`ssh ${parsed.endpoint.slice('ssh://'.length)} docker version\` works in a terminal.`
            : 'Check the address and that a Docker engine answers there (`docker -H <address> version`).',
      };
  }
}
