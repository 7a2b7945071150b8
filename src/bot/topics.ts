// Event-bus topics the core publishes on and the channels listen to.

/** Later messages of one conversation (agent replies, booking updates), as Reply objects. */
export const conversationTopic = (conversationId: string) => `conversation:${conversationId}`;
