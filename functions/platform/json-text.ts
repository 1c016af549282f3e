/**
 * The JSON text of a value that came from `JSON.parse`, written without recursion:
 * `JSON.stringify` overflows the stack on a deeply nested value (a RangeError, a 500),
 * while this writes it so that the route reading it can refuse it as it would directly.
 */
export function jsonText(value: unknown): string {
  const out: string[] = [];
  // Each task is a value to write, or text to emit as is (brackets, commas, keys).
  const tasks: ({ text: string } | { value: unknown })[] = [{ value }];
  while (tasks.length > 0) {
    const task = tasks.pop() as { text: string } | { value: unknown };
    if ('text' in task) {
      out.push(task.text);
      continue;
    }
    const item = task.value;
    if (item === null || typeof item !== 'object') {
      out.push(JSON.stringify(item) ?? 'null');
      continue;
    }
    const isArray = Array.isArray(item);
    const entries = isArray ? item.map((v, i) => [String(i), v] as const) : Object.entries(item).filter(([, v]) => v !== undefined);
    out.push(isArray ? '[' : '{');
    tasks.push({ text: isArray ? ']' : '}' });
    for (let i = entries.length - 1; i >= 0; i -= 1) {
      const [key, child] = entries[i] as readonly [string, unknown];
      tasks.push({ value: child });
      if (!isArray) tasks.push({ text: `${JSON.stringify(key)}:` });
      if (i > 0) tasks.push({ text: ',' });
    }
  }
  return out.join('');
}
