import type { FIELDS, Kind, STEPS, StepKind } from "../decide/fields.ts";

/** An object kind's description and one per field: exactly the fields it has (the type checker holds them to `FIELDS`). */
export interface Described<Fields> {
  readonly description: string;
  readonly fields: { readonly [F in keyof Fields]: string };
}

const METADATA = "The operator's own data: any JSON, never read by Edgewise.";
const RULE_OVER_CONTEXT = "A JSON Logic rule over the evaluation context";
const OUTBOUND_URL = "An absolute http(s) URL, at most 2048 characters, without user name or password (the edge requires https to a public address outside local development).";
const SECRET = "The name of the Worker secret that signs deliveries (x-edgewise-signature), never its value: A-Z, 0-9 and _, not one of the edge's own secrets.";
const PER_SECOND = "Requests per second at most, from 1 to 1000.";
const TIMEOUT = "How long one attempt may take: an ISO-8601 duration above zero, at most PT30S.";

/** The JSON Schema's descriptions of the catalog's objects and fields. */
export const DESCRIPTIONS: { readonly [K in Kind]: Described<(typeof FIELDS)[K]> } = {
  Catalog: {
    description: "An Edgewise catalog: placements, offers and how they are decided, published with PUT /v1/admin/catalog.",
    fields: {
      placements: "Where offers are shown: slots of web pages and app screens, and message channels.",
      offers: "The offers and messages, each in one or more placements.",
      fallbacks: "Per placement id, the offer shown when no offer qualifies.",
      ranking: "Per placement id, how its qualifying offers are ranked (default: priority, one offer).",
      audiences: "Real-time audiences: their members are the profiles whose rule holds at decision time.",
      journeys: "Customer-triggered journeys, run at the edge per profile from the events posted to /v1/events.",
      campaigns: "Brand-initiated campaigns: an offer delivered, or a webhook action posted, to an audience during a schedule.",
      experiments: "A/B experiments: per placement, which offer each variant shows, to which share of the profiles (at most one running per placement at a time).",
      holdout: "A global holdout: this share of profiles sees only fallbacks and no journey or campaign message, to measure the whole program's effect.",
      webhooks: "Webhooks: where journey action steps and action campaigns POST their JSON (outbound email, SMS or push through the operator's own provider). Never in the client ruleset.",
      forwarding: "Forwarding destinations: accepted events are POSTed to them in batches, each event once per destination. Never in the client ruleset.",
      deepLinkSchemes: "The app URL schemes that deeplink buttons may use, e.g. [\"shopapp\"]; never http, https, javascript, data or another web or script scheme. Without them, no deep link is followed.",
      metadata: METADATA,
    },
  },
  Placement: {
    description: "A place where offers are shown.",
    fields: {
      id: "The placement's id, unique in the catalog.",
      surface: "Where it lives, e.g. web://shop.example/#hero or mobileapp://com.example.shop/home; its scheme is its channel.",
      format: "What its offers carry: html, json or text content, or a message.",
      metadata: METADATA,
    },
  },
  Offer: {
    description: "An offer or message: where it goes, to whom, when, how often and what it shows.",
    fields: {
      id: "The offer's id, unique in the catalog.",
      name: "A name for people (left out of the client ruleset).",
      placements: "The ids of the placements it may be shown in.",
      priority: "Its rank under the priority strategy: higher wins. Default 0.",
      eligibility: `${RULE_OVER_CONTEXT}: who may see it. Default: everyone.`,
      schedule: "When it may be shown: from start (inclusive) to end (exclusive).",
      caps: "How often it may be shown, per profile or in total.",
      content: "What an html, json or text placement shows: an object of the placement's fields, whose strings may hold {{path | filter}} templates.",
      message: "What a message placement shows.",
      trigger: "Makes it a triggered message: a candidate only while this event is being evaluated.",
      orchestrated: "Delivered only when a journey step or campaign makes it pending (set by the client ruleset; implied for offers they reference).",
      metadata: METADATA,
    },
  },
  Schedule: {
    description: "A window in time: [start, end).",
    fields: {
      start: "ISO-8601 instant with a zone (or a date, midnight UTC) from which it is shown.",
      end: "ISO-8601 instant with a zone (or a date, midnight UTC) from which it is no longer shown.",
    },
  },
  Cap: {
    description: "A frequency cap: at most limit events per period.",
    fields: {
      event: "The event name counted, usually display.",
      limit: "How many such events are allowed per period.",
      period: "The UTC calendar period counted: day, ISO week, month, or lifetime.",
      scope: "profile: counted per profile from its history (default); global: counted across all profiles.",
    },
  },
  Trigger: {
    description: "An event, and optionally a condition on it.",
    fields: {
      event: "The event name: a track event's name, or an offer event's type (display, interact, …).",
      when: `${RULE_OVER_CONTEXT}, with the event: the event counts only when it holds.`,
    },
  },
  Message: {
    description: "An in-app or web message.",
    fields: {
      layout: "How it is presented; html shows a whole HTML document in an isolated frame.",
      title: "The title (a template).",
      body: "The body text (a template).",
      image: "An http(s) or relative image URL (javascript:, data: and protocol-relative //host URLs are refused).",
      imageAlt: "The image's alternative text.",
      html: "For the html layout: the whole HTML document.",
      buttons: "Its buttons, in order.",
      dir: "Text direction; default: the page's or the app's.",
      lang: "Language tag, e.g. pt-BR; default: the page's or the app's.",
    },
  },
  Button: {
    description: "A message button.",
    fields: {
      label: "The button's text (a template).",
      action: "What pressing it does.",
    },
  },
  Action: {
    description: "A button's action.",
    fields: {
      type: "url opens a link, dismiss closes the message, deeplink opens an app link, custom is handled by the app.",
      url: "For url: an http(s), mailto:, tel: or relative URL; for deeplink: a deep link such as myapp://cart whose scheme is in the catalog's deepLinkSchemes.",
      name: "For custom: the action's name, passed to the app.",
    },
  },
  Ranking: {
    description: "How a placement ranks its qualifying offers.",
    fields: {
      strategy: "priority: by the offers' priority (default); score: by the score rule.",
      score: `For the score strategy: ${RULE_OVER_CONTEXT} plus offer (the candidate's own fields), giving a number; higher wins.`,
      limit: "How many offers the placement shows, from 1 to 50. Default 1.",
    },
  },
  Audience: {
    description: "A real-time audience.",
    fields: {
      id: "The audience's id, as {\"audience\": id} names it in rules.",
      name: "A name for people.",
      rule: `${RULE_OVER_CONTEXT}: whoever it holds for is a member.`,
    },
  },
  Journey: {
    description: "A customer-triggered journey: a state machine per profile, driven by its events.",
    fields: {
      id: "The journey's id, unique among journeys.",
      name: "A name for people.",
      version: "The definition's version; default: a hash of the definition. People in the journey finish on the version they entered.",
      paused: "When true, nobody enters and nobody moves on.",
      trigger: "The event that makes a profile enter.",
      exit: "The event that makes a profile leave.",
      reentry: "Whether a profile may enter again: never (default), always, or an ISO-8601 duration after its last entry.",
      steps: "The steps, run in order.",
      metadata: METADATA,
    },
  },
  WaitFor: {
    description: "Waits for an event, at most timeout long.",
    fields: {
      event: "The event name awaited.",
      timeout: "How long to wait: an ISO-8601 duration, e.g. P3D.",
      when: `${RULE_OVER_CONTEXT}, with the event: the event counts only when it holds.`,
      offer: "The offer the event must concern; default for offer events: the journey's last message.",
      on_timeout: "continue with the next step (default), or exit the journey.",
    },
  },
  Campaign: {
    description: "A brand-initiated campaign: its offer is delivered (or its action posted) to an audience's members during its schedule. Exactly one of offer and action.",
    fields: {
      id: "The campaign's id, unique among campaigns.",
      name: "A name for people.",
      audience: "The id of the audience it reaches (a snapshot or real-time audience).",
      offer: "The id of the offer it delivers (or action instead).",
      action: "The webhook action it posts for each member (or offer instead).",
      schedule: "When it runs.",
      paused: "When true, it delivers nothing.",
      metadata: METADATA,
    },
  },
  CampaignSchedule: {
    description: "When a campaign runs: [start, end).",
    fields: {
      start: "ISO-8601 instant with a zone (or a date, midnight UTC) it starts at.",
      end: "ISO-8601 instant with a zone (or a date, midnight UTC) it ends at.",
    },
  },
  Experiment: {
    description: "An A/B experiment on one placement: each profile of its audience is assigned a variant by bucket of the experiment id with its id (sticky, the same on every runtime).",
    fields: {
      id: "The experiment's id, unique among experiments; also the seed of its assignment.",
      name: "A name for people.",
      placement: "The placement it decides.",
      variants: "At least two variants; their weights are normalised to shares.",
      control: "The id of the control variant (default: the first).",
      audience: `${RULE_OVER_CONTEXT}: only profiles for which it holds take part; the others see the placement as usual.`,
      metric: "The conversion it is judged on (default: conversion events).",
      start: "ISO-8601 instant with a zone it starts at.",
      end: "ISO-8601 instant with a zone it ends at (open-ended without).",
      attributionWindow: "How long after its exposure a profile's conversion counts: an ISO-8601 duration (default P7D).",
      metadata: METADATA,
    },
  },
  Variant: {
    description: "One arm of an experiment.",
    fields: {
      id: "The variant's id, unique in its experiment.",
      offer: "The offer it shows (an offer of the experiment's placement), or null: nothing shown.",
      weight: "Its share of the experiment's profiles, relative to the other variants' weights (e.g. 50 and 50).",
    },
  },
  Metric: { description: "What counts as a conversion.", fields: { event: "The event name (conversion, or a track event's name)." } },
  Webhook: {
    description: "A webhook: an http(s) endpoint that action steps and action campaigns POST JSON to, signed, paced and retried by the edge.",
    fields: {
      id: "The webhook's id, unique among webhooks and forwarding destinations.",
      url: OUTBOUND_URL,
      secret: SECRET,
      perSecond: PER_SECOND,
      timeout: TIMEOUT,
      metadata: METADATA,
    },
  },
  Forwarding: {
    description: "A forwarding destination: the edge POSTs accepted events to it in batches, each event once, signed, paced and retried.",
    fields: {
      id: "The destination's id, unique among webhooks and forwarding destinations.",
      url: OUTBOUND_URL,
      secret: SECRET,
      events: "The event names forwarded (track events' names, or offer events' types: display, interact, …). Default: every event.",
      batch: "Events per request at most, from 1 to 1000. Default 100.",
      perSecond: PER_SECOND,
      timeout: TIMEOUT,
      metadata: METADATA,
    },
  },
  WebhookAction: {
    description: "Posts a JSON body to a webhook of the catalog.",
    fields: {
      webhook: "The id of the webhook (of webhooks, not of forwarding).",
      body: "Any JSON value; its strings are {{path | filter}} templates over the evaluation context (profile, audiences, context, event, now, journey), rendered without HTML escaping.",
    },
  },
  Holdout: { description: "A share of profiles kept from every offer but fallbacks.", fields: { percent: "The share, from 0 to 50 percent (bucket of \"holdout\" with the profile's id)." } },
};

/** The JSON Schema's descriptions of the journey step kinds. */
export const STEP_DESCRIPTIONS: { readonly [S in StepKind]: Described<(typeof STEPS)[S]> } = {
  wait: { description: "Waits, then goes on.", fields: { wait: "How long: an ISO-8601 duration, e.g. PT30M." } },
  wait_for: { description: "Waits for an event.", fields: { wait_for: "The event, its condition, timeout and what happens then." } },
  if: {
    description: "Branches on a condition.",
    fields: {
      if: `${RULE_OVER_CONTEXT}.`,
      then: "The steps run when it holds.",
      else: "The steps run when it does not.",
    },
  },
  message: { description: "Makes an offer pending for the profile: shown by the next decision or sync on its placement's channel.", fields: { message: "The id of the offer." } },
  action: { description: "Posts a JSON body to a webhook (outbound email, SMS or push through the operator's own provider).", fields: { action: "The webhook and the body." } },
  set: { description: "Sets attributes of the journey's profile.", fields: { set: "The attributes, by name: any JSON values." } },
  end: { description: "Ends the journey.", fields: { end: "Always true." } },
};

/** What a step is, and what a rule is. */
export const STEP_DESCRIPTION = "A journey step: exactly one of wait, wait_for, if (with then and else), message, action, set or end.";
export const RULE_DESCRIPTION =
  "A JSON Logic rule, with Edgewise's extension operators (audience, history, time, hour, weekday, bucket, semver, starts_with, ends_with, matches). Checked by the engine when the catalog is published.";
