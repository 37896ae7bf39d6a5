import { checkDepth, expectArray, expectObject, expectString, expectStringArray, ID_RULES, invalid, JSON_DEPTH, optionalString } from "../shared/checks.ts";
import type { ProfileState, SnapshotMeta } from "./types.ts";

/** `{"type":"header","version":"2026-11-29T06:00:00Z","audiences":[{"id":"vip","name":"VIP"}]}` */
export interface SnapshotHeader {
  version: string;
  audiences: SnapshotMeta["audiences"];
}

/** The path of a line of an NDJSON body, by 0-based line index (the header is `$[0]`). */
export function linePath(index: number): string {
  return `$[${index}]`;
}

export function parseLine(text: string, path: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    invalid(path, "line is not valid JSON");
  }
  checkDepth(value, JSON_DEPTH.body, path);
  return value;
}

export function parseHeader(value: unknown, path: string): SnapshotHeader {
  const header = expectObject(value, path);
  if (header["type"] !== "header") invalid(`${path}.type`, 'the first line must be {"type":"header",...}');
  const version = expectString(header["version"], `${path}.version`, { maxLength: 64, pattern: /^[\w.:+-]+$/ });
  const audiences = header["audiences"] === undefined ? [] : expectArray(header["audiences"], `${path}.audiences`, 10_000);
  return {
    version,
    audiences: audiences.map((raw, i) => {
      const at = `${path}.audiences[${i}]`;
      const audience = expectObject(raw, at);
      const id = expectString(audience["id"], `${at}.id`, ID_RULES);
      const name = optionalString(audience["name"], `${at}.name`);
      return name === undefined ? { id } : { id, name };
    }),
  };
}

export function parseProfileLine(value: unknown, path: string): { profileId: string; state: ProfileState } {
  const line = expectObject(value, path);
  const profileId = expectString(line["profileId"], `${path}.profileId`, ID_RULES);
  const audiences =
    line["audiences"] === undefined ? [] : expectStringArray(line["audiences"], `${path}.audiences`, 1_000, ID_RULES);
  const attributes = line["attributes"] === undefined ? {} : expectObject(line["attributes"], `${path}.attributes`);
  return { profileId, state: { audiences, attributes } };
}
