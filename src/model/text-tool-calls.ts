// Tool calls written as text by chat templates whose server did not parse them (Qwen/Hermes, Hunyuan, Ollama).

/** A tool call as read from the wire or the text, before ids are settled. */
export type DraftCall = { id?: string | undefined; name: string; arguments: string };

/** Objects some servers send as `arguments` become text, so the caller always validates text. */
export const argumentsText = (args: unknown): string =>
  typeof args === 'string' ? args : args === undefined || args === null ? '' : JSON.stringify(args);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);


/** `<tool_call>{…}</tool_call>` (Qwen/Hermes), `<tool_calls>[…]</tool_calls>` (Hunyuan); the closing tag may be cut off. */
const TAGGED_CALLS = /<(tool_calls?|function_call)>\s*([\s\S]*?)\s*(?:<\/\1>|$)/g;

/**
 * The tool calls written in `content`, and the text left around them; undefined when there are none.
 * @example toolCallsInText('<tool_call>{"name":"search_hotels","arguments":{}}</tool_call>', new Set(['search_hotels']));
 */
export function toolCallsInText(content: string, offered: Set<string>): { content: string | null; calls: DraftCall[] } | undefined {
  const calls: DraftCall[] = [];
  const rest = content.replace(TAGGED_CALLS, (whole, _tag: string, inner: string) => {
    const found = callsInJson(inner) ?? callInBrokenJson(inner);
    if (!found) return whole; // keep what cannot be read rather than lose it
    calls.push(...found);
    return '';
  });
  if (calls.length > 0) return { content: rest.trim() || null, calls };
  // A bare object (Ollama with some models) counts only when it names a tool we offered:
  // otherwise it may be an honest JSON answer.
  const bare = callsInJson(content.replace(/^```(?:json)?\s*|\s*```$/g, ''));
  if (bare && bare.length > 0 && bare.every((c) => offered.has(c.name))) return { content: null, calls: bare };
  return undefined;
}

function callsInJson(text: string): DraftCall[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const items = Array.isArray(value) ? value : [value];
  const calls = items.map(callLike);
  return calls.length > 0 && calls.every((c) => c !== undefined) ? (calls as DraftCall[]) : undefined;
}

function callLike(value: unknown): DraftCall | undefined {
  if (!isRecord(value)) return undefined;
  const fn = isRecord(value.function) ? value.function : value;
  if (typeof fn.name !== 'string' || !fn.name) return undefined;
  const args = 'arguments' in fn ? fn.arguments : 'parameters' in fn ? fn.parameters : {};
  if (typeof value.id === 'string') return { id: value.id, name: fn.name, arguments: argumentsText(args) };
  return { name: fn.name, arguments: argumentsText(args) };
}

/** Inside a tag, broken JSON still names the tool: its raw arguments go to the caller to validate. */
function callInBrokenJson(text: string): DraftCall[] | undefined {
  const name = /"name"\s*:\s*"([^"]+)"/.exec(text)?.[1];
  if (!name) return undefined;
  const args = /"(?:arguments|parameters)"\s*:\s*([\s\S]*?)\s*}?\s*$/.exec(text)?.[1] ?? '';
  return [{ name, arguments: args }];
}
