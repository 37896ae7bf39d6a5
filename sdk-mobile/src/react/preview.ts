/**
 * `<EdgewisePreview/>`: the preview overlay of an app opened from a preview link (issue #21, "QA"),
 * drawn with React Native's own views from the report the web SDK's overlay draws too
 * (`watchPreview` of `@edgewise/sdk-core`). Written with `createElement` (no JSX).
 */
import { createElement, useEffect, useState } from "react";
import { Pressable, ScrollView, Text, useColorScheme, View } from "react-native";
import type { PreviewReport } from "@edgewise/sdk-core";
import { useEdgewise } from "./bindings.ts";
import { previewWatch } from "./preview-host.ts";

export interface EdgewisePreviewProps {
  /** Called after "Exit preview" ended the preview (`client.preview(null)`), e.g. to leave a QA screen. */
  onExit?(): void;
  /** Where the panel sits; default: 12 points from the sides, 24 from the bottom. Add the safe-area insets (`react-native-safe-area-context`) to keep it off the home indicator. */
  style?: object;
}

const PURPLE = "#7a1d6a";
const COLOURS = {
  light: { background: "#ffffff", text: "#111111", problem: "#b3261e" },
  dark: { background: "#202124", text: "#eeeeee", problem: "#f2b8b5" },
};

/**
 * Shows, while the app previews (a preview link, see `watchPreviewLinks`), a panel that says what
 * the link forces and until when, and for each placement decided what showed and why each other
 * offer did not; "Hide details" folds it, "Exit preview" ends the preview. Renders nothing
 * otherwise, so it can stay mounted in production builds. Mount it once, near the root, inside
 * `<EdgewiseProvider>`, after the app's screens (it draws above them).
 *
 * @example
 * <EdgewiseProvider client={edgewise}><App /><EdgewisePreview style={{ bottom: insets.bottom + 12 }} /></EdgewiseProvider>
 */
export function EdgewisePreview({ onExit, style }: EdgewisePreviewProps) {
  const client = useEdgewise();
  const watch = previewWatch(client);
  const [report, setReport] = useState<PreviewReport | undefined>(() => (watch.active() ? watch.report() : undefined));
  const [open, setOpen] = useState(true);
  const colours = COLOURS[useColorScheme() === "dark" ? "dark" : "light"];
  useEffect(() => {
    const update = () => setReport(watch.active() ? watch.report() : undefined);
    update();
    return watch.subscribe(update);
  }, [watch]);
  if (!report) return null;

  const text = (value: string, extra: object = {}) => createElement(Text, { style: { color: colours.text, fontSize: 14, lineHeight: 20 }, ...extra }, value);
  const button = (label: string, onPress: () => void, primary: boolean, extra: object = {}) =>
    createElement(
      Pressable,
      {
        accessibilityRole: "button",
        onPress,
        style: { minHeight: 44, justifyContent: "center", paddingHorizontal: 14, marginRight: 8, borderRadius: 8, borderWidth: 2, borderColor: PURPLE, backgroundColor: primary ? PURPLE : "transparent" },
        ...extra,
      },
      createElement(Text, { style: { color: primary ? "#ffffff" : colours.text, fontSize: 14, fontWeight: "600" } }, label),
    );

  return createElement(
    View,
    {
      accessibilityLabel: "Edgewise preview",
      style: [
        { position: "absolute", left: 12, right: 12, bottom: 24, maxHeight: "60%", padding: 12, borderRadius: 10, borderWidth: 2, borderColor: PURPLE, backgroundColor: colours.background, elevation: 8, shadowColor: "#000", shadowOpacity: 0.3, shadowRadius: 12 },
        style,
      ],
    },
    text("Edgewise preview", { accessibilityRole: "header", style: { color: colours.text, fontSize: 15, fontWeight: "700", marginBottom: 4 } }),
    text(report.status, { accessibilityLiveRegion: "polite", style: { color: report.ok ? colours.text : colours.problem, fontSize: 14, lineHeight: 20 } }),
    open &&
      createElement(
        ScrollView,
        // RN does not shrink by default: the list scrolls inside the panel's maxHeight.
        { style: { marginVertical: 6, flexShrink: 1 } },
        ...report.placements.map(({ title, reasons }) =>
          createElement(View, { key: title }, text(title, { style: { color: colours.text, fontSize: 14, fontWeight: "700", marginTop: 4 } }), ...reasons.map((reason, i) => text(`• ${reason}`, { key: i }))),
        ),
      ),
    createElement(
      View,
      { style: { flexDirection: "row", marginTop: 6 } },
      button(
        "Exit preview",
        () => {
          client.preview(null);
          onExit?.();
        },
        true,
      ),
      button(open ? "Hide details" : "Show details", () => setOpen(!open), false, { accessibilityState: { expanded: open } }),
    ),
  );
}
