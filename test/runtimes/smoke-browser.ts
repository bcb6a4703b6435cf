/**
 * The smoke program in a page: the config is the page's `#` fragment (JSON), and the outcome is
 * left on `window.smoke` for the test to await. An error is reported as data, with its name and
 * message, so that a failure in the page reads as one in the test.
 */
import { runSmoke, type SmokeConfig } from "./smoke.js";

declare const window: { smoke?: Promise<unknown>; location: { hash: string }; navigator: { userAgent: string } };

window.smoke = runSmoke(JSON.parse(decodeURIComponent(window.location.hash.slice(1))) as SmokeConfig).then(
  (report) => ({ runtime: window.navigator.userAgent, report }),
  (error: unknown) => ({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
);
