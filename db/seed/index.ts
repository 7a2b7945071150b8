// The seeders' face: the demo (seedDemo), benchmark-sized data (seedBulk) and where demo logins are kept.
export { seedDemo, DEMO_TENANTS, type DemoSeedOptions, type DemoSeedResult } from './demo.ts';
export { seedBulk, BULK_LIMITS, type BulkSeedOptions, type BulkSeedResult } from './bulk.ts';
export { demoCredentialsPath, type DemoLogin } from './credentials.ts';
export type { HotelPolicies, OnProgress, SeedCounts } from './types.ts';
