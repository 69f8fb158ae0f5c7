// The manifest of a STATUS backup: what was captured, from which images and schema, and how to
// check every part (size and SHA-256). It is the first entry of the archive, so a restore can
// refuse an archive before reading anything else.
import { z } from 'zod';

export const BACKUP_FORMAT = 'status-desktop-backup';
/** Bump when the layout or meaning of parts changes; restore refuses versions it does not know. */
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_ENTRY = 'manifest.json';

/**
 * How a part was captured. `pg_dump`/`mongodump` are logical dumps taken while the service runs;
 * `volume-copy-live` copies a volume under a running service (files it writes atomically, like
 * Node-RED's); `snapshot+volume-copy` asks the store to write a snapshot first (Dragonfly's SAVE);
 * `volume-copy-stopped` stops the service for the copy (a store without a dump tool).
 */
export const CAPTURE_METHODS = [
  'pg_dump',
  'mongodump',
  'volume-copy-live',
  'snapshot+volume-copy',
  'volume-copy-stopped',
  'scrypt+aes-256-gcm',
] as const;
export type CaptureMethod = (typeof CAPTURE_METHODS)[number];

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex');

const partBase = {
  /** Entry name in the archive. */
  name: z.string().min(1),
  size: z.number().int().nonnegative(),
  sha256: sha256Hex,
  method: z.enum(CAPTURE_METHODS),
};

export const manifestPartSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...partBase,
    kind: z.literal('postgres-database'),
    service: z.string(),
    database: z.string(),
    owner: z.string(),
  }),
  z.strictObject({ ...partBase, kind: z.literal('mongo-dump'), service: z.string() }),
  z.strictObject({
    ...partBase,
    kind: z.literal('volume'),
    service: z.string(),
    /** The volume's key in the Compose file (its engine name differs per project). */
    volume: z.string(),
    /** Where the service mounts it. */
    target: z.string(),
  }),
  z.strictObject({ ...partBase, kind: z.literal('secrets') }),
]);
export type ManifestPart = z.infer<typeof manifestPartSchema>;

export const manifestSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().positive(),
  createdAt: z.iso.datetime(),
  desktopVersion: z.string(),
  project: z.string(),
  /** Every service of the project: the image it names and the image ID it ran (or would run). */
  images: z.record(z.string(), z.strictObject({ image: z.string(), imageId: z.string().nullable() })),
  /**
   * The STATUS database's schema: the backend's applied migrations (schema_migrations), the
   * latest first; null when the table does not exist yet (the backend never started).
   */
  schema: z
    .strictObject({
      latestVersion: z.number().int().nullable(),
      migrations: z.array(z.strictObject({ version: z.number().int(), name: z.string() })),
    })
    .nullable(),
  parts: z.array(manifestPartSchema),
});
export type BackupManifest = z.infer<typeof manifestSchema>;

/** Only format and version: read first, so a newer archive gets "unknown version", not "invalid". */
export const manifestHeadSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().positive(),
});
