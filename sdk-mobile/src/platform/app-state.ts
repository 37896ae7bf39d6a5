/**
 * The lifecycle port: React Native's `AppState` as is (`import { AppState } from "react-native"`).
 *
 * `currentState` is `"active"` in the foreground and `"background"` in the background; other
 * values (`"inactive"` while iOS shows the app switcher or a system sheet, `"unknown"`) are neither
 * and change nothing. `addEventListener("change", fn)` calls `fn` with each new state and returns a
 * subscription whose `remove()` stops it.
 */
export interface AppStateLike {
  readonly currentState: string | null | undefined;
  addEventListener(type: "change", listener: (state: string) => void): { remove(): void };
}

/**
 * The connectivity port (optional): the shape of `@react-native-community/netinfo`'s default export.
 * `addEventListener` calls the listener with the current state at once and on every change, and
 * returns the unsubscribe function. `isConnected` is `null` while unknown.
 */
export interface ConnectivityLike {
  addEventListener(listener: (state: { isConnected: boolean | null }) => void): () => void;
}

export interface AppWatchers {
  /** The app moved from the background to the foreground. */
  foreground(): void;
  /** The app moved to the background. */
  background(): void;
  /** The network came back after being offline. */
  online(): void;
}

/**
 * Turns AppState changes into foreground and background transitions (each reported once, however
 * many `inactive` states come between) and NetInfo changes into "back online".
 *
 * @example const stop = watchApp(AppState, NetInfo, { foreground, background, online });
 */
export function watchApp(appState: AppStateLike | undefined, connectivity: ConnectivityLike | undefined, on: AppWatchers): { inBackground(): boolean; stop(): void } {
  let background = appState?.currentState === "background";
  const subscription = appState?.addEventListener("change", (state) => {
    if (state === "background" && !background) {
      background = true;
      on.background();
    } else if (state === "active" && background) {
      background = false;
      on.foreground();
    }
  });
  let connected: boolean | null = null;
  const unsubscribe = connectivity?.addEventListener(({ isConnected }) => {
    if (isConnected === true && connected === false) on.online();
    if (isConnected !== null) connected = isConnected;
  });
  return {
    inBackground: () => background,
    stop() {
      subscription?.remove();
      unsubscribe?.();
    },
  };
}
