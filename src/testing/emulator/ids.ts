/**
 * Resource ids. The service's CA ids are lowercase hexadecimal UUIDs (error PCA.00020201 gives
 * the pattern); certificate ids have the same 36-character form.
 */
import { Refusal } from "./errors.js";

const UUID = /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/;

export function newId(): string {
  return crypto.randomUUID();
}

/** A CA id from a path or body: PCA.00020201 when it is not of the documented form. */
export function caIdOf(value: string | undefined): string {
  if (value === undefined || !UUID.test(value)) throw new Refusal("PCA.00020201");
  return value;
}

/** A certificate id from a path: PCA.10010105 (the service's answer to a malformed one) otherwise. */
export function certificateIdOf(value: string | undefined): string {
  if (value === undefined || !UUID.test(value)) throw new Refusal("PCA.10010105");
  return value;
}

/** A positive serial number of 16 random bytes, as lowercase hex (RFC 5280 allows up to 20 octets). */
export function newSerialNumber(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0]! & 0x7f) | 0x10; // positive, and no leading zero octet to strip
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
