/**
 * The decisions of one Delivery API request: for `execute` and `prefetch`, every requested mbox, view
 * and page load is matched against the artifact's rules in order.
 */
import { computeAllocation } from "./allocation.ts";
import { mboxAttributes } from "./context.ts";
import type { NotificationCollector } from "./notifications.ts";
import {
  cleanUp,
  prepareExecuteResponse,
  preparePrefetchResponse,
  removePageLoadAttributes,
  replaceCampaignMacros,
  responseTokensProcessor,
  type PostProcessor,
} from "./response.ts";
import type { CompiledRules } from "./rules.ts";
import { requestTracer, type RequestTracer, type TraceBase } from "./trace.ts";
import { urlAttributes, type ParseDomain } from "./url.ts";
import { cloneJson, isObject, own, type DecisioningContext, type JsonObject, type RequestDetails, type TargetArtifact, type TargetRule } from "./types.ts";

/** The mbox that stands for a page load. */
export const DEFAULT_GLOBAL_MBOX = "target-global-mbox";
/** Most mboxes or views decided per mode of one request. */
export const MAX_REQUEST_ITEMS = 100;

/** Everything one request's decisions need. */
export interface DecisionInputs {
  readonly artifact: TargetArtifact;
  readonly rules: CompiledRules;
  readonly client: string;
  readonly visitorId: string;
  readonly request: JsonObject;
  readonly context: DecisioningContext;
  readonly parseDomain: ParseDomain;
  readonly trace: TraceBase;
  readonly notifications: NotificationCollector;
}

type Kind = "mbox" | "view";
type Mode = "execute" | "prefetch";

const rulesOf = (table: Readonly<Record<string, readonly TargetRule[]>> | undefined, name: string): readonly TargetRule[] =>
  table && Object.hasOwn(table, name) ? (table[name] ?? []) : [];

/** Rules of another property are skipped; rules without property tokens apply to every request. */
const forProperty = (token: unknown) => (rule: TargetRule) => {
  const tokens = Array.isArray(rule.propertyTokens) ? rule.propertyTokens : [];
  return typeof token !== "string" ? tokens.length === 0 : tokens.length === 0 || tokens.includes(token);
};

/** The request details of a list; more than `MAX_REQUEST_ITEMS` is refused (a `RangeError`). */
const detailsList = (value: unknown, what: string): RequestDetails[] => {
  const list = Array.isArray(value) ? value : [];
  if (list.length > MAX_REQUEST_ITEMS) throw new RangeError(`${what}: more than ${MAX_REQUEST_ITEMS} items`);
  return list.filter(isObject) as RequestDetails[];
};

/** The `execute` and `prefetch` parts of the response. */
export function decide(inputs: DecisionInputs): { execute?: JsonObject; prefetch?: JsonObject } {
  const { artifact, request } = inputs;
  const propertyToken = own(own(request, "property"), "token");
  const common: PostProcessor[] = [responseTokensProcessor(inputs.context, artifact.responseTokens), replaceCampaignMacros];
  const result: { execute?: JsonObject; prefetch?: JsonObject } = {};
  for (const mode of ["execute", "prefetch"] as const) {
    const part = own(request, mode);
    if (!isObject(part)) continue;
    const tracer = requestTracer(inputs.trace, own(artifact.meta, "environment"));
    const steps: PostProcessor[] =
      mode === "execute"
        ? [
            (rule, response, kind) => {
              const notification = inputs.notifications.add(response, kind);
              if (notification) tracer.traceNotification(rule, notification);
              return response;
            },
            prepareExecuteResponse,
            ...common,
          ]
        : [preparePrefetchResponse, ...common];
    result[mode] = decideMode(inputs, mode, part, tracer, steps, forProperty(propertyToken));
  }
  return result;
}

function decideMode(
  inputs: DecisionInputs,
  mode: Mode,
  part: JsonObject,
  tracer: RequestTracer,
  steps: readonly PostProcessor[],
  inProperty: (rule: TargetRule) => boolean,
): JsonObject {
  const { artifact } = inputs;
  const globalMbox = artifact.globalMbox ?? DEFAULT_GLOBAL_MBOX;
  const finish: PostProcessor[] = [
    (_rule, response) => ({ ...response, trace: tracer.result() }),
    cleanUp,
  ];

  /** Evaluates `rule` for a request detail; the processed response when it matches. */
  const processRule = (rule: TargetRule, kind: Kind, details: RequestDetails, extra: readonly PostProcessor[]): JsonObject | undefined => {
    let { page, referring } = inputs.context;
    if (details.address !== undefined) {
      page = urlAttributes(own(details.address, "url"), inputs.parseDomain);
      referring = page;
    }
    const ruleContext: JsonObject = {
      ...inputs.context,
      page,
      referring,
      mbox: mboxAttributes(details),
      allocation: computeAllocation(inputs.client, own(rule.meta, "activity.id"), inputs.visitorId),
    };
    const satisfied = inputs.rules.evaluate(rule, ruleContext);
    tracer.traceRuleEvaluated(rule, ruleContext, satisfied);
    if (!satisfied) return undefined;
    let response: JsonObject = { ...cloneJson(rule.consequence), index: details.index };
    for (const step of [...steps, ...finish, ...extra]) response = step(rule, response, kind, details);
    return cloneJson(response);
  };

  const processMbox = (details: RequestDetails, extra: readonly PostProcessor[] = []): JsonObject[] => {
    const name = typeof details.name === "string" ? details.name : "";
    const isGlobal = name === globalMbox;
    tracer.traceRequest(mode, "mbox", details, inputs.context);
    const responses: JsonObject[] = [];
    const matchedKeys = new Set<unknown>();
    for (const rule of rulesOf(artifact.rules.mboxes, name).filter(inProperty)) {
      if (isGlobal && matchedKeys.has(rule.ruleKey)) continue;
      const response = processRule(rule, "mbox", details, extra);
      if (!response) continue;
      responses.push(response);
      matchedKeys.add(rule.ruleKey);
      if (!isGlobal) break;
    }
    if (!isGlobal && responses.length === 0) {
      const blank: JsonObject = { name: details.name, index: details.index, trace: tracer.result() };
      responses.push(Object.fromEntries(Object.entries(blank).filter(([, value]) => value !== undefined)));
    }
    return responses;
  };

  const processView = (details: RequestDetails): JsonObject[] => {
    tracer.traceRequest(mode, "view", details, inputs.context);
    const views = artifact.rules.views ?? {};
    const candidates =
      typeof details.name === "string" ? rulesOf(views, details.name) : Object.keys(views).flatMap((name) => rulesOf(views, name));
    const byName = new Map<unknown, JsonObject>();
    const matchedKeys = new Set<unknown>();
    for (const rule of candidates.filter(inProperty)) {
      if (matchedKeys.has(rule.ruleKey)) continue;
      const response = processRule(rule, "view", details, []);
      if (!response) continue;
      matchedKeys.add(rule.ruleKey);
      const previous = byName.get(response.name);
      byName.set(
        response.name,
        previous
          ? {
              ...previous,
              options: [...listOf(previous.options), ...listOf(response.options)],
              metrics: [...listOf(previous.metrics), ...listOf(response.metrics)],
            }
          : response,
      );
    }
    return [...byName.values()];
  };

  const processPageLoad = (details: RequestDetails): JsonObject => {
    let trace: unknown;
    const responses = processMbox({ ...details, name: globalMbox }, [
      (_rule, response) => {
        trace = response.trace;
        return response;
      },
      removePageLoadAttributes,
    ]);
    const metrics = new Map<unknown, unknown>();
    for (const response of responses) {
      for (const metric of listOf(response.metrics)) metrics.set(own(metric, "eventToken"), metric);
    }
    const pageLoad: JsonObject = { options: responses.flatMap((response) => listOf(response.options)), trace };
    if (metrics.size > 0) pageLoad.metrics = [...metrics.values()];
    return pageLoad;
  };

  const response: JsonObject = {};
  if (part.mboxes !== undefined) response.mboxes = detailsList(part.mboxes, `${mode}.mboxes`).flatMap((details) => processMbox(details));
  if (part.views !== undefined) response.views = detailsList(part.views, `${mode}.views`).flatMap(processView);
  if (isObject(part.pageLoad)) response.pageLoad = processPageLoad(part.pageLoad as RequestDetails);
  return response;
}

const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
