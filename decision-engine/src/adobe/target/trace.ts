/**
 * The `trace` object Target adds to each response when the request has `trace`: the request, the
 * campaigns that matched and every campaign evaluated, with the context its rules saw.
 */
import { own, type DecisioningContext, type JsonObject, type RequestDetails, type TargetRule } from "./types.ts";

/** What the whole request's traces share: client, artifact description, visitor profile, session. */
export interface TraceBase {
  readonly enabled: boolean;
  readonly clientCode: string;
  readonly artifact: JsonObject;
  readonly profile: JsonObject;
  readonly sessionId: unknown;
}

/** The per-request-detail trace collector. */
export interface RequestTracer {
  traceRequest(mode: string, kind: "mbox" | "view" | "pageLoad", details: RequestDetails, context: DecisioningContext): void;
  traceRuleEvaluated(rule: TargetRule, context: JsonObject, satisfied: boolean): void;
  traceNotification(rule: TargetRule, notification: JsonObject): void;
  result(): JsonObject | undefined;
}

/** The visitor profile of a trace: the request's id, its tntId split into id and location hint. */
export function traceProfile(id: unknown): JsonObject {
  const tntId = own(id, "tntId");
  const [plainTntId, profileLocation] = typeof tntId === "string" ? tntId.split(".") : [undefined, undefined];
  return { visitorId: { ...(typeof id === "object" && id !== null ? id : {}), tntId: plainTntId, profileLocation } };
}

interface Campaign extends JsonObject {
  notifications?: JsonObject[];
}

interface Evaluated {
  readonly context: JsonObject;
  readonly campaignId: unknown;
  readonly campaignType: unknown;
  readonly matchedSegmentIds: Set<unknown>;
  readonly unmatchedSegmentIds: Set<unknown>;
  readonly matchedRuleConditions: unknown[];
  readonly unmatchedRuleConditions: unknown[];
}

/** A tracer for one request detail; collects nothing when the base is disabled. */
export function requestTracer(base: TraceBase, environment: unknown): RequestTracer {
  let request: JsonObject = {};
  const campaigns = new Map<unknown, Campaign>();
  const evaluated = new Map<unknown, Evaluated>();
  return {
    traceRequest(mode, kind, details, context) {
      request = { pageURL: context.page.url, host: context.page.domain, [kind]: { ...details, type: mode } };
    },
    traceRuleEvaluated(rule, context, satisfied) {
      if (!base.enabled) return;
      const activityId = own(rule.meta, "activity.id");
      if (satisfied && !campaigns.has(activityId)) {
        const offerId = own(rule.meta, "offer.id");
        campaigns.set(activityId, {
          id: activityId,
          campaignType: own(rule.meta, "activity.type"),
          branchId: own(rule.meta, "experience.id"),
          offers: offerId !== undefined ? [offerId] : [],
          environment,
        });
      }
      let entry = evaluated.get(activityId);
      if (!entry) {
        entry = {
          context,
          campaignId: activityId,
          campaignType: own(rule.meta, "activity.type"),
          matchedSegmentIds: new Set(),
          unmatchedSegmentIds: new Set(),
          matchedRuleConditions: [],
          unmatchedRuleConditions: [],
        };
        evaluated.set(activityId, entry);
      }
      const audiences = own(rule.meta, "audience.ids");
      for (const audience of Array.isArray(audiences) ? audiences : []) {
        (satisfied ? entry.matchedSegmentIds : entry.unmatchedSegmentIds).add(audience);
      }
      (satisfied ? entry.matchedRuleConditions : entry.unmatchedRuleConditions).push(rule.condition);
    },
    traceNotification(rule, notification) {
      const campaign = campaigns.get(own(rule.meta, "activity.id"));
      if (campaign) (campaign.notifications ??= []).push(notification);
    },
    result() {
      if (!base.enabled) return undefined;
      return {
        clientCode: base.clientCode,
        artifact: base.artifact,
        profile: base.profile,
        request: { sessionId: base.sessionId, ...request },
        campaigns: [...campaigns.values()].map((campaign) => ({ ...campaign })),
        evaluatedCampaignTargets: [...evaluated.values()].map((entry) => ({
          ...entry,
          matchedSegmentIds: [...entry.matchedSegmentIds],
          unmatchedSegmentIds: [...entry.unmatchedSegmentIds],
          matchedRuleConditions: [...entry.matchedRuleConditions],
          unmatchedRuleConditions: [...entry.unmatchedRuleConditions],
        })),
      };
    },
  };
}
