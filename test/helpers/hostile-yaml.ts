/**
 * A "billion laughs" YAML document: nine aliases of nine aliases… expanding to 9^9 strings.
 * `key` receives the bomb; `rest` are further lines, so a file can look otherwise valid.
 */
export function yamlAliasBomb(key: string, ...rest: string[]): string {
  const levels = Array.from({ length: 8 }, (_, i) => {
    const prev = String.fromCharCode(97 + i);
    const next = String.fromCharCode(98 + i);
    return `${next}: &${next} [${Array(9).fill(`*${prev}`).join(',')}]`;
  });
  return ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...levels, `${key}: *i`, ...rest].join(
    '\n',
  );
}
