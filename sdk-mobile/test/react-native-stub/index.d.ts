// The part of react-native's types that @edgewise/sdk-mobile/react-native uses, plus the stand-in's test hooks.
export type AppStateStatus = "active" | "background" | "inactive" | "unknown" | "extension";
export interface NativeEventSubscription {
  remove(): void;
}
export declare const AppState: {
  currentState: AppStateStatus;
  addEventListener(type: "change", listener: (state: AppStateStatus) => void): NativeEventSubscription;
  emit(state: AppStateStatus): void;
  listenerCount(): number;
};
export declare const Platform: { OS: "ios" | "android" | "web" | "windows" | "macos"; Version: string | number };
export interface ModalProps {
  visible?: boolean;
  transparent?: boolean;
  animationType?: "none" | "slide" | "fade";
  onRequestClose?: () => void;
  children?: import("react").ReactNode;
}
export declare const Modal: import("react").ComponentType<ModalProps>;
type HostProps = Record<string, unknown> & { children?: import("react").ReactNode };
export declare const View: import("react").ComponentType<HostProps>;
export declare const Text: import("react").ComponentType<HostProps>;
export declare const Pressable: import("react").ComponentType<HostProps>;
export declare const ScrollView: import("react").ComponentType<HostProps>;
export declare function useColorScheme(): "light" | "dark" | null | undefined;
export declare function setColorScheme(scheme: "light" | "dark"): void;
