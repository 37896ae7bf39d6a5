import { compileRule, parseDuration, type CampaignJson, type CompiledCatalog, type JourneyJson, type StepJson } from "@edgewise/decision-engine";

/**
 * Journey and campaign definitions as the edge runs them, derived once per catalog (and per stored
 * journey version). The catalog was validated at publish time (`compileCatalog`), so shapes are
 * trusted here.
 */

type Rule = (data: unknown) => unknown;
type Duration = NonNullable<ReturnType<typeof parseDuration>>;

export type { CampaignJson, JourneyJson, StepJson } from "@edgewise/decision-engine";

/** A position in a journey: `[1]`, or `[1, "then", 0]` inside an `if`. */
export type Pointer = (number | "then" | "else")[];

export interface Journey {
  id: string;
  /** `version` from the definition, else a hash of it (`paused` excluded). */
  version: string;
  /** The definition as entered (stored with each instance's profile, so people finish on it). */
  definition: string;
  source: JourneyJson;
  trigger: { event: string; when: Rule | undefined };
  exit: { event: string; when: Rule | undefined } | undefined;
  reentry: "never" | "always" | Duration;
  /** Compiled `if` and `wait_for.when` rules, by step label. */
  rules: Map<string, Rule>;
  /** Whether any rule needs the profile's snapshot state. */
  hasRules: boolean;
}

export interface Campaign {
  id: string;
  audience: string;
  /** The offer it delivers, or (`action`) the webhook it calls once per profile of its audience. */
  offer?: string;
  action?: { webhook: string; body: unknown };
  start: number;
  end: number;
  paused: boolean;
  /** The offer has caps: they decide how often it is delivered (else once per profile). */
  capped: boolean;
}

export interface JourneySet {
  byId: Map<string, Journey>;
  paused: Set<string>;
  byTrigger: Map<string, Journey[]>;
  /** Every event name a trigger or exit listens to. */
  names: Set<string>;
  campaigns: Campaign[];
}

const sets = new WeakMap<CompiledCatalog, JourneySet>();
const versions = new Map<string, Journey>();
const MAX_VERSIONS = 200;

/** The journeys and campaigns of a compiled catalog, derived once per isolate. */
export function journeysOf(catalog: CompiledCatalog): JourneySet {
  let set = sets.get(catalog);
  if (set) return set;
  set = { byId: new Map(), paused: new Set(), byTrigger: new Map(), names: new Set(), campaigns: [] };
  for (const raw of (catalog.source.journeys ?? []) as JourneyJson[]) {
    // What a person's path depends on: `paused`, the `name` and the operator's `metadata` are not part of a version.
    const { paused, name: _name, metadata: _metadata, ...rest } = raw;
    const definition = JSON.stringify(rest);
    const journey = compiledVersion(raw.id, versionOf(raw, definition), definition);
    set.byId.set(journey.id, journey);
    if (paused) set.paused.add(journey.id);
    const list = set.byTrigger.get(journey.trigger.event) ?? [];
    list.push(journey);
    set.byTrigger.set(journey.trigger.event, list);
    set.names.add(journey.trigger.event);
    if (journey.exit) set.names.add(journey.exit.event);
  }
  for (const raw of (catalog.source.campaigns ?? []) as CampaignJson[]) {
    set.campaigns.push({
      id: raw.id,
      audience: raw.audience,
      ...(raw.offer === undefined ? {} : { offer: raw.offer }),
      ...(raw.action === undefined ? {} : { action: raw.action }),
      start: Date.parse(raw.schedule.start),
      end: Date.parse(raw.schedule.end),
      paused: raw.paused === true,
      capped: raw.offer !== undefined && (catalog.source.offers.find((offer) => offer.id === raw.offer)?.caps?.length ?? 0) > 0,
    });
  }
  sets.set(catalog, set);
  return set;
}

/** A journey version from its stored definition (compiled once per isolate). */
export function compiledVersion(id: string, version: string, definition: string): Journey {
  const key = `${id}@${version}`;
  let journey = versions.get(key);
  if (journey) return journey;
  journey = compile(version, definition);
  versions.set(key, journey);
  if (versions.size > MAX_VERSIONS) versions.delete(versions.keys().next().value as string);
  return journey;
}

function compile(version: string, definition: string): Journey {
  const source = JSON.parse(definition) as JourneyJson;
  const rules = new Map<string, Rule>();
  const visit = (steps: StepJson[] | undefined, pointer: Pointer): void => {
    steps?.forEach((step, i) => {
      const here = [...pointer, i] as Pointer;
      if ("if" in step) {
        rules.set(stepLabel(here), compileRule(step.if));
        visit(step.then, [...here, "then"]);
        visit(step.else, [...here, "else"]);
      }
      if ("wait_for" in step && step.wait_for.when !== undefined) rules.set(stepLabel(here), compileRule(step.wait_for.when));
    });
  };
  visit(source.steps, []);
  const rule = (value: unknown) => (value === undefined ? undefined : compileRule(value));
  const trigger = { event: source.trigger.event, when: rule(source.trigger.when) };
  const exit = source.exit ? { event: source.exit.event, when: rule(source.exit.when) } : undefined;
  const reentry = source.reentry === undefined || source.reentry === "never" ? "never" : source.reentry === "always" ? "always" : parseDuration(source.reentry)!;
  return {
    id: source.id,
    version,
    definition,
    source,
    trigger,
    exit,
    reentry,
    rules,
    hasRules: rules.size > 0 || trigger.when !== undefined || exit?.when !== undefined,
  };
}

function versionOf(journey: JourneyJson, definition: string): string {
  if (journey.version !== undefined) return String(journey.version);
  // FNV-1a, 2 × 32 bits: a short, stable name for this definition.
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < definition.length; i++) {
    const c = definition.charCodeAt(i);
    a = Math.imul(a ^ c, 16777619);
    b = Math.imul(b ^ c, 2246822519);
  }
  return ((a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0")).slice(0, 12);
}

// ---- the step pointer -------------------------------------------------------------------------

/** `[1, "then", 0]` → `steps[1].then[0]` (the JSON path of the step below the journey). */
export function stepLabel(pointer: Pointer): string {
  let label = "steps";
  for (const part of pointer) label += typeof part === "number" ? `[${part}]` : `.${part}`;
  return label;
}

/** The step at `pointer`, or `undefined` past the end of its list. */
export function stepAt(steps: StepJson[], pointer: Pointer): StepJson | undefined {
  let list: StepJson[] | undefined = steps;
  let step: StepJson | undefined;
  for (let i = 0; i < pointer.length; i += 2) {
    step = list?.[pointer[i] as number];
    const branch = pointer[i + 1];
    if (branch !== undefined) list = step && "if" in step ? step[branch as "then" | "else"] : undefined;
  }
  return step;
}

/**
 * The next step to run after `pointer` (leaving finished `if` branches), or `null` when the
 * journey is complete.
 */
export function nextPointer(steps: StepJson[], pointer: Pointer): Pointer | null {
  let next = [...pointer] as Pointer;
  next[next.length - 1] = (next[next.length - 1] as number) + 1;
  while (stepAt(steps, next) === undefined) {
    if (next.length === 1) return null;
    next = next.slice(0, -2);
    next[next.length - 1] = (next[next.length - 1] as number) + 1;
  }
  return next;
}

/** The first step of a branch of the `if` at `pointer`, or the step after the `if` when it is empty. */
export function branchPointer(steps: StepJson[], pointer: Pointer, branch: "then" | "else"): Pointer | null {
  const inside = [...pointer, branch, 0] as Pointer;
  return stepAt(steps, inside) === undefined ? nextPointer(steps, pointer) : inside;
}
