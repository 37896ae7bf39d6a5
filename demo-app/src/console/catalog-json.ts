// JSON text with positions, for the catalog editor: the engine's error paths (`$.offers[3].eligibilty`,
// `$.ranking["home hero"]`) located in the text the operator edits, the path at a cursor position,
// and edits of one value (the forms) that leave the rest of the text, its layout included, as it was.

/** One step of a JSON path: an object key or an array index. */
export type Segment = string | number;

/** A parsed JSON value with where it is in the text (`from` inclusive, `to` exclusive). */
export interface JsonNode {
  kind: "object" | "array" | "string" | "number" | "literal";
  from: number;
  to: number;
  /** Object members, in text order (a repeated key appears twice; the last one wins, as for JSON.parse). */
  members?: JsonMember[];
  /** Array items. */
  items?: JsonNode[];
}

export interface JsonMember {
  key: string;
  keyFrom: number;
  keyTo: number;
  value: JsonNode;
}

/** Where the JSON text stops being JSON. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Parses JSON text into nodes with their offsets; throws `JsonSyntaxError` at the first problem. */
export function parseTree(text: string): JsonNode {
  let i = 0;
  const fail = (what: string): never => {
    throw new JsonSyntaxError(i >= text.length ? `unexpected end of the text (${what})` : `unexpected ${JSON.stringify(text[i])} (${what})`, Math.min(i, text.length));
  };
  const space = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\n" || text[i] === "\r" || text[i] === "\t")) i++;
  };
  const string = (): [string, number, number] => {
    const from = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\") i++;
      else if (text.charCodeAt(i) < 0x20) fail("a control character in a string");
      i++;
    }
    if (i >= text.length) fail('a string without its closing "');
    i++;
    try {
      return [JSON.parse(text.slice(from, i)) as string, from, i];
    } catch {
      i = from;
      return fail("an invalid escape in a string");
    }
  };
  const value = (depth: number): JsonNode => {
    if (depth > 512) fail("nested too deeply");
    space();
    const from = i;
    const c = text[i];
    if (c === "{") {
      i++;
      const members: JsonMember[] = [];
      space();
      if (text[i] === "}") return { kind: "object", from, to: ++i, members };
      for (;;) {
        space();
        if (text[i] !== '"') fail("a key in double quotes");
        const [key, keyFrom, keyTo] = string();
        space();
        if (text[i] !== ":") fail('":" after a key');
        i++;
        members.push({ key, keyFrom, keyTo, value: value(depth + 1) });
        space();
        if (text[i] === ",") i++;
        else if (text[i] === "}") return { kind: "object", from, to: ++i, members };
        else fail('"," or "}" after a value');
      }
    }
    if (c === "[") {
      i++;
      const items: JsonNode[] = [];
      space();
      if (text[i] === "]") return { kind: "array", from, to: ++i, items };
      for (;;) {
        items.push(value(depth + 1));
        space();
        if (text[i] === ",") i++;
        else if (text[i] === "]") return { kind: "array", from, to: ++i, items };
        else fail('"," or "]" after a value');
      }
    }
    if (c === '"') {
      string();
      return { kind: "string", from, to: i };
    }
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (number) {
      i += number[0].length;
      return { kind: "number", from, to: i };
    }
    for (const literal of ["true", "false", "null"]) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return { kind: "literal", from, to: i };
      }
    }
    return fail("a value");
  };
  const root = value(0);
  space();
  if (i < text.length) fail("the end of the text after the value");
  return root;
}

/** Parses JSON text, or undefined when it is not JSON. */
export function tryParseTree(text: string): JsonNode | undefined {
  try {
    return parseTree(text);
  } catch {
    return undefined;
  }
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/**
 * Reads a path as the engine writes it: `$`, then `.key` (letters, digits, `_`, `$`, `-`), `[3]`
 * or `["any key"]`. Returns undefined for anything else.
 *
 * @example parsePath('$.offers[3].ranking["home hero"]') // ["offers", 3, "ranking", "home hero"]
 */
export function parsePath(path: string): Segment[] | undefined {
  if (!path.startsWith("$")) return undefined;
  const segments: Segment[] = [];
  let i = 1;
  while (i < path.length) {
    if (path[i] === ".") {
      const match = /^[A-Za-z_$][\w$-]*/.exec(path.slice(i + 1));
      if (!match) return undefined;
      segments.push(match[0]);
      i += 1 + match[0].length;
    } else if (path[i] === "[") {
      const index = /^\[(\d+)\]/.exec(path.slice(i));
      if (index) {
        segments.push(Number(index[1]));
        i += index[0].length;
        continue;
      }
      const quoted = /^\["(?:[^"\\]|\\.)*"\]/.exec(path.slice(i));
      if (!quoted) return undefined;
      try {
        segments.push(JSON.parse(quoted[0].slice(1, -1)) as string);
      } catch {
        return undefined;
      }
      i += quoted[0].length;
    } else return undefined;
  }
  return segments;
}

/** Writes segments as a path, the way the engine does (`at` in decision-engine's paths.ts). */
export function formatPath(segments: readonly Segment[]): string {
  return segments.reduce<string>((path, s) => (typeof s === "number" ? `${path}[${s}]` : IDENTIFIER.test(s) ? `${path}.${s}` : `${path}[${JSON.stringify(s)}]`), "$");
}

/** Where a path is in the text. */
export interface Location {
  /** The value's range. */
  from: number;
  to: number;
  /** The key's range, when the last segment found is an object key. */
  keyFrom?: number;
  keyTo?: number;
  /** False when only a leading part of the path exists (say, a missing required field): the range is that part's. */
  exact: boolean;
  /** The segments that were found. */
  found: Segment[];
}

/** The member of `node` for `key` (the last one, as JSON.parse keeps the last). */
function member(node: JsonNode, key: string): JsonMember | undefined {
  const members = node.members ?? [];
  for (let m = members.length - 1; m >= 0; m--) if (members[m]!.key === key) return members[m];
  return undefined;
}

/**
 * Finds a path (a string as the engine writes it, or segments) in JSON text or a parsed tree: the
 * deepest part of it that exists. Undefined when the text is not JSON or the path unreadable.
 *
 * @example locate('{"offers":[{"id":"a","eligibilty":1}]}', "$.offers[0].eligibilty") // { keyFrom: 22, from: 35, exact: true, … }
 */
export function locate(source: string | JsonNode, path: string | readonly Segment[]): Location | undefined {
  const tree = typeof source === "string" ? tryParseTree(source) : source;
  const segments = typeof path === "string" ? parsePath(path) : path;
  if (!tree || !segments) return undefined;
  let node = tree;
  let location: Location = { from: tree.from, to: tree.to, exact: true, found: [] };
  for (const segment of segments) {
    if (typeof segment === "number" && node.kind === "array" && segment < node.items!.length) {
      node = node.items![segment]!;
      location = { from: node.from, to: node.to, exact: true, found: [...location.found, segment] };
    } else if (typeof segment === "string" && node.kind === "object" && member(node, segment)) {
      const found = member(node, segment)!;
      node = found.value;
      location = { from: node.from, to: node.to, keyFrom: found.keyFrom, keyTo: found.keyTo, exact: true, found: [...location.found, segment] };
    } else return { ...location, exact: false };
  }
  return location;
}

/** The path of the innermost value (or key) at `offset`. */
export function pathAt(tree: JsonNode, offset: number): Segment[] {
  const path: Segment[] = [];
  let node = tree;
  for (;;) {
    if (node.kind === "object") {
      const found = node.members!.find((m) => offset >= m.keyFrom && offset <= m.value.to);
      if (!found) return path;
      path.push(found.key);
      node = found.value;
    } else if (node.kind === "array") {
      const index = node.items!.findIndex((item) => offset >= item.from && offset <= item.to);
      if (index < 0) return path;
      path.push(index);
      node = node.items![index]!;
    } else return path;
  }
}

/** The 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** The whitespace that starts the line holding `offset`. */
function indentAt(text: string, offset: number): string {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/** A value as JSON, two spaces per level, its lines after the first indented by `indent`. */
function serialize(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
}

/** The child nodes of an object or array, with the key start of each (its own start in an array). */
function children(node: JsonNode): { start: number; end: number }[] {
  return node.kind === "object" ? node.members!.map((m) => ({ start: m.keyFrom, end: m.value.to })) : node.items!.map((n) => ({ start: n.from, end: n.to }));
}

/**
 * Sets (or, with `undefined`, removes) the value at `path` and returns the new text: only that
 * value's text changes, the rest keeps its layout. A missing key is added at the end of its object
 * (missing parents are created), an index equal to the array's length appends. Text that is not
 * JSON, or a path through a value of another kind, is returned unchanged.
 *
 * @example setAt('{\n  "a": 1\n}', ["b"], "x") // '{\n  "a": 1,\n  "b": "x"\n}'
 */
export function setAt(text: string, path: readonly Segment[], value: unknown): string {
  const tree = tryParseTree(text);
  if (!tree) return text;
  if (path.length === 0) return value === undefined ? text : JSON.stringify(value, null, 2);
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1]!;
  const parentAt = locate(tree, parentPath);
  if (!parentAt?.exact) {
    if (value === undefined) return text;
    return setAt(text, parentPath, typeof last === "number" ? [value] : { [last]: value });
  }
  const parent = nodeAt(tree, parentPath)!;
  const list = parent.kind === "object" || parent.kind === "array" ? children(parent) : undefined;
  if (!list) return text;
  const index = parent.kind === "object" ? (typeof last === "string" ? parent.members!.map((m) => m.key).lastIndexOf(last) : -2) : typeof last === "number" ? (last < list.length ? last : last === list.length ? -1 : -2) : -2;
  if (index === -2) return text;
  if (index >= 0) {
    const target = parent.kind === "object" ? parent.members![index]!.value : parent.items![index]!;
    if (value !== undefined) return text.slice(0, target.from) + serialize(value, indentAt(text, list[index]!.start)) + text.slice(target.to);
    // Removing: the entry and one comma next to it.
    if (list.length === 1) return text.slice(0, parent.from + 1) + text.slice(parent.to - 1);
    if (index > 0) return text.slice(0, list[index - 1]!.end) + text.slice(list[index]!.end);
    return text.slice(0, list[0]!.start) + text.slice(list[1]!.start);
  }
  if (value === undefined) return text;
  const entry = (indent: string) => (parent.kind === "object" ? `${JSON.stringify(last)}: ` : "") + serialize(value, indent);
  if (list.length === 0) {
    const outer = indentAt(text, parent.from);
    const inner = `${outer}  `;
    return `${text.slice(0, parent.from + 1)}\n${inner}${entry(inner)}\n${outer}${text.slice(parent.to - 1)}`;
  }
  const lastEntry = list[list.length - 1]!;
  const multiline = text.slice(parent.from, list[0]!.start).includes("\n");
  const indent = multiline ? indentAt(text, list[0]!.start) : indentAt(text, parent.from);
  const separator = multiline ? `,\n${indent}` : ", ";
  return text.slice(0, lastEntry.end) + separator + entry(indent) + text.slice(lastEntry.end);
}

/** The node at an existing path. */
function nodeAt(tree: JsonNode, path: readonly Segment[]): JsonNode | undefined {
  let node: JsonNode | undefined = tree;
  for (const segment of path) {
    if (!node) return undefined;
    node = typeof segment === "number" ? node.items?.[segment] : node.kind === "object" ? member(node, segment)?.value : undefined;
  }
  return node;
}

/** The value at a path of parsed JSON. */
export function valueAt(value: unknown, path: readonly Segment[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[segment as string];
  }
  return current;
}

/**
 * The smallest change that turns `before` into `after` (common start and end kept): what an editor
 * applies so that the cursor and the scroll position outside the change stay where they were.
 */
export function textChange(before: string, after: string): { from: number; to: number; insert: string } | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { from: start, to: before.length - end, insert: after.slice(start, after.length - end) };
}
