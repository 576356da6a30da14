import type { Severity } from '../../alert/types.js';
import type { CompiledEqlQuery, EqlDialect } from '../types.js';

/** Who a query is and how to grade its alerts, from its wrapper (or defaults for a bare .eql). */
export interface EqlQueryMeta {
  /** `rule_id` (TOML), `id` (YAML), or the file name without extension. */
  id: string;
  name: string;
  severity: Severity;
  /** Sigma-style ATT&CK tags (`attack.t1053.007`, `attack.persistence`), as alerts expect. */
  tags: string[];
  description?: string;
  file: string;
  /** 1-based line of the query's first character in the file. */
  line: number;
}

export interface LoadedEqlQuery {
  meta: EqlQueryMeta;
  text: string;
  dialect: EqlDialect;
  compiled: CompiledEqlQuery;
}

/** A problem with a query file, located in the file (not in the query text). */
export interface EqlDiagnostic {
  severity: 'error' | 'warning' | 'notice';
  /** Stable: `E_EQL_IO`, `E_EQL_FILE`, `E_EQL_METADATA`, `E_EQL_SYNTAX`, `E_EQL_COMPILE`, … */
  code: string;
  message: string;
  file: string;
  line: number;
  column: number;
  queryId?: string;
  dialect?: EqlDialect;
}

/** A query's text as found in its file, with where its first character is. */
export interface QuerySource {
  text: string;
  line: number;
  column: number;
  /** Columns every continuation line is shifted by in the file (a YAML block's indentation). */
  indent: number;
  /** The text appears verbatim in the file, so query positions map to file positions. */
  exact: boolean;
}
