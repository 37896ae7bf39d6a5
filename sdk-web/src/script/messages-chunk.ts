// The script tag's messages chunk (`sdk-messages.<hash>.js`): the preact message renderer.
import { createPresenter } from "../render/presenter.ts";

(globalThis as Record<symbol, unknown>)[Symbol.for("edgewise.messages")] = { createPresenter };
