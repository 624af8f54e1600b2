import { describe, expect, it } from 'vitest';
import { parseLiveEvent } from './live-events.ts';

describe('parseLiveEvent', () => {
  it('reads plan events and the control events', () => {
    const planId = '00000000-0000-4000-8000-000000000001';
    expect(
      parseLiveEvent(JSON.stringify({ id: 7, type: 'message.created', planId, subjectId: null })),
    ).toEqual({ id: 7, type: 'message.created', planId, subjectId: null });
    expect(parseLiveEvent('{"type":"stream.ready"}')).toEqual({ type: 'stream.ready' });
    expect(parseLiveEvent('{"type":"session.ended"}')).toEqual({ type: 'session.ended' });
  });

  it('ignores anything else', () => {
    for (const data of ['', 'nope', '[]', 'null', '{"type":1}', '{"type":"message.created"}']) {
      expect(parseLiveEvent(data), data).toBeNull();
    }
  });
});
