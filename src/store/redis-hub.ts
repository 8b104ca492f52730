import type { Redis } from 'ioredis';
import type { OutOfTurnMessage } from '../core/ports.js';
import { Listeners, type LiveHub, type LiveListener } from './live-hub.js';

/**
 * The hub over Redis pub/sub, for several processes sharing one Redis: a staff reply received by
 * one process reaches a widget watching from another. The subscribing connection is opened on
 * the first subscription, and a conversation's channel is subscribed while someone here watches it.
 */
export class RedisHub implements LiveHub {
  private readonly listeners = new Listeners();
  private subscriber: Redis | undefined;

  constructor(private readonly client: Redis, private readonly prefix = 'updoc:live:') {}

  async publish(sessionId: string, messages: OutOfTurnMessage[]): Promise<void> {
    await this.client.publish(this.prefix + sessionId, JSON.stringify(messages));
  }

  async subscribe(sessionId: string, listener: LiveListener): Promise<() => void> {
    const subscriber = this.connection();
    if (this.listeners.add(sessionId, listener)) await subscriber.subscribe(this.prefix + sessionId);
    return () => {
      if (this.listeners.remove(sessionId, listener)) void subscriber.unsubscribe(this.prefix + sessionId).catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    this.subscriber?.disconnect();
  }

  private connection(): Redis {
    if (this.subscriber) return this.subscriber;
    // Its subscriptions wait for the connection (and are made again after a reconnection).
    const subscriber = this.client.duplicate({ enableOfflineQueue: true });
    subscriber.on('error', () => undefined); // the store's own client reports Redis outages
    subscriber.on('message', (channel: string, data: string) => {
      if (!channel.startsWith(this.prefix)) return;
      this.listeners.tell(channel.slice(this.prefix.length), JSON.parse(data) as OutOfTurnMessage[]);
    });
    this.subscriber = subscriber;
    return subscriber;
  }
}
