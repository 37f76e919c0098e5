// Attachment storage: metadata in Postgres, bytes on disk under DATA_DIR/attachments, addressed by
// their SHA-256 (the same file uploaded twice is stored once). Only ids ever reach a workflow.
import { createHash } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { Db } from '../../platform/store/db.js';
import { parseInput } from '../../platform/validate.js';

export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

const upload = z.object({
  filename: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .refine((name) => basename(name) === name && !name.startsWith('.'), 'must be a plain file name'),
  contentType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a MIME type such as application/pdf'),
  bytes: z
    .instanceof(Buffer)
    .refine(
      (b) => b.length > 0 && b.length <= MAX_ATTACHMENT_BYTES,
      `must be 1 byte to ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MiB`,
    ),
});
export type Upload = z.input<typeof upload>;

export function attachmentPath(dataDir: string, sha256: string): string {
  return join(dataDir, 'attachments', sha256.slice(0, 2), sha256);
}

export async function storeAttachment(db: Db, dataDir: string, ticketId: string, raw: Upload, uploadedBy: string) {
  const file = parseInput(upload, raw);
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const path = attachmentPath(dataDir, sha256);
  await mkdir(join(path, '..'), { recursive: true });
  // Write then rename: a crash never leaves a half-written file under its final name.
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, file.bytes);
  await rename(partial, path);
  return db
    .insertInto('attachments')
    .values({
      ticket_id: ticketId,
      filename: file.filename,
      content_type: file.contentType,
      size: file.bytes.length,
      sha256,
      storage_path: join('attachments', sha256.slice(0, 2), sha256),
      uploaded_by: uploadedBy,
    })
    .returning(['id', 'filename', 'content_type', 'size', 'sha256'])
    .executeTakeFirstOrThrow();
}

/** Removes an attachment row, and its bytes when no other attachment shares them. */
export async function removeAttachment(db: Db, dataDir: string, id: string): Promise<void> {
  const row = await db.deleteFrom('attachments').where('id', '=', id).returning('sha256').executeTakeFirst();
  if (!row) return;
  const shared = await db.selectFrom('attachments').select('id').where('sha256', '=', row.sha256).executeTakeFirst();
  if (!shared) await rm(attachmentPath(dataDir, row.sha256), { force: true });
}
