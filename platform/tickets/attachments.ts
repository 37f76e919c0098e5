// Attachment storage: metadata in Postgres, bytes on disk under DATA_DIR/attachments, addressed by
// their SHA-256 (the same file uploaded twice is stored once). Only ids ever reach a workflow.
// What may be stored (size, content types, names) is checked here, before anything is written.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { sql, type Selectable } from 'kysely';
import { z } from 'zod';
import type { Db } from '../store/db.js';
import type { AttachmentsTable } from '../store/schema.js';
import { parseInput } from '../validate.js';

export interface AttachmentLimits {
  /** The largest file, in bytes (MAX_ATTACHMENT_BYTES). */
  maxBytes: number;
  /** The content types accepted, lower case, without parameters (ATTACHMENT_CONTENT_TYPES). */
  contentTypes: readonly string[];
}

export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

/** What a help desk is sent: pictures and screen recordings, documents, mail, logs, archives. Nothing a
 * browser would run (HTML, SVG, XML, scripts) and no executables. */
export const DEFAULT_ATTACHMENT_CONTENT_TYPES: readonly string[] = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/bmp',
  'image/tiff',
  'image/heic',
  'image/heif',
  'video/mp4',
  'video/webm',
  'video/quicktime',
  'application/pdf',
  'text/plain',
  'text/csv',
  'text/markdown',
  'application/json',
  'application/rtf',
  'message/rfc822',
  'application/vnd.ms-outlook',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/zip',
  'application/x-zip-compressed',
  'application/gzip',
  'application/x-7z-compressed',
];

export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = {
  maxBytes: MAX_ATTACHMENT_BYTES,
  contentTypes: DEFAULT_ATTACHMENT_CONTENT_TYPES,
};

/** Names that run code when opened, whatever type the uploader declared. */
const ACTIVE_EXTENSIONS = new Set(
  (
    'html htm xhtml shtml mht mhtml svg svgz xml xsl js mjs cjs jse vbs vbe wsf wsh hta ' +
    'exe com scr pif bat cmd msi msp dll cpl jar ps1 psm1 sh reg lnk app'
  ).split(' '),
);

/** `text/plain; charset=utf-8` → `text/plain`. */
export const essence = (contentType: string) => contentType.split(';')[0]!.trim().toLowerCase();

/** 26214400 → "25 MiB", 65536 → "64 KiB": limits as people write them. */
export function sizeText(bytes: number): string {
  const round = (n: number) => Math.round(n * 100) / 100;
  if (bytes >= 1024 * 1024) return `${round(bytes / 1024 / 1024)} MiB`;
  if (bytes >= 1024) return `${round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

function uploadSchema(limits: AttachmentLimits) {
  return z.object({
    filename: z
      .string()
      .trim()
      .min(1)
      .max(255)
      .refine((name) => basename(name) === name && !name.startsWith('.'), 'must be a plain file name')
      .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), 'must not contain control characters')
      .refine(
        (name) => !ACTIVE_EXTENSIONS.has(name.split('.').pop()!.toLowerCase()),
        'this kind of file can run code when opened and is not accepted',
      ),
    contentType: z
      .string()
      .transform(essence)
      .refine((type) => limits.contentTypes.includes(type), {
        message: `must be one of the accepted types: ${limits.contentTypes.join(', ')}`,
      }),
    bytes: z
      .instanceof(Buffer)
      .refine((b) => b.length > 0, 'the file is empty')
      .refine((b) => b.length <= limits.maxBytes, `the file is larger than ${sizeText(limits.maxBytes)}`),
  });
}
export type Upload = z.input<ReturnType<typeof uploadSchema>>;

export function attachmentPath(dataDir: string, sha256: string): string {
  return join(dataDir, 'attachments', sha256.slice(0, 2), sha256);
}

/** The storage of one ticket service: its limits, checked before anything is written. */
export function createAttachmentStore(db: Db, dataDir: string, limits: AttachmentLimits = DEFAULT_ATTACHMENT_LIMITS) {
  const schema = uploadSchema(limits);
  return {
    limits,
    path: (sha256: string) => attachmentPath(dataDir, sha256),

    async store(ticketId: string, raw: Upload, uploadedBy: string) {
      const file = parseInput(schema, raw);
      const sha256 = createHash('sha256').update(file.bytes).digest('hex');
      const path = attachmentPath(dataDir, sha256);
      await mkdir(join(path, '..'), { recursive: true });
      // Write then rename: a crash never leaves a half-written file under its final name.
      const partial = `${path}.${randomUUID()}.partial`;
      try {
        await writeFile(partial, file.bytes);
        await rename(partial, path);
      } finally {
        await rm(partial, { force: true });
      }
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
        .returning(['id', 'filename', 'content_type', 'size', 'sha256', 'uploaded_by', 'created_at'])
        .executeTakeFirstOrThrow();
    },

    /** Removes an attachment row, and its bytes when no other attachment shares them. */
    async remove(id: string): Promise<void> {
      const row = await db.deleteFrom('attachments').where('id', '=', id).returning('sha256').executeTakeFirst();
      if (!row) return;
      const shared = await db
        .selectFrom('attachments')
        .select('id')
        .where('sha256', '=', row.sha256)
        .executeTakeFirst();
      if (!shared) await rm(attachmentPath(dataDir, row.sha256), { force: true });
    },
  };
}

export type AttachmentStore = ReturnType<typeof createAttachmentStore>;

/** An attachment as every read of one has it (a stored one, or one listed): what the API answers with. */
export type AttachmentRow = Pick<
  Selectable<AttachmentsTable>,
  'id' | 'filename' | 'content_type' | 'size' | 'uploaded_by' | 'created_at'
>;

/** Attachments the ticket's workflow accepted (its timeline has their `attached` event): a row whose
 * change is still under way, or whose outcome is unknown, is neither listed nor served. */
export function acceptedAttachments(db: Db) {
  return db.selectFrom('attachments').where(
    sql<boolean>`exists (select 1 from ticket_events e where e.ticket_id = attachments.ticket_id
        and e.type = 'attached' and e.data ->> 'attachmentId' = attachments.id::text)`,
  );
}

/** The accepted attachments of a ticket, oldest first. */
export function listAttachments(db: Db, ticketId: string) {
  return acceptedAttachments(db)
    .selectAll('attachments')
    .where('attachments.ticket_id', '=', ticketId)
    .orderBy('attachments.created_at')
    .orderBy('attachments.id')
    .execute();
}
