import { z } from 'zod';
import { PageQuery } from './sections.ts';

/**
 * Documents shared in a plan: the kinds of file accepted (decided by content, never by
 * name or declared type), and the shapes the API returns. File names are plain text.
 */

/** The kinds of file a plan accepts, with their stored content type and the names they may carry. */
export const DOCUMENT_KINDS = {
  pdf: { contentTypes: ['application/pdf'], extensions: ['pdf'] },
  png: { contentTypes: ['image/png'], extensions: ['png'] },
  jpeg: { contentTypes: ['image/jpeg'], extensions: ['jpg', 'jpeg'] },
  heic: { contentTypes: ['image/heic', 'image/heif'], extensions: ['heic', 'heif'] },
  text: { contentTypes: ['text/plain'], extensions: ['txt', 'text', 'log', 'md'] },
  docx: {
    contentTypes: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    extensions: ['docx'],
  },
  xlsx: {
    contentTypes: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    extensions: ['xlsx'],
  },
  odt: { contentTypes: ['application/vnd.oasis.opendocument.text'], extensions: ['odt'] },
} as const satisfies Record<
  string,
  { contentTypes: readonly string[]; extensions: readonly string[] }
>;
export type DocumentKind = keyof typeof DOCUMENT_KINDS;

/** Longest stored file name, in characters (I9). */
export const DOCUMENT_NAME_MAX = 200;

export const DocumentParams = z.strictObject({ planId: z.string(), documentId: z.string() });
export const DocumentListQuery = PageQuery;

export const Document = z.object({
  id: z.string(),
  planId: z.string(),
  /** The cleaned file name: no path, control or direction characters; plain text. */
  name: z.string(),
  /** Detected from the content. */
  contentType: z.string(),
  size: z.number(),
  sha256: z.string(),
  uploadedBy: z.object({
    participantId: z.string(),
    name: z.string(),
    role: z.string(),
    removed: z.boolean(),
  }),
  /** Uploaded by the caller. */
  mine: z.boolean(),
  createdAt: z.string(),
});
export type DocumentData = z.infer<typeof Document>;

export const DocumentList = z.object({ items: z.array(Document), next: z.string().nullable() });
