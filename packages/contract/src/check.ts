import { Type, type Static } from 'typebox';

/** One line of `olala check`. `warn` is an optional part that is missing; it does not fail the check. */
export const CheckItem = Type.Object({
  name: Type.String(),
  status: Type.Union([Type.Literal('ok'), Type.Literal('fail'), Type.Literal('warn')]),
  detail: Type.String(),
  /** What to do next, on fail or warn. */
  hint: Type.Optional(Type.String()),
});
export type CheckItem = Static<typeof CheckItem>;

/** `olala check --json`. */
export const CheckReport = Type.Object({
  ok: Type.Boolean(),
  checks: Type.Array(CheckItem),
});
export type CheckReport = Static<typeof CheckReport>;
