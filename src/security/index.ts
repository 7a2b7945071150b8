// Keys, encryption of personal data, passwords and tokens.
export * from './keys.ts';
export * from './personal-data.ts';
export * from './passwords.ts';
export * from './tokens.ts';
