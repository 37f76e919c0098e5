// What a vendor's folder (activities/integrations/<vendor>/) gives the one list of vendors (vendors.ts):
// its part of the configuration, the object ids a ticket's fields may hold, its adapter, and its
// webhook when it has one. Whatever treats every vendor alike (the configuration, the registry, the
// worker's start, the webhook endpoints, the chaos run) reads a vendor through this shape only, so a
// new vendor is its folder and an entry in the list.
import type { z } from 'zod';
import type { IntegrationSystem } from '../../workflows/process/vocabulary.js';
import type { Adapter } from './types.js';
import type { VendorWebhook } from './webhooks.js';

/** The values of a vendor's variables, as the configuration schema parsed them. */
export type ParsedVariables<Variables extends z.ZodRawShape> = z.output<z.ZodObject<Variables>>;

/** A vendor's environment variables and what they make: the settings its adapter is created with. */
export interface VendorSettings<Settings = unknown, Variables extends z.ZodRawShape = z.ZodRawShape> {
  /** Its variables, a part of the one configuration schema (platform/config.ts) that reports every
   * problem of every part at once. */
  variables: Variables;
  /** The variable that turns the vendor on: unset, its actions are recorded as not configured. */
  switchedOnBy: keyof Variables & string;
  /** Variables that only work together, each lead with the others: all set, or none. */
  together?: Readonly<Record<string, readonly string[]>>;
  /** What the schema cannot say of one variable alone: combinations that do not work (`set` tells
   * which variables the environment gives). */
  problems?(set: (variable: string) => boolean): string[];
  /** The settings from the parsed variables; undefined when the vendor is not configured. */
  read(variables: ParsedVariables<Variables>): Settings | undefined;
  /** The variables that read as `settings`: how the chaos run points a worker at a local vendor. */
  env(settings: Settings): Record<string, string>;
}

export interface Vendor<
  System extends IntegrationSystem = IntegrationSystem,
  Settings = unknown,
  Variables extends z.ZodRawShape = z.ZodRawShape,
> {
  /** What a process's integration actions name (`system`: `jira`, `cad`, …). */
  system: System;
  /** The vendor itself (APS for `cad`): its webhook's path /webhooks/<name>, the source of its deliveries'
   * signals, and how the chaos run reports it. */
  name: string;
  settings: VendorSettings<Settings, Variables>;
  /** The inputs and results of its operations that name the vendor object itself (a Jira issue, a
   * Salesforce Case, a CAD item): a field an action binds to one holds that object's id, and inbound
   * webhooks (api/webhooks/) find a ticket by it. */
  objectIds: readonly string[];
  /** Its adapter for these settings. A dynamic import in each vendor's folder: the processes that read the
   * list for settings and webhooks (the API, the command line) never load a vendor's client library
   * (jira.js and jsforce take half a second), only the worker that calls the vendor does. */
  connect(settings: Settings, timeoutMs: number): Promise<Adapter>;
  /** How it tells tickets what happened on its side (POST /webhooks/<name>), when it does. */
  webhook?: VendorWebhook;
}
