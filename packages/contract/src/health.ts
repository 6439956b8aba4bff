import { Type, type Static } from 'typebox';

/** `GET /health`: liveness only, the predecessor's exact shape (its probes and scripts expect it). */
export const HealthResponse = Type.Object({ status: Type.Literal('healthy') });
export type HealthResponse = Static<typeof HealthResponse>;

export const PendingMigration = Type.Object({
  version: Type.Integer(),
  name: Type.String(),
  /** Set when the migration cannot run here, e.g. pgvector is not installed (optional feature). */
  blockedBy: Type.Optional(Type.String()),
});

export const DbReadiness = Type.Object({
  backend: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
  reachable: Type.Boolean(),
  migrations: Type.Object({
    applied: Type.Array(Type.Integer()),
    pending: Type.Array(PendingMigration),
    /**
     * Applied by a newer release than this one. This server keeps running (that is a rolling
     * upgrade in progress: migrations are additive), but it would refuse to start again.
     */
    newer: Type.Optional(Type.Array(Type.Integer())),
  }),
  vector_enabled: Type.Boolean(),
  /** Installed extensions (pg_trgm is required, vector optional). */
  extensions: Type.Array(Type.String()),
  encoding_warnings: Type.Array(Type.String()),
  /** Why the database is unreachable. */
  error: Type.Optional(Type.String()),
});
export type DbReadiness = Static<typeof DbReadiness>;

export const LlmModelPresence = Type.Object({
  name: Type.String(),
  /** Which setting named it: EMBED_MODEL, SLM1_MODEL, … */
  role: Type.String(),
  present: Type.Boolean(),
});

export const LlmReadiness = Type.Object({
  /** false: no-LLM mode (OLLAMA_URL unset), which is a supported way to run, not a failure. */
  configured: Type.Boolean(),
  url: Type.Optional(Type.String()),
  reachable: Type.Optional(Type.Boolean()),
  models: Type.Array(LlmModelPresence),
  error: Type.Optional(Type.String()),
});
export type LlmReadiness = Static<typeof LlmReadiness>;

/** The read replica of wiki reads (DATABASE_READ_URL), when one is configured. */
export const ReplicaReadiness = Type.Object({
  reachable: Type.Boolean(),
  /** pg_is_in_recovery(): a streaming-replication standby, not a separate database. */
  standby: Type.Boolean(),
  /** Seconds since the last replayed transaction: an upper bound of the lag (grows while the primary is idle). */
  replay_age_seconds: Type.Optional(Type.Number()),
  /** Migrations applied on the primary that the replica does not have yet. */
  missing_migrations: Type.Array(Type.Integer()),
  error: Type.Optional(Type.String()),
});
export type ReplicaReadiness = Static<typeof ReplicaReadiness>;

/** `GET /ready`: 200 when the app can serve requests, 503 (same body) when it cannot. */
export const ReadyResponse = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready')]),
  /** Why the app is not ready, one reason per entry; empty when ready. */
  reasons: Type.Array(Type.String()),
  db: DbReadiness,
  /**
   * Only with a read replica. It never makes the app unready: wiki reads fall back to the
   * primary, and one replica down must not take every server out of the proxy.
   */
  db_read: Type.Optional(ReplicaReadiness),
  llm: LlmReadiness,
});
export type ReadyResponse = Static<typeof ReadyResponse>;
