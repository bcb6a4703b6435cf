/**
 * X.509 extensions from the request's members: key usages, extended key usages, subject
 * alternative names and a customized extension. Names and OIDs from huaweicloud-sdk-go-v3
 * services/ccm/v1/model: model_create_certificate_request_body.go (key_usages),
 * model_extended_key_usage.go, model_subject_alternative_name.go, model_customized_extension.go.
 */
import { isIP } from "node:net";
import { Refusal } from "./errors.js";
import { objectOf, optionalBoolean, requiredString } from "./input.js";
import { x509 } from "./x509-library.js";

const KEY_USAGES: Readonly<Record<string, number>> = {
  digitalSignature: x509.KeyUsageFlags.digitalSignature,
  nonRepudiation: x509.KeyUsageFlags.nonRepudiation,
  keyEncipherment: x509.KeyUsageFlags.keyEncipherment,
  dataEncipherment: x509.KeyUsageFlags.dataEncipherment,
  keyAgreement: x509.KeyUsageFlags.keyAgreement,
  keyCertSign: x509.KeyUsageFlags.keyCertSign,
  cRLSign: x509.KeyUsageFlags.cRLSign,
  encipherOnly: x509.KeyUsageFlags.encipherOnly,
  decipherOnly: x509.KeyUsageFlags.decipherOnly,
};

/** A CA's key usages when none are given (the same models: digitalSignature, keyCertSign, cRLSign). */
export const CA_KEY_USAGES: readonly string[] = ["digitalSignature", "keyCertSign", "cRLSign"];

/** The key usage flags for names; an unknown name is PCA.00020001. */
export function keyUsageFlags(names: readonly unknown[]): number {
  let flags = 0;
  for (const name of names) {
    if (typeof name !== "string" || !Object.hasOwn(KEY_USAGES, name)) throw new Refusal("PCA.00020001");
    flags |= KEY_USAGES[name]!;
  }
  return flags;
}

const EXTENDED_KEY_USAGES: Readonly<Record<string, string>> = {
  server_auth: "1.3.6.1.5.5.7.3.1",
  client_auth: "1.3.6.1.5.5.7.3.2",
  code_signing: "1.3.6.1.5.5.7.3.3",
  email_protection: "1.3.6.1.5.5.7.3.4",
  time_stamping: "1.3.6.1.5.5.7.3.8",
  smart_card_logon: "1.3.6.1.4.1.311.20.2.2",
};

/** The OIDs of the extended key usages set to true. */
export function extendedKeyUsages(value: unknown): string[] {
  const source = objectOf(value);
  return Object.entries(EXTENDED_KEY_USAGES)
    .filter(([member]) => optionalBoolean(source, member) === true)
    .map(([, oid]) => oid);
}

const SAN_TYPES: Readonly<Record<string, x509.GeneralNameType>> = { DNS: "dns", IP: "ip", EMAIL: "email", URI: "url" };
const DOMAIN = /^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i;
const DOMAIN_MAX = 253;

/**
 * Subject alternative names. The error-code documentation: an unknown type is PCA.00020112, a bad domain
 * name PCA.00020110, a bad IP PCA.00020111 (its message says IPv4; the model allows IPv6
 * too, and so does the emulator). A malformed email or URI has no code of its own: PCA.00020001.
 */
export function subjectAlternativeNames(values: readonly unknown[]): x509.JsonGeneralName[] {
  return values.map((item) => {
    const source = objectOf(item);
    const type = requiredString(source, "type", "PCA.00020112");
    const value = requiredString(source, "value");
    if (!Object.hasOwn(SAN_TYPES, type)) throw new Refusal("PCA.00020112");
    if (type === "DNS" && (value.length > DOMAIN_MAX || !DOMAIN.test(value))) throw new Refusal("PCA.00020110");
    if (type === "IP" && isIP(value) === 0) throw new Refusal("PCA.00020111");
    if (type === "EMAIL" && !/^[^@\s]+@[^@\s]+$/.test(value)) throw new Refusal("PCA.00020001");
    if (type === "URI" && !URL.canParse(value)) throw new Refusal("PCA.00020001");
    return { type: SAN_TYPES[type]!, value };
  });
}

const OID = /^[0-2](\.(0|[1-9]\d*))+$/;
/** The longest value the two-byte DER length below can carry. */
const MAX_SHORT_DER = 0xffff;

/**
 * A customized extension: its value is carried as a DER UTF8String (the model does not say how
 * the service encodes it). The few bytes of DER are written here: @peculiar/x509 takes an
 * extension's value as encoded bytes.
 */
export function customizedExtension(value: unknown): x509.Extension {
  const source = objectOf(value);
  const oid = requiredString(source, "object_identifier");
  const text = requiredString(source, "value");
  if (!OID.test(oid) || new TextEncoder().encode(text).length > MAX_SHORT_DER) throw new Refusal("PCA.00020001");
  return new x509.Extension(oid, false, utf8String(text));
}

function utf8String(text: string): Uint8Array<ArrayBuffer> {
  const content = new TextEncoder().encode(text);
  const length = content.length;
  const header =
    length < 0x80 ? [0x0c, length] : length < 0x100 ? [0x0c, 0x81, length] : [0x0c, 0x82, length >> 8, length & 0xff];
  return new Uint8Array([...header, ...content]);
}
