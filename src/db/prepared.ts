/**
 * Queries built and compiled by Kysely once, run with new values: on the hot paths (every token
 * exchange, every userinfo call) building and compiling a query costs more than SQLite's answer.
 *
 * The query is compiled from a sample whose values are all distinct; each parameter of the
 * compiled SQL is then found back as one of the sample's values, which tells which named value
 * fills it at run time. A parameter Kysely would inline, reorder or repeat is caught here, at
 * start-up, instead of running with the wrong values. The SQL is `db`'s own dialect.
 *
 * Example:
 *
 *   const find = prepared(
 *     db.selectFrom('t').select('payload').where('id', '=', '\u0000id').compile(),
 *     { id: '\u0000id' },
 *   );
 *   const { rows } = await db.executeQuery(find({ id: 'abc' }));
 */
import type { CompiledQuery } from 'kysely';

export type Prepared<R, K extends string> = (values: { readonly [key in K]: unknown }) => CompiledQuery<R>;

export function prepared<R, K extends string>(
  query: CompiledQuery<R>,
  sample: { readonly [key in K]: unknown },
): Prepared<R, K> {
  const keys = Object.keys(sample) as K[];
  const samples = keys.map((k) => sample[k]);
  if (new Set(samples).size !== samples.length)
    throw new Error('prepared query: sample values must be distinct');
  const order = query.parameters.map((parameter) => {
    const i = samples.indexOf(parameter);
    if (i < 0) throw new Error(`prepared query: a parameter is not a sample value in ${query.sql}`);
    return keys[i] as K;
  });
  return (values) => ({ ...query, parameters: order.map((k) => values[k]) });
}
