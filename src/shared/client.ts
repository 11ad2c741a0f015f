import { z } from 'zod';
import type { MethodName } from './channels';
import {
  ApiError,
  ApiErrorSchema,
  events,
  methods,
  type AnyEvent,
  type EventName,
  type MethodInput,
  type MethodOutput,
} from './contract';
import { formatZodError } from './zodMessages';

/** How a client reaches a host: Electron's preload bridge or the web server's socket. */
export interface Transport {
  invoke(method: MethodName, input: unknown): Promise<unknown>;
  onEvent(listener: (message: unknown) => void): () => void;
}

export const ResponseEnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), output: z.unknown() }),
  z.object({ ok: z.literal(false), error: ApiErrorSchema }),
]);

export const EventEnvelopeSchema = z.object({ event: z.string(), payload: z.unknown() });

export interface ApiClient {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  subscribe(listener: (event: AnyEvent) => void): () => void;
}

/** The UI side of the boundary: requests, answers and events are all parsed. */
export function createApiClient(transport: Transport, onInvalidEvent?: (message: string) => void): ApiClient {
  return {
    async call(method, input) {
      const schema = methods[method];
      const request = schema.input.safeParse(input);
      if (!request.success) {
        throw new ApiError('bad-request', `${method}: invalid request: ${formatZodError(request.error)}`);
      }
      const envelope = ResponseEnvelopeSchema.safeParse(await transport.invoke(method, request.data));
      if (!envelope.success) throw new ApiError('internal', `${method}: malformed response envelope`);
      if (!envelope.data.ok) throw new ApiError(envelope.data.error.code, envelope.data.error.message);
      const output = schema.output.safeParse(envelope.data.output);
      if (!output.success) {
        throw new ApiError('internal', `${method}: invalid response: ${formatZodError(output.error)}`);
      }
      return output.data as MethodOutput<typeof method>;
    },
    subscribe(listener) {
      return transport.onEvent((message) => {
        const parsed = parseEvent(message);
        if (parsed.ok) listener(parsed.event);
        else onInvalidEvent?.(parsed.error);
      });
    },
  };
}

export function parseEvent(message: unknown): { ok: true; event: AnyEvent } | { ok: false; error: string } {
  const envelope = EventEnvelopeSchema.safeParse(message);
  if (!envelope.success) return { ok: false, error: 'malformed event envelope' };
  const name = envelope.data.event;
  if (!(name in events)) return { ok: false, error: `unknown event ${JSON.stringify(name)}` };
  const payload = events[name as EventName].safeParse(envelope.data.payload);
  if (!payload.success) return { ok: false, error: `${name}: ${formatZodError(payload.error)}` };
  return { ok: true, event: { event: name, payload: payload.data } as AnyEvent };
}
