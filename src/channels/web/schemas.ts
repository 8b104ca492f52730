import { z } from 'zod';
import { MAX_MESSAGE_CHARS } from '../../core/text/prepare.js';

export const SessionId = z.string().regex(/^[\w-]{8,64}$/, 'a session id is 8 to 64 letters, digits, "_" or "-"');

/** One turn sent by the widget or a script: text, or the id of a pressed button. */
export const ChatRequest = z
  .object({
    sessionId: SessionId.optional(),
    text: z.string().max(MAX_MESSAGE_CHARS, `a message may have at most ${MAX_MESSAGE_CHARS} characters`).optional(),
    action: z.string().min(1).max(100).optional(),
    /** How the support team can reach the person: sent with a request for a person. */
    contact: z
      .object({
        email: z.email('contact.email must be an email address').max(200).optional(),
        name: z.string().trim().min(1).max(100).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((body) => (body.text === undefined) !== (body.action === undefined), {
    message: 'send either "text" or "action"',
  });

export type ChatRequest = z.infer<typeof ChatRequest>;

export const ScreenshotQuery = z.object({ sessionId: SessionId.optional() });
