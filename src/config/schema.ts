import { z } from 'zod';

const stringList = z.array(z.string().min(1)).min(1);

const dateOnly = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'not a real date');

/** One exception: silence some or all rules where every given condition holds. */
export const exceptionSchema = z
  .object({
    name: z.string().min(1),
    reason: z
      .string({ error: 'required: say why the exception is safe, for the next analyst' })
      .min(1, 'say why the exception is safe, for the next analyst'),
    /** Rule ids (or titles); omitted means every rule. */
    rules: stringList.optional(),
    match: z
      .object({
        namespaces: stringList.optional(),
        users: stringList.optional(),
        /** `namespace/name` of the service account that acted, or the workload's. */
        serviceAccounts: stringList.optional(),
        /** Every image of the workload must match one of these. */
        images: stringList.optional(),
        labels: z.record(z.string(), z.string()).optional(),
      })
      .strict()
      .refine((m) => Object.keys(m).length > 0, 'give at least one condition'),
    /** Last day the exception applies (inclusive, UTC). */
    expires: dateOnly.optional(),
  })
  .strict();

export const configSchema = z
  .object({
    version: z.literal(1).optional(),
    exceptions: z.array(exceptionSchema).default([]),
  })
  .strict();

export type ExceptionConfig = z.infer<typeof exceptionSchema>;
export type CronwardenConfig = z.infer<typeof configSchema>;
