/**
 * Array helpers for lists as long as a user's file makes them. A spread call (`push(...items)`,
 * `Math.max(...values)`) passes each element as an argument on the stack and throws "Maximum call
 * stack size exceeded" past about 100,000 of them: 160,000 `{{placeholders}}` in a prompt file of
 * under 1 MB broke its parse, and 200,000 headings broke `--sections`.
 */

/** Appends every item of `items` to `target`, however many. */
export function appendAll<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) target.push(item);
}

/** The largest of `values`, or `floor` when there are none (or all are smaller). */
export function maxOf(values: Iterable<number>, floor: number): number {
  let max = floor;
  for (const value of values) if (value > max) max = value;
  return max;
}
