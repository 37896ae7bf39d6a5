import type { CatalogProblem } from "./errors.ts";
import { at, isName, isRecord } from "./paths.ts";
import { closest } from "./suggest.ts";
import { walkFields } from "./walk-fields.ts";

/**
 * What a catalog can be published with but probably should not: every reference to an audience
 * that is neither in `knownAudiences` (the active snapshot header's) nor one of the catalog's own
 * real-time `audiences[].id`. References are the `{"audience": "x"}` of every rule (offer
 * eligibility, triggers' and journeys' `when`, ranking scores, real-time audience rules, journey
 * `if` steps) and every campaign's `audience`; each warning is at its path, in document order,
 * with a suggestion from the known and real-time ids when one is close. Meant for a catalog that
 * `compileCatalog` accepted (rules within their depth limits); anything else is skipped, never thrown.
 *
 * @example
 * catalogWarnings({ placements: [], offers: [], campaigns: [{ id: "c", audience: "churn-riks", offer: "o", schedule }] }, ["churn-risk"]);
 * // → [{ path: "$.campaigns[0].audience",
 * //      message: 'unknown audience "churn-riks": neither in the active snapshot nor a real-time audience of the catalog (did you mean "churn-risk"?)' }]
 */
export function catalogWarnings(catalogJson: unknown, knownAudiences: Iterable<string>): CatalogProblem[] {
  const warnings: CatalogProblem[] = [];
  const realtime = isRecord(catalogJson) && Array.isArray(catalogJson["audiences"]) ? catalogJson["audiences"] : [];
  const known = new Set(knownAudiences);
  for (const audience of realtime) if (isRecord(audience) && isName(audience["id"])) known.add(audience["id"]);

  const reference = (id: unknown, path: string): void => {
    if (typeof id != "string" || known.has(id)) return;
    const near = closest(id, known);
    const suggestion = near === undefined ? "" : ` (did you mean ${JSON.stringify(near)}?)`;
    warnings.push({ path, message: `unknown audience ${JSON.stringify(id)}: neither in the active snapshot nor a real-time audience of the catalog${suggestion}` });
  };
  /** Every `{"audience": …}` inside a rule, skipping `preserve`d data. */
  const rule = (value: unknown, path: string): void => {
    if (Array.isArray(value)) return value.forEach((item, i) => rule(item, at(path, i)));
    if (!isRecord(value)) return;
    for (const key of Object.keys(value)) {
      if (key == "audience") reference(value[key], at(path, key));
      if (key != "preserve") rule(value[key], at(path, key));
    }
  };

  walkFields(catalogJson, "Catalog", "$", (type, value, path) => {
    if (type == "rule") rule(value, path);
    if (type == "audienceId") reference(value, path);
  });
  return warnings;
}
