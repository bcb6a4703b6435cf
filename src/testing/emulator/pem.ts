/**
 * PEM text as the API carries it. The documentation says an exported certificate, chain or CSR has its
 * line breaks written as "\r\n" (ExportCertificateAuthorityCertificate, ExportCertificateAuthorityCsr);
 * a request may use "\r\n" or "\n" (CreateCertificateByCsr, ParseCertificateSigningRequest).
 */

/** PEM with "\r\n" line breaks. */
export function apiText(pem: string): string {
  return unixText(pem).replace(/\n/g, "\r\n");
}

/** PEM with "\n" line breaks, ending in one. */
export function unixText(pem: string): string {
  const text = pem.replace(/\r\n/g, "\n").trim();
  return `${text}\n`;
}

/** Every PEM block of one kind in a text, in order. */
export function pemBlocks(text: string, label: string): string[] {
  const pattern = new RegExp(`-----BEGIN ${label}-----[\\s\\S]*?-----END ${label}-----`, "g");
  return Array.from(unixText(text).matchAll(pattern), (match) => `${match[0]}\n`);
}
