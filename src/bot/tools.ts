// Tools the model may call: a name, a zod schema, a kind, and what running one yields.
import { z } from 'zod';
import type { ToolSpec } from '../model/types.ts';
import type { HotelCard, ReplyAction } from './reply.ts';
import type { Locale } from './turn.ts';
import type { ConversationMemory } from './memory.ts';

/**
 * The kinds of tool: `read` runs at once; `prepare` makes a pending action for the traveller to confirm;
 * `confirm` runs a pending action only through its confirmation gate; `handoff` asks for a person.
 */
export type ToolKind = 'read' | 'prepare' | 'confirm' | 'handoff';

/** Who the turn is for, taken from the channel and the database, never from the model. */
export interface ToolContext {
  conversationId: string;
  channel: string;
  travellerId: string;
  tenantId: string | null;
  locale: Locale;
  /** The traveller's message of this turn: the confirmation gate reads it. */
  message: { text: string; payload?: unknown };
  /** What the bot remembers of this conversation; tools may change it. */
  memory: ConversationMemory;
}

/** What a tool returns: data for the model, and things for the reply the server builds itself. */
export interface ToolResult {
  /** JSON sent back to the model. An error is `{error: CODE, message}`. */
  data: unknown;
  cards?: HotelCard[];
  actions?: ReplyAction[];
  /** Set by a handoff: the reason to store. */
  handoff?: { reason: string; detail?: string };
  /** A write that happened (a reservation made or cancelled), for the trace. */
  wrote?: { kind: string; code: string };
}

/** A tool of the model. */
export interface Tool<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  kind: ToolKind;
  schema: S;
  run(args: z.output<S>, ctx: ToolContext): Promise<ToolResult>;
}

/** Declares a tool with its argument type inferred from its schema. */
export function defineTool<S extends z.ZodType>(tool: Tool<S>): Tool<S> {
  return tool;
}

// Building JSON Schemas is a fifth of a turn's CPU: build them once per tool list.
const specCache = new WeakMap<readonly Tool[], ToolSpec[]>();

/** The tools' specs as the model sees them (JSON Schema of each argument object). */
export function toolSpecs(tools: readonly Tool[]): ToolSpec[] {
  let specs = specCache.get(tools);
  if (!specs) specCache.set(tools, (specs = buildSpecs(tools)));
  return specs;
}

function buildSpecs(tools: readonly Tool[]): ToolSpec[] {
  return tools.map((t) => {
    const schema = z.toJSONSchema(t.schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    delete schema.$schema;
    return { name: t.name, description: t.description, parameters: schema };
  });
}

/** An error result for the model, which may then try again. */
export function toolError(code: string, message: string): ToolResult {
  return { data: { error: code, message } };
}
