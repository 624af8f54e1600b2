import type { FastifyRequest } from 'fastify';
import { badRequest, HttpProblem } from '../../http/problem.ts';

/**
 * Reading an upload: one multipart part named `file`, nothing else, streamed into memory
 * and cut off the moment it passes the limit (F1, D1). No temporary file is ever written;
 * whatever was read is dropped with the request when it is refused.
 */

export type RawUpload = { filename: string; bytes: Buffer };

/** Multipart framing around the file: boundaries and part headers (long names included). */
const FRAMING_ALLOWANCE = 64 * 1024;

export const tooLarge = (maxBytes: number): HttpProblem =>
  new HttpProblem(413, {
    detail: `The file is larger than ${Math.round(maxBytes / (1024 * 1024))} MB`,
    errors: [{ field: 'file', message: 'is too large', code: 'documents.tooLarge' }],
    // The rest of the body is not read: the connection closes after the answer.
    headers: { connection: 'close' },
  });

const oneFile = () =>
  badRequest([{ field: 'file', message: 'send one file, as multipart/form-data field "file"' }]);

/** A declared body that cannot fit: refused before a byte is read. */
export function refuseDeclaredSize(request: FastifyRequest, maxBytes: number): void {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes + FRAMING_ALLOWANCE) {
    throw tooLarge(maxBytes);
  }
}

export function unsupportedBody(): HttpProblem {
  return new HttpProblem(415, {
    detail: 'Send the file as multipart/form-data, in the field "file"',
  });
}

function multipartProblem(error: unknown, maxBytes: number): HttpProblem {
  if (error instanceof HttpProblem) return error;
  const code = (error as { code?: unknown }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(maxBytes);
  if (
    code === 'FST_PARTS_LIMIT' ||
    code === 'FST_FILES_LIMIT' ||
    code === 'FST_FIELDS_LIMIT' ||
    code === 'FST_PROTO_VIOLATION'
  ) {
    return oneFile();
  }
  // Malformed multipart (a part cut short, a missing boundary) is the client's error.
  return new HttpProblem(400, { detail: 'The multipart body could not be read' });
}

/** The one file of a multipart request, read whole; 413 as soon as it passes `maxBytes`. */
export async function readUpload(request: FastifyRequest, maxBytes: number): Promise<RawUpload> {
  if (!request.isMultipart()) throw unsupportedBody();
  try {
    const parts = request.parts({
      // Names are cleaned by the documents module, which wants to see them whole.
      preservePath: true,
      limits: {
        fileSize: maxBytes,
        files: 1,
        fields: 0,
        parts: 1,
        headerPairs: 20,
        fieldNameSize: 100,
      },
    });
    const first = await parts.next();
    const part = first.done ? undefined : first.value;
    if (part?.type !== 'file' || part.fieldname !== 'file') throw oneFile();
    const chunks: Buffer[] = [];
    let size = 0;
    const stream = part.file;
    const limited = new Promise<never>((_, reject) => {
      stream.once('limit', () => reject(tooLarge(maxBytes)));
    });
    limited.catch(() => {});
    const read = (async () => {
      for await (const chunk of stream) {
        const bytes = chunk as Buffer;
        size += bytes.length;
        if (size > maxBytes) throw tooLarge(maxBytes);
        chunks.push(bytes);
      }
      if (stream.truncated) throw tooLarge(maxBytes);
    })();
    read.catch(() => {});
    try {
      await Promise.race([read, limited]);
    } catch (error) {
      // Stop reading: the rest of the body is not wanted.
      stream.destroy();
      throw error;
    }
    // The request must end here: a second part (or a field) is refused.
    const rest = await parts.next();
    if (!rest.done) throw oneFile();
    return { filename: part.filename, bytes: Buffer.concat(chunks, size) };
  } catch (error) {
    throw multipartProblem(error, maxBytes);
  }
}
