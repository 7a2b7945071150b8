// What the core asks of the rest of the house, without knowing who answers.

/** Handoff marks: the core asks for a person and checks whether one has the conversation. */
export interface HandoffPort {
  /** The open (queued or active) handoff of a conversation, or null. */
  open(conversationId: string): Promise<{ id: string; status: 'queued' | 'active' } | null>;
  /** Marks a conversation for a person; the existing open handoff's id if there is one. */
  request(m: {
    conversationId: string;
    tenantId: string | null;
    channel: string;
    reason: string;
    detail?: string;
    confidence: number | null;
  }): Promise<string>;
  /** A traveller message that arrived while a person has the conversation. */
  forward(m: { conversationId: string; messageId: string; text: string }): Promise<void>;
  /**
   * What others wrote since the bot's last reply (a person's chat, the hand-back with the agent's note and the
   * reservations made meanwhile), as a note for the model and facts it may state; null when nothing happened.
   */
  meanwhile?(conversationId: string, inboundId: string | null): Promise<{ note: string; facts: unknown } | null>;
}

/** Turns of one conversation one at a time and in order, across every instance. */
export interface TurnLock {
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
}
