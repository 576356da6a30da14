import { MAX_INPUT_CHARS } from './limits.js';

/**
 * Kubernetes' `$(VAR_NAME)` expansion of container `command`/`args`, as the kubelet does it
 * (third_party/forked/golang/expansion): `$$` is an escaped `$`, a reference to an unknown
 * variable or an unterminated `$(` stays as written, any other `$x` is copied unchanged.
 *
 * Output is capped at MAX_INPUT_CHARS: a reference to a large value repeated many times would
 * otherwise multiply the input. References past the cap stay unexpanded.
 */
export function expandKubernetesReferences(
  input: string,
  env: ReadonlyMap<string, string>,
): string {
  const parts: string[] = [];
  let size = 0;
  let checkpoint = 0;
  // Index of the next `)`, found lazily and only moved forward so unterminated `$(` runs stay linear.
  let nextClose = -2;
  const emit = (text: string) => {
    parts.push(text);
    size += text.length;
  };
  for (let i = 0; i + 1 < input.length; i++) {
    if (input.charCodeAt(i) !== 0x24) continue;
    emit(input.slice(checkpoint, i));
    const next = input[i + 1];
    if (next === '(') {
      if (nextClose !== -1 && nextClose < i + 2) nextClose = input.indexOf(')', i + 2);
      if (nextClose >= 0) {
        const name = input.slice(i + 2, nextClose);
        const value = env.get(name);
        const fits = value !== undefined && size + value.length <= MAX_INPUT_CHARS;
        emit(fits ? value : `$(${name})`);
        i = nextClose;
      } else {
        emit('$(');
        i += 1;
      }
    } else {
      emit(next === '$' ? '$' : `$${next}`);
      i += 1;
    }
    checkpoint = i + 1;
  }
  emit(input.slice(checkpoint));
  const out = parts.join('');
  return out.length > MAX_INPUT_CHARS ? out.slice(0, MAX_INPUT_CHARS) : out;
}
