import { fileURLToPath } from 'node:url';

/** The rule pack shipped with cronwarden (`rules/` at the package root, from src/ or dist/). */
export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../rules', import.meta.url));

/**
 * The Elastic EQL query users start from (the seed's reference query, shipped verbatim), which
 * `validate` compares cronwarden with by default.
 */
export const REFERENCE_EQL_QUERY = fileURLToPath(
  new URL('../../queries/reference.eql', import.meta.url),
);
