import type { Lifecycle } from "@edgewise/sdk-core";

/**
 * Page lifecycle: hidden is `visibilitychange` to hidden or `pagehide` (the last reliable moment on
 * mobile browsers); resumed is visible again or back `online`.
 *
 * @example browserLifecycle().onHide(() => console.log("flush now"));
 */
export function browserLifecycle(): Lifecycle {
  const listen = (hidden: boolean, other: string, fn: () => void) => {
    const handler = (event: Event) => {
      if (event.type === other || (document.visibilityState === "hidden") === hidden) fn();
    };
    document.addEventListener("visibilitychange", handler);
    addEventListener(other, handler);
    return () => {
      document.removeEventListener("visibilitychange", handler);
      removeEventListener(other, handler);
    };
  };
  return {
    onHide: (fn) => listen(true, "pagehide", fn),
    onResume: (fn) => listen(false, "online", fn),
  };
}

/** The evaluation context of a web page. */
export function pageContext(): Record<string, unknown> {
  return {
    channel: "web",
    url: location.href,
    path: location.pathname,
    referrer: document.referrer,
    locale: navigator.language,
    userAgent: navigator.userAgent,
  };
}
