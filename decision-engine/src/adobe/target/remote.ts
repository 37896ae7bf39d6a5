/**
 * Which requested mboxes and views the artifact cannot decide on the device (they need a call to
 * Target's edge): the response's `status` is then 206 and `remoteMboxes`/`remoteViews` name them.
 */
import { DEFAULT_GLOBAL_MBOX } from "./decisions.ts";
import { isObject, own, type JsonObject, type TargetArtifact } from "./types.ts";

/** The requested names of `key` (`mboxes` or `views`) across `execute` and `prefetch`. */
const requestedNames = (request: JsonObject, key: string): { names: string[]; any: boolean } => {
  const names = new Set<string>();
  let any = false;
  for (const mode of ["prefetch", "execute"]) {
    const list = own(own(request, mode), key);
    if (!Array.isArray(list)) continue;
    any ||= list.length > 0;
    for (const item of list) {
      const name = own(item, "name");
      if (typeof name === "string" && name !== "") names.add(name);
    }
  }
  return { names: [...names], any };
};

/** The remote dependency of `request` on `artifact`. */
export function remoteDependency(artifact: TargetArtifact, request: JsonObject): { remoteNeeded: boolean; remoteMboxes: string[]; remoteViews: string[] } {
  const mboxes = requestedNames(request, "mboxes").names;
  if (isObject(own(own(request, "execute"), "pageLoad")) || isObject(own(own(request, "prefetch"), "pageLoad"))) {
    mboxes.push(artifact.globalMbox ?? DEFAULT_GLOBAL_MBOX);
  }
  const views = requestedNames(request, "views");
  const { remoteMboxes = [], localMboxes = [], remoteViews = [], localViews = [] } = artifact;
  const remoteM = new Set([...remoteMboxes.filter((name) => mboxes.includes(name)), ...mboxes.filter((name) => !localMboxes.includes(name))]);
  const remoteV =
    views.any && views.names.length === 0
      ? new Set(remoteViews)
      : new Set([...remoteViews.filter((name) => views.names.includes(name)), ...views.names.filter((name) => !localViews.includes(name))]);
  return { remoteNeeded: remoteM.size > 0 || remoteV.size > 0, remoteMboxes: [...remoteM], remoteViews: [...remoteV] };
}
