// Which container engine the launcher drives (settings.json `engine`): the one found as today
// (DOCKER_HOST, the Docker CLI's context, the usual sockets), a named Docker context, or an address
// the operator added: ssh://user@host (their SSH agent or keys) or tcp://host:2376 with TLS.
// TLS certificates are kept as paths to the operator's files, never copied in: the private key
// stays where it is, and settings.json holds no secret.
import { isAbsolute } from 'node:path';
import { z } from 'zod';

const certificatePath = z
  .string({ error: 'must be the full path of a PEM file' })
  .max(4096, { error: 'is too long for a path' })
  .refine((file) => isAbsolute(file), {
    error: 'must be the full path of a PEM file on the computer running STATUS Desktop',
  });

const label = z
  .string({ error: 'must be a text' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(64, { error: 'must be at most 64 characters' });

const contextName = z
  .string({ error: 'must be a Docker context name' })
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.+-]{0,127}$/, {
    error: 'must be a Docker context name such as "remote-1" (letters, digits, "_", ".", "+", "-")',
  });

const sshHost = z
  .string({ error: 'must be an address such as "ssh://user@host"' })
  .max(512, { error: 'is too long for an address' })
  .regex(/^ssh:\/\/(?:[^@\s/]+@)?[^\s/@:]+(?::\d{1,5})?$/, {
    error: 'must be an address such as "ssh://user@host" or "ssh://user@host:2222"',
  });

const tcpHost = z
  .string({ error: 'must be an address such as "tcp://host:2376"' })
  .max(512, { error: 'is too long for an address' })
  .regex(/^tcp:\/\/(?:\[[0-9a-fA-F:.]+\]|[^\s/@:[\]]+):\d{1,5}$/, {
    error: 'must be an address with its port, such as "tcp://host:2376"',
  });

export const engineTlsSchema = z.strictObject({
  /** The CA that signed the engine's certificate (ca.pem). */
  ca: certificatePath,
  /** This client's certificate (cert.pem) and its key (key.pem), signed by a CA the engine trusts. */
  cert: certificatePath,
  key: certificatePath,
});

export const engineChoiceSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('default') }),
    z.strictObject({ kind: z.literal('context'), name: contextName }),
    z.strictObject({ kind: z.literal('ssh'), host: sshHost, name: label.optional() }),
    z.strictObject({
      kind: z.literal('tcp'),
      host: tcpHost,
      name: label.optional(),
      /** Without it the connection is plain HTTP: only for an engine on a trusted network. */
      tls: engineTlsSchema.optional(),
    }),
  ],
  { error: 'must be {"kind": "default"}, a context, an ssh:// or a tcp:// engine' },
);

export type EngineTls = z.output<typeof engineTlsSchema>;
export type EngineChoice = z.output<typeof engineChoiceSchema>;

export const DEFAULT_ENGINE: EngineChoice = { kind: 'default' };

/** How a person names the choice: "default", the context's name, or the label given (else the address). */
export function engineChoiceName(choice: EngineChoice): string {
  switch (choice.kind) {
    case 'default':
      return 'default';
    case 'context':
      return choice.name;
    case 'ssh':
    case 'tcp':
      return choice.name ?? choice.host;
  }
}
