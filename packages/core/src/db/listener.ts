import pg from 'pg';
import { ident, type ListenOptions } from './types.js';

interface Subscriber {
  onPayload: (payload: string) => void;
  onResume?: () => void;
}

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5000;

/**
 * LISTEN needs one connection that stays open: a pooled client would be handed to other queries
 * and its subscriptions lost. This keeps a dedicated client, opened on the first `listen`, and
 * when it drops reconnects with backoff, listens again and tells subscribers to catch up.
 */
export class PgListener {
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private readonly channels = new Map<string, Set<Subscriber>>();
  private closed = false;
  private retryMs = RETRY_MIN_MS;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly config: pg.ClientConfig) {}

  async listen(
    channel: string,
    onPayload: (payload: string) => void,
    options: ListenOptions = {},
  ): Promise<() => Promise<void>> {
    const quoted = ident(channel);
    if (this.closed) throw new Error('the database is closed');
    const subscriber: Subscriber = { onPayload, onResume: options.onResume };
    let set = this.channels.get(channel);
    const first = !set;
    if (!set) this.channels.set(channel, (set = new Set()));
    set.add(subscriber);
    try {
      const client = await this.connect();
      if (first) await client.query(`LISTEN ${quoted}`);
    } catch (err) {
      set.delete(subscriber);
      if (set.size === 0) this.channels.delete(channel);
      throw err;
    }
    return async () => {
      set.delete(subscriber);
      if (set.size > 0 || this.channels.get(channel) !== set) return;
      this.channels.delete(channel);
      await this.client?.query(`UNLISTEN ${quoted}`).catch(() => {});
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const client = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private connect(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.open().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(): Promise<pg.Client> {
    const client = new pg.Client(this.config);
    client.on('notification', (msg) => {
      for (const s of this.channels.get(msg.channel) ?? []) s.onPayload(msg.payload ?? '');
    });
    const lost = () => {
      if (this.client !== client) return;
      this.client = undefined;
      client.end().catch(() => {});
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', lost);
    await client.connect();
    this.client = client;
    return client;
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.reconnect();
    }, this.retryMs);
    this.retryTimer.unref();
  }

  private async reconnect(): Promise<void> {
    if (this.closed) return;
    try {
      const client = await this.connect();
      for (const channel of this.channels.keys()) await client.query(`LISTEN ${ident(channel)}`);
      this.retryMs = RETRY_MIN_MS;
      for (const set of this.channels.values()) for (const s of set) s.onResume?.();
    } catch {
      this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
      this.client?.end().catch(() => {});
      this.client = undefined;
      this.scheduleReconnect();
    }
  }
}
