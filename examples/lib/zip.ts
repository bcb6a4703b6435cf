/**
 * The .zip of certificates the walkthrough and the tests upload: stored entries, written by the
 * mock's own ZIP writer (the one an export with is_compressed=true answers with).
 */
import { zipStored as zipEntries } from "../../src/testing/emulator/zip.js";

/** A fixed time for every entry, so the same files always make the same bytes. */
const MODIFIED = new Date(Date.UTC(2025, 0, 1));

export function zipStored(files: Record<string, string | Uint8Array>): Uint8Array {
  return zipEntries(Object.entries(files), MODIFIED);
}
