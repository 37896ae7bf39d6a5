// Test stand-in for react-native's AppState and Platform (see package.json). Tests drive it with
// `AppState.emit(state)`; it behaves as React Native documents: `currentState` changes before the
// "change" listeners run, and `addEventListener` returns a subscription with `remove()`.
const listeners = new Set();

export const AppState = {
  currentState: "active",
  addEventListener(type, listener) {
    if (type !== "change") return { remove() {} };
    const entry = { listener };
    listeners.add(entry);
    return { remove: () => listeners.delete(entry) };
  },
  /** Test only: moves the app to `state` and notifies the listeners. */
  emit(state) {
    AppState.currentState = state;
    for (const { listener } of [...listeners]) listener(state);
  },
  /** Test only: how many listeners are subscribed. */
  listenerCount: () => listeners.size,
};

export const Platform = { OS: "ios", Version: "18.0" };

/** React Native's `Modal`, as a host element the React test renderer shows with its props. */
export const Modal = "Modal";

/** React Native's views, as host elements the React test renderer shows with their props. */
export const View = "View";
export const Text = "Text";
export const Pressable = "Pressable";
export const ScrollView = "ScrollView";

let scheme = "light";
/** React Native's `useColorScheme` (not a hook here: it reads the stand-in's scheme). */
export const useColorScheme = () => scheme;
/** Test only: the colour scheme `useColorScheme` answers. */
export const setColorScheme = (next) => void (scheme = next);
