// Reads a Server-Sent Events stream over real HTTP, one event block at a time, and closes it when told.
/** One block of an SSE stream: its `event` and `data` lines, and any comment lines (`: connected`). */
export interface SseBlock {
  event?: string;
  data?: string;
  comments: string[];
}

/** An open SSE stream. */
export interface SseStream {
  status: number;
  headers: Headers;
  /** The next block, or a rejection after `timeoutMs`. */
  next(timeoutMs?: number): Promise<SseBlock>;
  close(): void;
}

/**
 * Opens `url` as an event stream (with `headers`) and reads it block by block.
 * @example const s = await openSse(`${base}/v1/app/conversations/${id}/events`, { authorization: `Bearer ${key}` });
 */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const ac = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: ac.signal });
  const reader = res.body?.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const close = () => {
    ac.abort();
    reader?.cancel().catch(() => undefined);
  };

  async function next(timeoutMs = 2_000): Promise<SseBlock> {
    if (!reader) throw new Error(`no body (status ${res.status})`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const raw = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        return parseBlock(raw);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no SSE event within ${timeoutMs} ms (buffered: ${JSON.stringify(buffer)})`);
      let timer: NodeJS.Timeout | undefined;
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no SSE event within ${timeoutMs} ms (buffered: ${JSON.stringify(buffer)})`)), left);
        }),
      ]).finally(() => clearTimeout(timer));
      if (chunk.done) throw new Error(`the stream ended (buffered: ${JSON.stringify(buffer)})`);
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  }

  return { status: res.status, headers: res.headers, next, close };
}

function parseBlock(raw: string): SseBlock {
  const block: SseBlock = { comments: [] };
  const data: string[] = [];
  for (const line of raw.split('\n')) {
    if (line.startsWith(':')) block.comments.push(line.slice(1).trim());
    else if (line.startsWith('event:')) block.event = line.slice('event:'.length).trim();
    else if (line.startsWith('data:')) data.push(line.slice('data:'.length).replace(/^ /, ''));
  }
  if (data.length) block.data = data.join('\n');
  return block;
}
