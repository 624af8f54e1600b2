import http from 'node:http';

/** An open `GET /api/events` stream; `ended` turns true if the server closes it. */
export type EventStream = { readonly ended: boolean; close(): void };

/**
 * Opens a person's event stream and resolves once it is live (`stream.ready`). Frames are
 * parsed as a browser does (blank-line separated; `id:`, `event:`, `data:` lines; comments
 * skipped); `onEvent` gets each event's parsed `data` and the arrival time
 * (performance.now()), taken when the chunk holding the frame's end is read.
 */
export function openEventStream(
  baseUrl: string,
  cookie: string,
  onEvent: (data: { type?: string; subjectId?: string | null }, at: number) => void,
): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${baseUrl}/api/events`, {
      headers: { accept: 'text/event-stream', cookie },
    });
    const stream = {
      ended: false,
      close() {
        stream.ended = true;
        request.destroy();
      },
    };
    request.on('error', (error) => {
      stream.ended = true;
      reject(error);
    });
    request.on('response', (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`GET /api/events answered ${response.statusCode}`));
        return;
      }
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        const at = performance.now();
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trimStart())
            .join('\n');
          if (data === '') continue;
          const parsed = JSON.parse(data) as { type?: string; subjectId?: string | null };
          if (parsed.type === 'stream.ready') resolve(stream);
          onEvent(parsed, at);
        }
      });
      response.on('end', () => {
        stream.ended = true;
        reject(new Error('the event stream ended before it was ready'));
      });
    });
  });
}
