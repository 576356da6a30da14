/** What each line of the generated log is, for the summary's mix counts. */
export const CATEGORIES = ['reads', 'leases', 'events', 'workloads', 'other', 'attacks'] as const;
export type CategoryName = (typeof CATEGORIES)[number];

export const READS = 0;
export const LEASES = 1;
export const EVENTS = 2;
export const WORKLOADS = 3;
export const OTHER = 4;
export const ATTACKS = 5;
