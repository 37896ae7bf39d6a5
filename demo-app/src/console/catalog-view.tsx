// The catalog: edited as JSON in a code editor (CodeMirror, loaded on first need) and in forms per
// offer, placement, journey and campaign that write into the same JSON; validated as one types with
// the engine's compileCatalog (each error marked at its line and listed with its path, a click
// moves the cursor there); offers previewed with the SDKs' own renderers (the web SDK's, and the
// mobile SDK's WebView renderer for app message placements); the changes against the
// active version shown before publishing; audience warnings from the edge; versions with rollback.
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { CatalogError, compileCatalog } from "@edgewise/decision-engine";
import { type Json, type Problem, ApiError, type Api } from "./api.ts";
import { Scroll, Table } from "./table.tsx";
import { formatPath, JsonSyntaxError, lineColumn, locate, parsePath, parseTree, pathAt, setAt, tryParseTree, valueAt, type Segment } from "./catalog-json.ts";
import { describeAt, loadSchema, type Schema } from "./catalog-schema.ts";
import { CampaignForm, JourneyForm, KINDS, newEntity, OfferForm, PlacementForm, ProblemList, problemsAt, type EntityKind, type FormContext } from "./catalog-forms.tsx";
import { OfferPreview, useDebounced } from "./catalog-preview.tsx";
import { DiffView } from "./catalog-diff-view.tsx";
import type { CatalogEditor } from "./catalog-editor.ts";

/** A problem with the text offset where JSON parsing stopped (syntax errors only). */
export interface TextProblem extends Problem {
  offset?: number;
}

export function validateText(text: string): { catalog?: unknown; problems: TextProblem[] } {
  let catalog: unknown;
  try {
    catalog = JSON.parse(text);
  } catch (error) {
    let offset = 0;
    try {
      parseTree(text);
    } catch (syntax) {
      if (syntax instanceof JsonSyntaxError) offset = syntax.offset;
    }
    return { problems: [{ path: "$", message: `not valid JSON: ${(error as Error).message}`, offset }] };
  }
  try {
    compileCatalog(catalog as never);
    return { catalog, problems: [] };
  } catch (error) {
    if (error instanceof CatalogError) return { catalog, problems: error.errors as Problem[] };
    return { catalog, problems: [{ path: "$", message: String(error) }] };
  }
}

/** A problem placed in the text: the range to mark (a key, a value's first line) and its line. */
export interface LocatedProblem extends TextProblem {
  from: number;
  to: number;
  line: number;
  /** False when only a part of the path exists (a missing field: its object is marked). */
  exact: boolean;
}

export function locateProblems(text: string, problems: TextProblem[]): LocatedProblem[] {
  const tree = tryParseTree(text);
  return problems.map((problem) => {
    let from = 0;
    let to = 0;
    let exact = false;
    if (problem.offset !== undefined) {
      from = problem.offset;
      to = problem.offset + 1;
      exact = true;
    } else {
      const found = tree && locate(tree, problem.path);
      if (found) {
        exact = found.exact;
        from = exact ? (found.keyFrom ?? found.from) : found.from;
        to = exact ? (found.keyTo ?? found.to) : found.from + 1;
      }
    }
    // One line at most: a whole object's range would mark everything inside it.
    const end = text.indexOf("\n", from);
    if (end >= 0 && end < to) to = end;
    if (to <= from) to = Math.min(text.length, from + 1);
    return { ...problem, from, to, exact, line: lineColumn(text, from).line };
  });
}

const tryParse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** The entity a path points into, as [kind, index]. */
function entityOf(path: string): [EntityKind, number] | undefined {
  const segments = parsePath(path);
  if (!segments || segments.length < 2) return undefined;
  const [kind, index] = segments;
  return KINDS.some((k) => k.kind === kind) && typeof index === "number" ? [kind as EntityKind, index] : undefined;
}

/** The offer a selected entity previews, and in which placement. */
function previewTarget(catalog: Json, kind: EntityKind, entity: Json): { offer?: Json; placement?: string; note?: string } {
  const offers: Json[] = Array.isArray(catalog.offers) ? catalog.offers : [];
  const byId = (id: unknown) => offers.find((o) => o?.id === id);
  if (kind === "offers") return { offer: entity };
  if (kind === "placements") {
    const offer = byId(catalog.fallbacks?.[entity.id]) ?? offers.find((o) => Array.isArray(o?.placements) && o.placements.includes(entity.id));
    return offer ? { offer, placement: entity.id, note: `Previewing offer ${offer.id} in this placement.` } : { note: "No offer is in this placement yet." };
  }
  if (kind === "campaigns") {
    const offer = byId(entity.offer);
    return offer ? { offer, note: `Previewing the campaign's offer ${offer.id}.` } : { note: "This campaign delivers no offer (a webhook action, or an unknown offer)." };
  }
  const messages: string[] = [];
  const walk = (steps: unknown) => Array.isArray(steps) && steps.forEach((s) => s && typeof s === "object" && (typeof s.message === "string" ? messages.push(s.message) : (walk(s.then), walk(s.else))));
  walk(entity.steps);
  const offer = messages.map(byId).find(Boolean);
  return offer ? { offer, note: `Previewing the journey's first message, offer ${offer.id}${messages.length > 1 ? ` (its other messages: ${messages.filter((m) => m !== offer.id).join(", ")})` : ""}.` } : { note: "This journey sends no message." };
}

export function CatalogView({ api }: { api: Api }) {
  const [active, setActive] = useState<Json | null>(null);
  const [versions, setVersions] = useState<Json[]>([]);
  const [activeText, setActiveText] = useState("");
  const [text, setText] = useState("");
  const [problems, setProblems] = useState<LocatedProblem[]>([]);
  const [checked, setChecked] = useState(false);
  const [warnings, setWarnings] = useState<Problem[]>([]);
  const [message, setMessage] = useState("");
  const [selected, setSelected] = useState("");
  const [schema, setSchema] = useState<Schema | undefined>();
  const [editorState, setEditorState] = useState<"loading" | "ready" | "failed">("loading");
  const [compare, setCompare] = useState<{ version: string; text: string } | null>(null);
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<CatalogEditor | undefined>(undefined);
  const fallback = useRef<HTMLTextAreaElement>(null);
  const problemsHeading = useRef<HTMLHeadingElement>(null);
  const latest = useRef({ text, activeText });
  latest.current = { text, activeText };
  /**
   * The text as it is now: the editor's own when it is up (the view's state may not have caught up
   * with the last keys yet), else the last rendered.
   */
  const currentText = () => editor.current?.text() ?? latest.current.text;
  /** Replaces the text from outside the editor (a load, a form, revert): the editor at once, then the view. */
  const replaceText = useCallback((next: string, undoable = true) => {
    editor.current?.setText(next, undoable);
    latest.current.text = next;
    setText(next);
  }, []);
  const schemaRef = useRef(schema);
  schemaRef.current = schema;

  const load = useCallback(
    async (keepEdits = false) => {
      try {
        const [body, listed] = await Promise.all([api("/v1/admin/catalog"), api("/v1/admin/catalog/versions")]);
        const loaded = JSON.stringify(body.catalog, null, 2);
        const current = currentText();
        const before = latest.current.activeText;
        setActive(body);
        setVersions(listed.versions ?? []);
        setActiveText(loaded);
        if (!keepEdits || current === before || current === "") replaceText(loaded, false);
      } catch (error) {
        setMessage((error as Error).message);
      }
    },
    [api, replaceText],
  );
  useEffect(() => void load(), [load]);
  useEffect(() => void loadSchema().then(setSchema), []);

  // The code editor: its own chunk, loaded once the view is up; the textarea stands in until then.
  useEffect(() => {
    let cancelled = false;
    import("./catalog-editor.ts").then(
      ({ createCatalogEditor }) => {
        if (cancelled || !host.current) return;
        editor.current = createCatalogEditor(host.current, {
          text: latest.current.text,
          onChange: setText,
          labelledBy: "catalog-json-label",
          describedBy: "catalog-json-help catalog-check",
          describe: (source, offset) => {
            const tree = tryParseTree(source);
            const path = tree && pathAt(tree, offset);
            const words = path && describeAt(schemaRef.current, path);
            return path && words?.description ? `${formatPath(path)}: ${words.description}${words.values ? ` (${words.values.join(", ")})` : ""}` : undefined;
          },
        });
        setEditorState("ready");
      },
      () => !cancelled && setEditorState("failed"),
    );
    return () => {
      cancelled = true;
      editor.current?.destroy();
      editor.current = undefined;
    };
  }, []);

  /** Shows the problems found in `text`: marked in the editor, listed below it. */
  const showProblems = useCallback((text: string, found: TextProblem[]) => {
    const located = locateProblems(text, found);
    setProblems(located);
    setChecked(true);
    editor.current?.setProblems(text, located.map((p) => ({ from: p.from, to: p.to, severity: "error", message: `${p.path}: ${p.message}` })));
  }, []);
  // Validation as one types (a quarter second after the last key).
  useEffect(() => {
    if (!text) return;
    const timer = setTimeout(() => showProblems(text, validateText(text).problems), 250);
    return () => clearTimeout(timer);
  }, [text, editorState, showProblems]);

  const parsed = useMemo(() => {
    try {
      return { catalog: JSON.parse(text) as Json };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }, [text]);
  const catalog = parsed.catalog && typeof parsed.catalog === "object" && !Array.isArray(parsed.catalog) ? parsed.catalog : undefined;

  // The selected entity: kept while it exists, else the first offer (or the first of anything).
  const entity = entityOf(selected);
  const selectedValue = catalog && entity ? valueAt(catalog, entity) : undefined;
  useEffect(() => {
    if (!catalog || (entity && selectedValue && typeof selectedValue === "object")) return;
    const first = KINDS.map((k) => k.kind).find((kind) => Array.isArray(catalog[kind]) && catalog[kind].length > 0);
    if (first) setSelected(formatPath([first, 0]));
  }, [catalog, selected]);

  const reveal = useCallback((from: number, to: number) => {
    if (editor.current) editor.current.reveal(from, to, true);
    else if (fallback.current) {
      fallback.current.focus();
      fallback.current.setSelectionRange(from, to);
    }
  }, []);
  const revealPath = useCallback(
    (path: Segment[]) => {
      const found = locate(currentText(), path);
      if (found) reveal(found.keyFrom ?? found.from, found.keyFrom ?? found.from);
    },
    [reveal],
  );
  const set = useCallback(
    (path: Segment[], value: unknown, prune?: boolean) => {
      let next = setAt(currentText(), path, value);
      if (prune && value === undefined) {
        for (let parent = path.slice(0, -1); parent.length > 1; parent = parent.slice(0, -1)) {
          const left = valueAt(tryParse(next), parent);
          if (left && typeof left === "object" && !Array.isArray(left) && Object.keys(left).length === 0) next = setAt(next, parent, undefined);
          else break;
        }
      }
      replaceText(next);
    },
    [replaceText],
  );
  const context: FormContext | undefined = catalog && { catalog, problems, schema, set, reveal: revealPath };

  const addEntity = (kind: EntityKind) => {
    if (!catalog) return;
    const index = Array.isArray(catalog[kind]) ? catalog[kind].length : 0;
    set([kind, index], newEntity(kind, catalog));
    setSelected(formatPath([kind, index]));
    setMessage(`Added a new ${KINDS.find((k) => k.kind === kind)!.one} to the JSON (not published yet).`);
  };
  const removeEntity = () => {
    if (!entity || !selectedValue) return;
    const one = KINDS.find((k) => k.kind === entity[0])!.one;
    if (!confirm(`Remove ${one} ${(selectedValue as Json).id ?? ""} from the catalog? (Nothing is published until you publish.)`)) return;
    set(entity, undefined);
    setSelected("");
    setMessage(`Removed ${one} ${(selectedValue as Json).id ?? ""} from the JSON (not published yet).`);
  };

  const check = async () => {
    const text = currentText();
    const result = validateText(text);
    showProblems(text, result.problems);
    setWarnings([]);
    setMessage(result.problems.length ? `${result.problems.length} error${result.problems.length > 1 ? "s" : ""}: see the list under the editor.` : "The catalog is valid.");
    if (!result.problems.length) {
      // Audiences are the edge's to know (its active snapshot): it names those the catalog misses.
      const answer = await api("/v1/admin/catalog/validate", { method: "POST", headers: { "content-type": "application/json" }, body: text }).catch(() => null);
      setWarnings(answer?.warnings ?? []);
    }
  };
  const publish = async () => {
    const text = currentText();
    const { catalog: valid, problems: found } = validateText(text);
    showProblems(text, found);
    if (found.length || !valid) {
      setMessage(`Not published: fix the ${found.length} error${found.length > 1 ? "s" : ""} below first.`);
      // Once the list has rendered: the focus goes to it, as to a form's error summary.
      setTimeout(() => problemsHeading.current?.focus(), 50);
      return;
    }
    if (text === activeText) {
      setMessage("Nothing to publish: the JSON is the active version.");
      return;
    }
    try {
      const body = await api("/v1/admin/catalog", { method: "PUT", headers: { "content-type": "application/json" }, body: text });
      setWarnings(body.warnings ?? []);
      setMessage(`Published version ${body.version}.`);
      setCompare(null);
      await load();
    } catch (error) {
      const e = error as ApiError;
      const refused = (e.body?.error?.errors ?? (e.body?.errors as Problem[]) ?? []) as Problem[];
      showProblems(text, refused);
      setMessage(`The edge refused it: ${e.message}`);
    }
  };
  const revert = () => {
    replaceText(activeText);
    setMessage("Reverted to the active version.");
  };
  const rollback = async (version: string) => {
    try {
      const body = await api(`/v1/admin/catalog/versions/${encodeURIComponent(version)}/activate`, { method: "POST" });
      setMessage(`Version ${body.version} is active again (previous: ${body.previous ?? "none"}).`);
      setCompare(null);
      await load(true);
    } catch (error) {
      setMessage(`Activation failed: ${(error as Error).message}`);
    }
  };
  const compareWith = async (version: string) => {
    try {
      const body = await api(`/v1/admin/catalog?version=${encodeURIComponent(version)}`);
      setCompare({ version, text: JSON.stringify(body.catalog, null, 2) });
    } catch (error) {
      setMessage(`Version ${version} could not be read: ${(error as Error).message}`);
    }
  };

  const settledText = useDebounced(text, 300);
  const dirty = text !== activeText;
  const summary = catalog ?? {};
  const kind = entity?.[0];
  const one = kind && KINDS.find((k) => k.kind === kind)!.one;
  const target = catalog && kind && selectedValue && typeof selectedValue === "object" ? previewTarget(catalog, kind, selectedValue as Json) : undefined;
  const syntax = !catalog && problems[0]?.offset !== undefined ? problems[0] : undefined;
  const entityProblems = entity ? problemsAt(problems, entity) : [];

  return (
    <section aria-labelledby="catalog-h" class="catalog-view">
      <h2 id="catalog-h">
        Catalog {active && <small>active version {active.version}</small>}
      </h2>
      <p id="catalog-status" role="status" class="cat-status">
        {message}
      </p>
      {warnings.length > 0 && (
        <div role="status" class="warnings">
          <h4>
            {warnings.length} warning{warnings.length > 1 ? "s" : ""}
          </h4>
          <ProblemList problems={warnings} />
        </div>
      )}
      <div class="cat-grid">
        <section aria-labelledby="cat-form-h" class="cat-pane">
          <h3 id="cat-form-h">Edit with a form</h3>
          {!catalog && (
            <p class="cat-notice">
              {text ? `The JSON does not parse${syntax ? ` (line ${syntax.line})` : ""}: fix it in the editor and the forms come back.` : "Loading the active catalog…"}
            </p>
          )}
          {catalog && (
            <>
              <div class="cat-pick">
                <div class="cat-field">
                  <label for="cat-entity">Offer, placement, journey or campaign</label>
                  <select id="cat-entity" value={selected} onChange={(e) => setSelected(e.currentTarget.value)}>
                    {KINDS.map(({ kind: k, title }) =>
                      Array.isArray(catalog[k]) && catalog[k].length > 0 ? (
                        <optgroup label={title}>
                          {(catalog[k] as Json[]).map((item, i) => (
                            <option value={formatPath([k, i])}>
                              {String(item?.id ?? `#${i + 1}`)}
                              {item?.name ? ` — ${item.name}` : ""}
                            </option>
                          ))}
                        </optgroup>
                      ) : null,
                    )}
                  </select>
                </div>
                {entity && selectedValue !== undefined && (
                  <div class="row">
                    <button type="button" class="secondary" onClick={() => revealPath(entity)}>
                      Show in JSON
                    </button>
                    <button type="button" class="secondary" onClick={removeEntity}>
                      Remove this {one}
                    </button>
                  </div>
                )}
              </div>
              <div class="row cat-new" role="group" aria-label="Add to the catalog">
                {KINDS.map(({ kind: k, one: o }) => (
                  <button type="button" class="secondary" onClick={() => addEntity(k)}>
                    New {o}
                  </button>
                ))}
              </div>
              {context && entity && selectedValue && typeof selectedValue === "object" && (
                <div class="cat-entity" aria-label={`${one} ${(selectedValue as Json).id ?? ""}`} role="group" aria-describedby={entityProblems.length ? "cat-entity-problems" : undefined}>
                  {entityProblems.length > 0 && (
                    <div id="cat-entity-problems" class="cat-entity-problems">
                      <p>
                        {entityProblems.length} error{entityProblems.length > 1 ? "s" : ""} in this {one}:
                      </p>
                      <ProblemList problems={entityProblems} />
                    </div>
                  )}
                  {kind === "offers" && <OfferForm ctx={context} path={entity} />}
                  {kind === "placements" && <PlacementForm ctx={context} path={entity} />}
                  {kind === "journeys" && <JourneyForm ctx={context} path={entity} />}
                  {kind === "campaigns" && <CampaignForm ctx={context} path={entity} />}
                </div>
              )}
            </>
          )}
        </section>
        <section aria-labelledby="catalog-json-label" class="cat-pane">
          <h3 id="catalog-json-label">Catalog JSON</h3>
          <p id="catalog-json-help" class="hint">
            Checked as you type with the engine's rules (those of <a href="/v1/catalog.schema.json">the catalog schema</a>, and the references between ids). Tab leaves the editor (so do Escape then Tab); Ctrl+] and Ctrl+[ indent; F8 goes to the next problem.
          </p>
          <div ref={host} class="cat-editor-host" />
          {editorState !== "ready" && (
            <>
              {editorState === "failed" && <p class="cat-notice">The code editor did not load: a plain text box stands in.</p>}
              <textarea ref={fallback} id="catalog-json" aria-labelledby="catalog-json-label" aria-describedby="catalog-json-help catalog-check" spellcheck={false} rows={24} value={text} onInput={(e) => setText(e.currentTarget.value)} />
            </>
          )}
          <p id="catalog-check" role="status" class={problems.length ? "error" : "cat-ok"}>
            {!checked ? "" : problems.length ? `${problems.length} error${problems.length > 1 ? "s" : ""}` : "No errors."}
          </p>
          {problems.length > 0 && (
            <div class="problems cat-problems">
              <h4 ref={problemsHeading} tabIndex={-1}>
                {problems.length} error{problems.length > 1 ? "s" : ""} — select a path to go to it
              </h4>
              <ul>
                {problems.map((p) => (
                  <li>
                    <button type="button" class="cat-path" onClick={() => reveal(p.from, p.to)}>
                      {p.path}
                    </button>{" "}
                    <span class="hint">line {p.line}</span> {p.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </section>
      </div>
      <section aria-labelledby="cat-preview-h" class="cat-section">
        <h3 id="cat-preview-h">Preview</h3>
        {target?.note && <p class="hint">{target.note}</p>}
        {catalog && target?.offer ? <OfferPreview catalog={catalog} offer={target.offer} prefer={target.placement} /> : !target?.note && <p class="hint">Choose an offer above to preview it.</p>}
      </section>
      <section aria-labelledby="cat-publish-h" class="cat-section">
        <h3 id="cat-publish-h">Review and publish</h3>
        {active && <DiffView id="cat-diff" before={activeText} after={settledText} caption={`Changes against the active version ${active.version}`} />}
        <div class="row cat-actions">
          <button type="button" class="secondary" onClick={check}>
            Validate
          </button>
          <button type="button" onClick={publish}>
            Publish
          </button>
          <button type="button" class="secondary" onClick={revert} disabled={!dirty}>
            Revert
          </button>
        </div>
      </section>
      <section aria-labelledby="cat-versions-h" class="cat-section">
        <h3 id="cat-versions-h">Versions</h3>
        <Scroll labelledBy="cat-versions-caption">
          <table>
            <caption id="cat-versions-caption">Catalog versions (newest first)</caption>
            <thead>
              <tr>
                <th scope="col">version</th>
                <th scope="col">published</th>
                <th scope="col">offers</th>
                <th scope="col">placements</th>
                <th scope="col">action</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr>
                  <th scope="row">{v.version}</th>
                  <td>{v.publishedAt}</td>
                  <td>{v.offers}</td>
                  <td>{v.placements}</td>
                  <td class="cat-version-actions">
                    {v.version === active?.version ? (
                      "active"
                    ) : (
                      <>
                        <button type="button" class="secondary" onClick={() => compareWith(v.version)}>
                          Compare {v.version}
                        </button>
                        <button type="button" class="secondary" onClick={() => rollback(v.version)}>
                          Activate {v.version}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
        {compare && active && (
          <div class="cat-compare">
            <DiffView before={activeText} after={compare.text} caption={`What activating version ${compare.version} would change (against the active version ${active.version})`} />
            <button type="button" class="secondary" onClick={() => setCompare(null)}>
              Close the comparison
            </button>
          </div>
        )}
      </section>
      <details class="cat-section">
        <summary>Summary tables of the catalog being edited</summary>
        <div class="lists">
          {[
            <Table caption="Offers" columns={["id", "name", "placements", "priority"]} rows={(Array.isArray(summary.offers) ? summary.offers : []).map((o: Json) => [o?.id, o?.name ?? "", (Array.isArray(o?.placements) ? o.placements : []).join(", "), o?.priority ?? 0])} />,
            <Table caption="Placements" columns={["id", "surface", "format"]} rows={(Array.isArray(summary.placements) ? summary.placements : []).map((p: Json) => [p?.id, p?.surface ?? "", p?.format])} />,
            <Table caption="Journeys" columns={["id", "trigger", "steps"]} rows={(Array.isArray(summary.journeys) ? summary.journeys : []).map((j: Json) => [j?.id, j?.trigger?.event ?? "", Array.isArray(j?.steps) ? j.steps.length : 0])} />,
            <Table caption="Campaigns" columns={["id", "audience", "offer", "window"]} rows={(Array.isArray(summary.campaigns) ? summary.campaigns : []).map((c: Json) => [c?.id, c?.audience, c?.offer ?? "", `${c?.schedule?.start ?? ""} → ${c?.schedule?.end ?? ""}`])} />,
            <Table caption="Real-time audiences" columns={["id", "name"]} rows={(Array.isArray(summary.audiences) ? summary.audiences : []).map((a: Json) => [a?.id, a?.name ?? ""])} />,
          ]}
        </div>
      </details>
    </section>
  );
}
