// The schedule's memory: `<settings home>/backup-schedule.json` holds the last scheduled run (when,
// whether it worked, the file or the error), so the console can say so after a restart and a
// failed attempt is not retried at once. A missing or damaged file is an empty record.
import path from 'node:path';
import { z } from 'zod';
import { readTextIfExists, writeFileAtomic } from '../engine/settings/files.js';
import type { ScheduleRecord } from './backup-schedule.js';

const recordSchema = z.object({
  lastRun: z
    .object({
      at: z.number(),
      ok: z.boolean(),
      name: z.string().optional(),
      error: z.object({ message: z.string(), hint: z.string() }).optional(),
    })
    .optional(),
});

export function scheduleRecordFile(home: string): string {
  return path.join(home, 'backup-schedule.json');
}

export async function readScheduleRecord(
  home: string,
  warn: (message: string) => void,
): Promise<ScheduleRecord> {
  const file = scheduleRecordFile(home);
  const text = await readTextIfExists(file);
  if (!text) return {};
  try {
    return recordSchema.parse(JSON.parse(text));
  } catch {
    warn(`${file} is damaged; the backup schedule starts afresh (the backups themselves are untouched).`);
    return {};
  }
}

export function writeScheduleRecord(home: string, record: ScheduleRecord): Promise<void> {
  return writeFileAtomic(scheduleRecordFile(home), `${JSON.stringify(record, null, 2)}\n`, 0o600);
}
