// A readable line diff: changed lines with three lines of context, old and new line numbers, and
// "added" / "removed" said in words as well as colours and signs.
import { useMemo, useState } from "preact/hooks";
import { diffLines, diffStats, hunks } from "./catalog-diff.ts";
import { Scroll } from "./table.tsx";

let count = 0;

export function DiffView({ before, after, caption, id }: { before: string; after: string; caption: string; id?: string }) {
  const [captionId] = useState(() => `cat-diff-caption-${++count}`);
  const { groups, stats } = useMemo(() => {
    const lines = diffLines(before, after);
    return { groups: hunks(lines, 3), stats: diffStats(lines) };
  }, [before, after]);
  if (groups.length === 0)
    return (
      <p id={id} class="cat-diff-none">
        {caption}: no changes.
      </p>
    );
  return (
    <Scroll labelledBy={captionId}>
      <table id={id} class="cat-diff">
        <caption id={captionId}>
          {caption}: {stats.added} line{stats.added === 1 ? "" : "s"} added, {stats.removed} removed
        </caption>
        <thead>
          <tr>
            <th scope="col" class="ln">old</th>
            <th scope="col" class="ln">new</th>
            <th scope="col">line</th>
          </tr>
        </thead>
        {groups.map((group) => (
          <tbody>
            {group.skipped > 0 && (
              <tr class="cat-diff-skip">
                <td colSpan={3}>… {group.skipped} unchanged line{group.skipped === 1 ? "" : "s"}</td>
              </tr>
            )}
            {group.lines.map((line) => (
              <tr class={`cat-diff-${line.type}`}>
                <td class="ln">{line.oldLine ?? ""}</td>
                <td class="ln">{line.newLine ?? ""}</td>
                <td class="code">
                  <span class="sign" aria-hidden="true">
                    {line.type === "add" ? "+" : line.type === "del" ? "−" : " "}
                  </span>
                  {line.type !== "same" && <span class="cat-sr-only">{line.type === "add" ? "added: " : "removed: "}</span>}
                  <code>{line.text}</code>
                </td>
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </Scroll>
  );
}
