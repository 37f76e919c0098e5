// Reading a definition defensively: the validation rules still report what they can when parts of the
// shape are wrong.
import type { ProcessDefinition } from './definition.js';

export interface Problem {
  path: string;
  message: string;
}

// The input as the rules see it: any part may be missing or of the wrong type.
export type Loose = { [K in keyof ProcessDefinition]?: unknown };
export type Item = Record<string, unknown>;

export const isObject = (value: unknown): value is Item =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
export const items = (value: unknown): [Item, number][] =>
  Array.isArray(value) ? value.flatMap((item, index) => (isObject(item) ? [[item, index] as [Item, number]] : [])) : [];
export const strings = (value: unknown): [string, number][] =>
  Array.isArray(value)
    ? value.flatMap((item, index) => (typeof item === 'string' ? [[item, index] as [string, number]] : []))
    : [];
export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
