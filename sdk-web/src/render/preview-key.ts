/** Where the web SDK keeps a preview link's token for the tab (sessionStorage: this browser tab only). */
export const PREVIEW_KEY = "edgewise:preview";
