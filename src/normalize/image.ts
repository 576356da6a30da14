/**
 * Container image references, normalized the way Docker and containerd resolve them, so that
 * `alpine`, `library/alpine`, `docker.io/library/alpine@sha256:…` and
 * `index.docker.io/library/alpine:3.19` all compare equal on `registry` + `repository`.
 *
 * Choices beyond the reference grammar:
 * - `tag` defaults to `latest` only when there is neither tag nor digest. A digest-only reference
 *   keeps `tag: null`: the runtime pulls by digest and inventing a tag would claim something the
 *   spec does not say.
 * - Uppercase repositories and digests are lowercased so lookups still match, but `valid` is
 *   false: the kubelet rejects them (InvalidImageName), so the image can never run as written.
 * - Anything unparsable still yields best-effort fields with `valid: false`; nothing throws.
 */
export interface ImageRef {
  /** The input as given. */
  raw: string;
  /** Lowercased host[:port]; Docker Hub aliases become `docker.io`. */
  registry: string;
  /** Lowercased path without registry, `library/` added for Docker Hub official images. */
  repository: string;
  /** Last path component of the repository (`alpine`). */
  name: string;
  tag: string | null;
  /** `algorithm:hex`, hex lowercased. */
  digest: string | null;
  /** `registry/repository[:tag][@digest]`. */
  reference: string;
  valid: boolean;
}

/** Docker's limit on registry + repository; also bounds the work done on hostile input. */
const MAX_NAME_CHARS = 255;
const MAX_TAG_CHARS = 128;
/** Longer strings are cut before parsing so a huge value costs no more than this. */
const MAX_INPUT_CHARS = 4096;

const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
const DIGEST_HEX_LENGTH = new Map([
  ['sha256', 64],
  ['sha384', 96],
  ['sha512', 128],
]);

export function parseImage(raw: string): ImageRef {
  const input = typeof raw === 'string' ? raw : '';
  let valid = input.length <= MAX_INPUT_CHARS;
  let rest = input.slice(0, MAX_INPUT_CHARS).trim();
  if (rest === '') return emptyRef(input);

  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    const written = rest.slice(at + 1);
    digest = written.toLowerCase();
    rest = rest.slice(0, at);
    if (digest !== written || !isValidDigest(digest)) valid = false;
  }

  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!isValidTag(tag)) valid = false;
  }

  const slash = rest.indexOf('/');
  const first = slash < 0 ? '' : rest.slice(0, slash);
  let registry = DOCKER_HUB;
  let path = rest;
  if (first.includes('.') || first.includes(':') || first === 'localhost') {
    registry = first.toLowerCase();
    path = rest.slice(slash + 1);
    if (!isValidRegistry(registry)) valid = false;
  }
  if (DOCKER_HUB_ALIASES.has(registry)) {
    registry = DOCKER_HUB;
    if (path !== '' && !path.includes('/')) path = `library/${path}`;
  }

  const repository = path.toLowerCase();
  if (repository !== path || !isValidRepository(repository)) valid = false;
  if (registry.length + 1 + repository.length > MAX_NAME_CHARS) valid = false;
  if (tag === null && digest === null && repository !== '') tag = 'latest';

  const name = repository.slice(repository.lastIndexOf('/') + 1);
  let reference = repository === '' ? '' : `${registry}/${repository}`;
  if (reference !== '' && tag !== null) reference += `:${tag}`;
  if (reference !== '' && digest !== null) reference += `@${digest}`;
  return { raw: input, registry, repository, name, tag, digest, reference, valid };
}

function emptyRef(raw: string): ImageRef {
  const fields = { registry: '', repository: '', name: '', tag: null, digest: null };
  return { raw, ...fields, reference: '', valid: false };
}

function isLowerAlnum(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
}

function isAlnum(c: number): boolean {
  return isLowerAlnum(c) || (c >= 0x41 && c <= 0x5a);
}

/** Path components: `[a-z0-9]+` runs joined by `.`, `_`, `__` or any number of `-`. */
function isValidRepository(path: string): boolean {
  if (path === '') return false;
  for (const component of path.split('/')) {
    if (component === '') return false;
    let previousWasAlnum = false;
    let separator = '';
    for (let i = 0; i < component.length; i++) {
      const c = component.charCodeAt(i);
      if (isLowerAlnum(c)) {
        previousWasAlnum = true;
        separator = '';
        continue;
      }
      if (!previousWasAlnum && separator === '') return false;
      separator += component[i];
      previousWasAlnum = false;
      if (!isSeparator(separator)) return false;
    }
    if (!previousWasAlnum) return false;
  }
  return true;
}

function isSeparator(s: string): boolean {
  if (s === '.' || s === '_' || s === '__') return true;
  for (let i = 0; i < s.length; i++) if (s[i] !== '-') return false;
  return true;
}

/** host (DNS labels or a bracketed IPv6 address) with an optional numeric port. */
function isValidRegistry(registry: string): boolean {
  let host = registry;
  let port = '';
  if (registry.startsWith('[')) {
    const close = registry.indexOf(']');
    if (close < 0) return false;
    host = registry.slice(1, close);
    const after = registry.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) return false;
    port = after.slice(1);
    if (after !== '' && port === '') return false;
    for (let i = 0; i < host.length; i++) {
      const c = host.charCodeAt(i);
      if (!isAlnum(c) && host[i] !== ':' && host[i] !== '.') return false;
    }
  } else {
    const colon = registry.indexOf(':');
    if (colon >= 0) {
      host = registry.slice(0, colon);
      port = registry.slice(colon + 1);
      if (port === '') return false;
    }
    for (const label of host.split('.')) {
      if (label === '' || label.startsWith('-') || label.endsWith('-')) return false;
      for (let i = 0; i < label.length; i++) {
        if (!isAlnum(label.charCodeAt(i)) && label[i] !== '-') return false;
      }
    }
  }
  if (host === '') return false;
  for (let i = 0; i < port.length; i++) {
    const c = port.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}` */
function isValidTag(tag: string): boolean {
  if (tag === '' || tag.length > MAX_TAG_CHARS) return false;
  for (let i = 0; i < tag.length; i++) {
    const c = tag.charCodeAt(i);
    if (isAlnum(c) || tag[i] === '_') continue;
    if (i > 0 && (tag[i] === '.' || tag[i] === '-')) continue;
    return false;
  }
  return true;
}

/** Known algorithms need their exact hex length; others need at least 32 hex digits. */
function isValidDigest(digest: string): boolean {
  const colon = digest.indexOf(':');
  if (colon <= 0) return false;
  const algorithm = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  for (let i = 0; i < algorithm.length; i++) {
    const c = algorithm.charCodeAt(i);
    if (!isLowerAlnum(c) && !'+._-'.includes(algorithm[i]!)) return false;
  }
  for (let i = 0; i < hex.length; i++) {
    const c = hex.charCodeAt(i);
    if (!isLowerAlnum(c) || c > 0x66) return false;
  }
  const expected = DIGEST_HEX_LENGTH.get(algorithm);
  return expected === undefined ? hex.length >= 32 : hex.length === expected;
}
