/**
 * Exporting a private certificate (page Exporting a Certificate; models
 * model_export_certificate_request_body.go, model_export_certificate_response.go).
 *  - is_compressed false: JSON with certificate, certificate_chain and, when PCA made the key,
 *    private_key (encrypted under `password` when one is given).
 *  - is_compressed true: a zip named "<common name>_<type in lower case>.zip" holding the files
 *    the page lists for `type`. IIS (PFX) and TOMCAT (JKS) packages of a key PCA made are not
 *    imitated: Web Crypto and node:crypto write neither format, and the emulator refuses them
 *    with a message that says so instead of answering with a package of another shape.
 */
import { Refusal } from "../errors.js";
import { certificateIdOf } from "../ids.js";
import { objectOf, optionalString, requiredString } from "../input.js";
import { privateKeyPem } from "../keys.js";
import { findCertificate, sweepDeleted } from "../lifecycle.js";
import { apiText, unixText } from "../pem.js";
import { zipStored } from "../zip.js";
import { ok, type HandlerGroup } from "./context.js";

const TYPES = ["APACHE", "NGINX", "IIS", "TOMCAT", "OTHER"] as const;
type ExportType = (typeof TYPES)[number];

export const certificateExportHandlers: HandlerGroup = ({ state }) => ({
  async exportCertificate(request) {
    sweepDeleted(state, request.now);
    const certificate = findCertificate(state, certificateIdOf(request.path["certificate_id"]));
    const body = objectOf(request.body);
    const compressed = body["is_compressed"];
    // The model types is_compressed as a string ("true"/"false"); a JSON boolean is read alike.
    if (![true, false, "true", "false"].includes(compressed as never)) throw new Refusal("PCA.00020001");
    const type = requiredString(body, "type");
    if (!(TYPES as readonly string[]).includes(type)) throw new Refusal("PCA.00020001");
    const password = optionalString(body, "password");
    const certificatePem = certificate.certificate.toString("pem");
    const chainPem = certificate.chain.join("");
    const keyPem = certificate.key === undefined ? undefined : privateKeyPem(certificate.key, password);
    if (compressed === false || compressed === "false") {
      return ok({
        certificate: apiText(certificatePem),
        certificate_chain: apiText(chainPem),
        ...(keyPem === undefined ? {} : { private_key: apiText(keyPem) }),
      });
    }
    const files = zipEntries(type as ExportType, certificatePem, chainPem, keyPem);
    return {
      status: 200,
      file: {
        bytes: zipStored(files, request.now),
        contentType: "application/zip",
        fileName: `${certificate.distinguishedName.common_name}_${type.toLowerCase()}.zip`,
      },
    };
  },
});

function zipEntries(type: ExportType, certificate: string, chain: string, key: string | undefined): [string, string][] {
  const crt = unixText(certificate);
  const chained = unixText(chain);
  if (key === undefined) {
    // A certificate issued from the user's CSR: no key to package (the page's "Import the CSR certificate" lists).
    if (type === "NGINX") return [["server.crt", crt + chained]];
    if (type === "OTHER") return [["chain.pem", chained], ["cert.pem", crt]];
    return [["chain.crt", chained], ["server.crt", crt]];
  }
  const serverKey = unixText(key);
  switch (type) {
    case "APACHE":
      return [["server.key", serverKey], ["chain.crt", chained], ["server.crt", crt]];
    case "NGINX":
      return [["server.key", serverKey], ["server.crt", crt + chained]];
    case "OTHER":
      return [["server.key", serverKey], ["chain.pem", chained], ["server.pem", crt]];
    default:
      throw new Refusal("PCA.00020001", `The emulator cannot package a ${type} keystore; export with type APACHE, NGINX or OTHER.`);
  }
}
