import { fileURLToPath } from 'node:url';

/** The rule pack shipped with cronwarden (`rules/` at the package root, from src/ or dist/). */
export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../rules', import.meta.url));
