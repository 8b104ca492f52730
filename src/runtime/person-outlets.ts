import type { OutOfTurnDelivery, PersonOutlet } from '../core/ports.js';

/**
 * The bot's one person outlet, made of the channels of this process: each channel, as it starts,
 * adds the outlet for the conversations it owns (told apart by their session ids).
 */
export class PersonOutlets implements PersonOutlet {
  private readonly routes: { owns: (sessionId: string) => boolean; outlet: PersonOutlet }[] = [];

  add(owns: (sessionId: string) => boolean, outlet: PersonOutlet): void {
    this.routes.push({ owns, outlet });
  }

  deliver(delivery: OutOfTurnDelivery): Promise<void> {
    const route = this.routes.find((r) => r.owns(delivery.sessionId));
    if (!route) return Promise.reject(new Error('no channel of this updoc reaches that conversation (it began in the command line?)'));
    return route.outlet.deliver(delivery);
  }
}
