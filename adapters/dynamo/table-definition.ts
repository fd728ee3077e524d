/**
 * The tables' key schema, in one place: the CDK data construct and the local stack both build
 * their tables from it, so the local table is the deployed one.
 */
export const MAIN_TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiration',
  indexes: ['gsi1', 'gsi2', 'gsi3', 'gsi4', 'gsi5'].map((name) => ({
    name,
    partitionKey: `${name}pk`,
    sortKey: `${name}sk`,
  })),
} as const;

/** Idempotency records (functions/commons/http/idempotency.ts): key `id`, expiry in `expiration` (the table's TTL attribute). */
export const IDEMPOTENCY_TABLE = { partitionKey: 'id', ttlAttribute: 'expiration' } as const;
