/**
 * Distinguished names: the API's DistinguishedName object and X.509 names. Field names from
 * huaweicloud-sdk-go-v3 services/ccm/v1/model/model_distinguished_name.go.
 */
import { Refusal } from "./errors.js";
import { objectOf, optionalString, type Json } from "./input.js";
import { x509 } from "./x509-library.js";

export interface DistinguishedName {
  readonly common_name: string;
  readonly country?: string;
  readonly state?: string;
  readonly locality?: string;
  readonly organization?: string;
  readonly organizational_unit?: string;
}

/** API member → X.509 attribute, in the order the name is written (country first, CN last). */
const ATTRIBUTES = [
  ["country", "C"],
  ["state", "ST"],
  ["locality", "L"],
  ["organization", "O"],
  ["organizational_unit", "OU"],
  ["common_name", "CN"],
] as const;

/**
 * The request's distinguished_name: the common name is required (PCA.00020101 without it); the
 * other members, when absent, come from `inherited` (a private certificate inherits its issuing
 * CA's, per model_cert_distinguished_name.go).
 */
export function distinguishedNameOf(value: unknown, inherited?: DistinguishedName): DistinguishedName {
  const source: Json = objectOf(value, "PCA.00020101");
  const name: Record<string, string> = {};
  for (const [member] of ATTRIBUTES) {
    const given = optionalString(source, member, "PCA.00020101");
    const chosen = given === undefined || given === "" ? inherited?.[member] : given;
    if (chosen !== undefined) name[member] = chosen;
  }
  const commonName = optionalString(source, "common_name", "PCA.00020101");
  if (commonName === undefined || commonName === "") throw new Refusal("PCA.00020101");
  return name as unknown as DistinguishedName;
}

export function toX509Name(name: DistinguishedName): x509.JsonName {
  const json: x509.JsonName = [];
  for (const [member, attribute] of ATTRIBUTES) {
    const value = name[member];
    if (value !== undefined) json.push({ [attribute]: [value] });
  }
  return json;
}

/** The API's object for an X.509 name (from a CSR or an imported certificate). */
export function fromX509Name(name: x509.Name): DistinguishedName {
  const result: Record<string, string> = { common_name: name.getField("CN")[0] ?? "" };
  for (const [member, attribute] of ATTRIBUTES) {
    const value = name.getField(attribute)[0];
    if (value !== undefined) result[member] = value;
  }
  return result as unknown as DistinguishedName;
}
