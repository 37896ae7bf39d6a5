// The catalog's code editor: CodeMirror 6 with JSON highlighting, line numbers, lint marks in the
// text and the gutter (the engine's errors, located by the view), the schema's description on
// hover. Loaded on first need with a dynamic import (its own chunk, about 117 KB min+gzip), so the
// console's first load does not carry it. Tab is not bound: it leaves the editor, as does Escape
// then Tab (CodeMirror's convention); indent with Ctrl+] and Ctrl+[.
import { EditorView, minimalSetup } from "codemirror";
import { EditorState, Transaction } from "@codemirror/state";
import { highlightActiveLine, highlightActiveLineGutter, hoverTooltip, keymap, lineNumbers } from "@codemirror/view";
import { json } from "@codemirror/lang-json";
import { lintGutter, lintKeymap, setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { textChange } from "./catalog-json.ts";

export interface EditorProblem {
  from: number;
  to: number;
  severity: "error" | "warning";
  message: string;
}

export interface CatalogEditor {
  /**
   * Replaces the text (the smallest change, so the cursor stays) unless it is the same; `undoable`
   * false keeps it out of the undo history (a load: undo never empties the editor).
   */
  setText(text: string, undoable?: boolean): void;
  /** Marks problems found in `text`; ignored if the text has changed since. */
  setProblems(text: string, problems: EditorProblem[]): void;
  /** Selects a range, scrolls it to the middle and, with `focus`, puts the focus there. */
  reveal(from: number, to: number, focus?: boolean): void;
  text(): string;
  destroy(): void;
}

export interface EditorOptions {
  text: string;
  onChange(text: string): void;
  /** Ids of the visible label and of the help text. */
  labelledBy: string;
  describedBy: string;
  /** The words for the value at a position (the schema's description), for the hover tooltip. */
  describe?(text: string, offset: number): string | undefined;
}

const theme = EditorView.theme({
  "&": { height: "min(70vh, 640px)", minHeight: "280px", fontSize: "0.85rem", background: "#fff", border: "1px solid #6b7380", borderRadius: "6px" },
  "&.cm-focused": { outline: "3px solid #e8a400", outlineOffset: "2px" },
  ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace", overflow: "auto" },
  ".cm-gutters": { background: "#f1f3f5", color: "#4a5360", borderRight: "1px solid #d0d4da" },
  ".cm-activeLine": { background: "#eef5ff" },
  ".cm-activeLineGutter": { background: "#dbe9fb", color: "#1b1f24" },
  ".cm-tooltip.cm-catalog-hover": { maxWidth: "min(420px, 80vw)", padding: "6px 10px", background: "#fff", color: "#1b1f24", border: "1px solid #6b7380", borderRadius: "6px", fontFamily: "system-ui, sans-serif" },
  ".cm-tooltip-lint": { maxWidth: "min(520px, 85vw)" },
  ".cm-diagnosticText": { whiteSpace: "pre-wrap", overflowWrap: "anywhere" },
});

export function createCatalogEditor(parent: HTMLElement, options: EditorOptions): CatalogEditor {
  let external = false;
  const hover = hoverTooltip((view, pos) => {
    const words = options.describe?.(view.state.doc.toString(), pos);
    if (!words) return null;
    return {
      pos,
      create() {
        const dom = document.createElement("div");
        dom.className = "cm-catalog-hover";
        dom.textContent = words;
        return { dom };
      },
    };
  });
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.text,
      extensions: [
        minimalSetup,
        lineNumbers(),
        highlightActiveLine(),
        highlightActiveLineGutter(),
        EditorView.lineWrapping,
        json(),
        lintGutter(),
        keymap.of(lintKeymap),
        hover,
        theme,
        // tabindex: the text is focusable anyway (contenteditable); said outright, checkers (axe's
        // scrollable-region-focusable) see that the editor's scroller holds a focusable element.
        EditorView.contentAttributes.of({ tabindex: "0", "aria-labelledby": options.labelledBy, "aria-describedby": options.describedBy, spellcheck: "false", autocapitalize: "off", autocorrect: "off" }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !external) options.onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  view.dom.classList.add("catalog-editor");

  return {
    setText(text, undoable = true) {
      const edit = textChange(view.state.doc.toString(), text);
      if (!edit) return;
      external = true;
      try {
        view.dispatch({ changes: edit, annotations: undoable ? [] : [Transaction.addToHistory.of(false)] });
      } finally {
        external = false;
      }
    },
    setProblems(text, problems) {
      if (view.state.doc.toString() !== text) return;
      const length = view.state.doc.length;
      const diagnostics: Diagnostic[] = problems.map((p) => ({
        from: Math.min(p.from, length),
        to: Math.min(Math.max(p.to, p.from), length),
        severity: p.severity,
        message: p.message,
      }));
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    reveal(from, to, focus = true) {
      const length = view.state.doc.length;
      view.dispatch({ selection: { anchor: Math.min(from, length), head: Math.min(to, length) }, effects: EditorView.scrollIntoView(Math.min(from, length), { y: "center" }) });
      if (focus) view.focus();
    },
    text: () => view.state.doc.toString(),
    destroy: () => view.destroy(),
  };
}
