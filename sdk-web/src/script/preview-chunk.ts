// The script tag's preview chunk (`sdk-preview.<hash>.js`): the preview overlay, loaded only by a page opened from a preview link.
import { showPreview } from "../render/preview-overlay.ts";

(globalThis as Record<symbol, unknown>)[Symbol.for("edgewise.preview")] = { showPreview };
