// An accessible data table with a caption, shared by the views. A table wider than the screen
// scrolls sideways inside its own container (the page itself never does); while it scrolls, the
// container is a named region in the tab order, so keyboard users can scroll it too.
import type { ComponentChildren } from "preact";
import { useEffect, useId, useRef, useState } from "preact/hooks";

/** A container that scrolls its content sideways when it is wider than the container. */
export function Scroll({ labelledBy, label, children }: { labelledBy?: string; label?: string; children: ComponentChildren }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    let frame = 0;
    const check = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setScrolls(element.scrollWidth > element.clientWidth + 1));
    };
    check();
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(check);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, []);
  const region = scrolls ? { tabIndex: 0, role: "region" as const, "aria-labelledby": labelledBy, "aria-label": labelledBy ? undefined : label } : {};
  return (
    <div ref={ref} class="table-scroll" {...region}>
      {children}
    </div>
  );
}

export type Cell = ComponentChildren;

export function Table({ caption, columns, rows, empty = "None" }: { caption: string; columns: string[]; rows: Cell[][]; empty?: string }) {
  const id = `table-${useId()}`;
  return (
    <Scroll labelledBy={id}>
      <table>
        <caption id={id}>{caption}</caption>
        <thead>
          <tr>{columns.map((c) => <th scope="col">{c}</th>)}</tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={columns.length}>{empty}</td>
            </tr>
          )}
          {rows.map((r) => (
            <tr>{r.map((cell, i) => (i === 0 ? <th scope="row">{cell}</th> : <td>{cell}</td>))}</tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}
