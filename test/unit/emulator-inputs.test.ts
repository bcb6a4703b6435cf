/**
 * The emulator's small parts, called directly: the X.509 extensions it builds from a request
 * (key usages, extended key usages, subject alternative names, a customized extension's DER), the
 * ids it accepts, how it reads request members and validities, the key and signature algorithms it offers, the ZIP archive an export with
 * is_compressed answers (byte for byte), and how the gateway writes its answers.
 * (The lifecycle tests reach the same code through requests; these pin each rule.)
 */
import { describe, expect, it } from "vitest";
import { caIdOf, certificateIdOf, newId, newSerialNumber } from "../../src/testing/emulator/ids.js";
import { CA_KEY_USAGES, customizedExtension, extendedKeyUsages, keyUsageFlags, subjectAlternativeNames } from "../../src/testing/emulator/extensions.js";
import { zipStored } from "../../src/testing/emulator/zip.js";
import { isRsa, keyAlgorithmOf, keyGenParams, signatureAlgorithmFromHash, signatureAlgorithmOf, signingAlgorithm } from "../../src/testing/emulator/algorithms.js";
import { emulatorHandlers } from "../../src/testing/answerers/emulator.js";
import { objectOf, optionalArray, optionalBoolean, optionalInteger, optionalObject, optionalString, queryInteger, requiredString } from "../../src/testing/emulator/input.js";
import { MAX_YEARS, periodOf } from "../../src/testing/emulator/validity.js";
import type { EmulatorAnswer, PcaEmulator } from "../../src/testing/emulator/types.js";

function refusalCode(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as { code: string }).code;
  }
  throw new Error("no refusal");
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("key usages", () => {
  it("map each documented name to its flag (RFC 5280 bit order, as @peculiar/x509 numbers them)", () => {
    const names = ["digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"];
    expect(names.map((n) => keyUsageFlags([n]))).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256]);
    expect(keyUsageFlags(CA_KEY_USAGES)).toBe(1 | 32 | 64);
    expect(CA_KEY_USAGES).toEqual(["digitalSignature", "keyCertSign", "cRLSign"]);
    expect(keyUsageFlags([])).toBe(0);
  });

  it("refuse an unknown name, a name of Object.prototype and a non-string with PCA.00020001", () => {
    expect(refusalCode(() => keyUsageFlags(["digitalSignature", "signEverything"]))).toBe("PCA.00020001");
    expect(refusalCode(() => keyUsageFlags(["toString"]))).toBe("PCA.00020001");
    expect(refusalCode(() => keyUsageFlags([1]))).toBe("PCA.00020001");
  });
});

describe("extended key usages", () => {
  it("give the OID of each member set to true, and none of those false or missing", () => {
    expect(
      extendedKeyUsages({ server_auth: true, client_auth: true, code_signing: true, email_protection: true, time_stamping: true, smart_card_logon: true }),
    ).toEqual(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.3", "1.3.6.1.5.5.7.3.4", "1.3.6.1.5.5.7.3.8", "1.3.6.1.4.1.311.20.2.2"]);
    expect(extendedKeyUsages({ server_auth: false, client_auth: true })).toEqual(["1.3.6.1.5.5.7.3.2"]);
    expect(extendedKeyUsages({})).toEqual([]);
  });
});

describe("subject alternative names", () => {
  it("map the model's types to general names", () => {
    expect(
      subjectAlternativeNames([
        { type: "DNS", value: "*.Example.com" },
        { type: "IP", value: "10.0.0.1" },
        { type: "IP", value: "2001:db8::1" },
        { type: "EMAIL", value: "ops@example.com" },
        { type: "URI", value: "spiffe://example.org/ns/a" },
      ]),
    ).toEqual([
      { type: "dns", value: "*.Example.com" },
      { type: "ip", value: "10.0.0.1" },
      { type: "ip", value: "2001:db8::1" },
      { type: "email", value: "ops@example.com" },
      { type: "url", value: "spiffe://example.org/ns/a" },
    ]);
  });

  it.each([
    ["a", true],
    ["a-b.example", true],
    ["x1.y2.example", true],
    ["*.example.com", true],
    ["a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61), true], // 253 characters
    ["a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(62), false], // 254
    ["-a.example", false],
    ["a-.example", false],
    ["a..example", false],
    ["a.example.", false],
    ["a_b.example", false],
    ["x.*.example", false],
    ["**.example", false],
    ["a.example-", false],
    ["é.example", false],
    ["a b", false],
  ])("DNS %s: accepted %s, else PCA.00020110", (value, accepted) => {
    const run = () => subjectAlternativeNames([{ type: "DNS", value }]);
    if (accepted) expect(run()).toEqual([{ type: "dns", value }]);
    else expect(refusalCode(run)).toBe("PCA.00020110");
  });

  it("refuse an IP that is none, an email without one @ or with spaces, a URI that does not parse, an unknown type", () => {
    expect(refusalCode(() => subjectAlternativeNames([{ type: "IP", value: "10.0.0.256" }]))).toBe("PCA.00020111");
    for (const email of ["ops", "@example.com", "ops@", "o@p@example.com", "o ps@example.com", "ops@exa mple.com"]) {
      expect(refusalCode(() => subjectAlternativeNames([{ type: "EMAIL", value: email }]))).toBe("PCA.00020001");
    }
    expect(subjectAlternativeNames([{ type: "EMAIL", value: "o.p+s@sub.example.com" }])).toEqual([{ type: "email", value: "o.p+s@sub.example.com" }]);
    expect(refusalCode(() => subjectAlternativeNames([{ type: "URI", value: "not a uri" }]))).toBe("PCA.00020001");
    expect(refusalCode(() => subjectAlternativeNames([{ type: "X400", value: "x" }]))).toBe("PCA.00020112");
    expect(refusalCode(() => subjectAlternativeNames([{ type: "toString", value: "x" }]))).toBe("PCA.00020112");
  });
});

describe("a customized extension", () => {
  const der = (value: string) => hex(new Uint8Array(customizedExtension({ object_identifier: "1.2.3.4", value }).value));

  it("carries its value as a DER UTF8String, with the short, one-byte and two-byte length forms", () => {
    expect(der("hi")).toBe("0c026869");
    expect(der("x".repeat(0x7f)).slice(0, 4)).toBe("0c7f");
    expect(der("x".repeat(0x80)).slice(0, 6)).toBe("0c8180");
    expect(der("x".repeat(0xff)).slice(0, 6)).toBe("0c81ff");
    expect(der("x".repeat(0x100)).slice(0, 8)).toBe("0c820100");
    expect(der("x".repeat(0xffff)).slice(0, 8)).toBe("0c82ffff");
    expect(der("é")).toBe("0c02c3a9");
    const extension = customizedExtension({ object_identifier: "1.2.3.4", value: "v" });
    expect([extension.type, extension.critical]).toEqual(["1.2.3.4", false]);
  });

  it("refuses a value over 65535 bytes and an OID that is not dotted decimal with PCA.00020001", () => {
    expect(refusalCode(() => customizedExtension({ object_identifier: "1.2.3.4", value: "x".repeat(0x10000) }))).toBe("PCA.00020001");
    for (const oid of ["1", "3.1", "1.02", "1.2.", ".1.2", "1..2", "a.1", "1.2 ", " 1.2"]) {
      expect(refusalCode(() => customizedExtension({ object_identifier: oid, value: "v" })), oid).toBe("PCA.00020001");
    }
    for (const oid of ["0.0", "2.5.29.99", "1.3.6.1.4.1.10"]) expect(customizedExtension({ object_identifier: oid, value: "v" }).type).toBe(oid);
  });
});

describe("ids", () => {
  const id = "0123abcd-4567-89ef-0123-456789abcdef";

  it("accept a lowercase hexadecimal UUID and refuse anything else: CA ids with PCA.00020201, certificate ids with PCA.10010105", () => {
    expect(caIdOf(id)).toBe(id);
    expect(certificateIdOf(id)).toBe(id);
    const bad = [undefined, "", id.toUpperCase(), ` ${id}`, `${id} `, `${id}0`, id.slice(1), "0123abcd-4567-89ef-0123456789abcdef", "0123abcd-4567-89ef-0123-456789abcdeg", "0123abcd-456-789ef-0123-456789abcdef", "0123abcd-4567-89ef-01234-56789abcdef", "0123abcd-4567-89ef-0123-4567-89abcde"];
    for (const value of bad) {
      expect(refusalCode(() => caIdOf(value)), String(value)).toBe("PCA.00020201");
      expect(refusalCode(() => certificateIdOf(value)), String(value)).toBe("PCA.10010105");
    }
    expect(caIdOf(newId())).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("make serial numbers of 16 bytes, positive, without a leading zero octet, different each time", () => {
    const serials = Array.from({ length: 64 }, () => newSerialNumber());
    for (const serial of serials) {
      expect(serial).toMatch(/^[0-9a-f]{32}$/);
      expect(parseInt(serial.slice(0, 2), 16)).toBeGreaterThanOrEqual(0x10);
      expect(parseInt(serial.slice(0, 2), 16)).toBeLessThan(0x80);
    }
    expect(new Set(serials).size).toBe(64);
  });
});

describe("the ZIP archive", () => {
  it("is exactly the stored entries, central directory and end record the format gives", () => {
    const zip = zipStored([["a.txt", "abc"]], new Date("2025-01-01T12:34:56Z"));
    const stamp = "5c64" + "215a"; // 12:34:56 (seconds halved), 2025-01-01
    const crc = "c2412435"; // crc32("abc") = 0x352441c2, little-endian
    const name = hex(new TextEncoder().encode("a.txt"));
    const local = "504b0304" + "1400" + "0008" + "0000" + stamp + crc + "03000000" + "03000000" + "0500" + "0000" + name + "616263";
    const central = "504b0102" + "1400" + "1400" + "0008" + "0000" + stamp + crc + "03000000" + "03000000" + "0500" + "0000" + "0000" + "0000" + "0000" + "00000000" + "00000000" + name;
    const end = "504b0506" + "0000" + "0000" + "0100" + "0100" + "33000000" + "26000000" + "0000";
    expect(hex(zip)).toBe(local + central + end);
  });

  it("points each central entry at its local header, takes bytes as they are, and dates before 1980 as 1980", () => {
    const zip = zipStored(
      [
        ["one.pem", "1"],
        ["two.bin", new Uint8Array([0, 255])],
      ],
      new Date("1970-01-01T00:00:00Z"),
    );
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    const secondLocal = 30 + 7 + 1;
    expect(view.getUint32(secondLocal, true)).toBe(0x04034b50);
    expect(hex(zip.subarray(secondLocal + 30 + 7, secondLocal + 30 + 7 + 2))).toBe("00ff");
    const centralStart = secondLocal + 30 + 7 + 2;
    expect(view.getUint32(centralStart + 46 + 7 + 42, true)).toBe(secondLocal);
    expect(view.getUint16(12, true)).toBe((0 << 9) | (1 << 5) | 1);
    const endAt = zip.byteLength - 22;
    expect([view.getUint16(endAt + 8, true), view.getUint32(endAt + 12, true), view.getUint32(endAt + 16, true)]).toEqual([2, 2 * 46 + 14, centralStart]);
  });
});

describe("key and signature algorithms", () => {
  it("map the API's key names to Web Crypto's key generation parameters", () => {
    const e = new Uint8Array([1, 0, 1]);
    expect(keyGenParams(keyAlgorithmOf("RSA2048"))).toEqual({ name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: e, hash: "SHA-256" });
    expect(keyGenParams(keyAlgorithmOf("RSA4096"))).toEqual({ name: "RSASSA-PKCS1-v1_5", modulusLength: 4096, publicExponent: e, hash: "SHA-256" });
    expect(keyGenParams(keyAlgorithmOf("EC256"))).toEqual({ name: "ECDSA", namedCurve: "P-256" });
    expect(keyGenParams(keyAlgorithmOf("EC384"))).toEqual({ name: "ECDSA", namedCurve: "P-384" });
    expect([isRsa("RSA2048"), isRsa("RSA4096"), isRsa("EC256"), isRsa("EC384")]).toEqual([true, true, false, false]);
  });

  it("refuse SM2 and unknown keys with PCA.00020102, SM3 and unknown hashes with PCA.00020103", () => {
    for (const key of ["SM2", "RSA1024", "toString", ""]) expect(refusalCode(() => keyAlgorithmOf(key)), key).toBe("PCA.00020102");
    for (const hash of ["SM3", "SHA1", "toString", ""]) expect(refusalCode(() => signatureAlgorithmOf(hash)), hash).toBe("PCA.00020103");
    expect(["SHA256", "SHA384", "SHA512"].map(signatureAlgorithmOf)).toEqual(["SHA256", "SHA384", "SHA512"]);
  });

  it("sign with the key's scheme and the named hash, and name a hash back", () => {
    expect(signingAlgorithm("RSA2048", "SHA384")).toEqual({ name: "RSASSA-PKCS1-v1_5", hash: "SHA-384" });
    expect(signingAlgorithm("EC256", "SHA256")).toEqual({ name: "ECDSA", hash: "SHA-256" });
    expect(signingAlgorithm("EC384", "SHA512")).toEqual({ name: "ECDSA", hash: "SHA-512" });
    expect(["SHA-256", "SHA-384", "SHA-512", "SHA-1", undefined].map(signatureAlgorithmFromHash)).toEqual(["SHA256", "SHA384", "SHA512", undefined, undefined]);
  });
});

describe("the emulator's answers as the gateway writes them", () => {
  const answering = (answer: EmulatorAnswer) => {
    const emulator = { handlers: { someOperation: async () => answer } } as unknown as PcaEmulator;
    const handlers = emulatorHandlers(emulator);
    expect(Object.keys(handlers)).toEqual(["someOperation"]);
    return handlers.someOperation!({} as never, {} as never);
  };

  it("a JSON body as JSON, with its status", async () => {
    const answer = await answering({ status: 200, body: { ca_id: "x" } });
    expect(answer.status).toBe(200);
    expect(answer.headers).toEqual({ "content-type": "application/json" });
    expect(new TextDecoder().decode(answer.body as Uint8Array)).toBe('{"ca_id":"x"}');
  });

  it("no body as an empty one, without a content type", async () => {
    const answer = await answering({ status: 204 });
    expect(answer).toEqual({ status: 204, headers: {}, body: new Uint8Array(0) });
  });

  it("a file with its content type and a Content-Disposition naming it, in ASCII and in UTF-8", async () => {
    const bytes = new Uint8Array([80, 75]);
    const answer = await answering({ status: 200, file: { bytes, contentType: "application/zip", fileName: 'Root "CA" é\\1.zip' } });
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(bytes);
    expect(answer.headers).toEqual({
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="Root _CA_ __1.zip"; filename*=UTF-8''Root%20%22CA%22%20%C3%A9%5C1.zip`,
    });
  });
});

describe("reading request members", () => {
  it("reads an absent body as {}, and refuses null, an array or a primitive with the code given", () => {
    expect(objectOf(undefined)).toEqual({});
    expect(objectOf({ a: 1 })).toEqual({ a: 1 });
    for (const bad of [null, [], "x", 1]) {
      expect(refusalCode(() => objectOf(bad))).toBe("PCA.00020001");
      expect(refusalCode(() => objectOf(bad, "PCA.00020109"))).toBe("PCA.00020109");
    }
  });

  it("reads absent and null members as undefined and refuses a member of the wrong kind", () => {
    const source = { s: "x", e: "", i: 3, f: 1.5, b: false, a: [1], o: { k: 1 }, n: null };
    expect([optionalString(source, "s"), optionalString(source, "n"), optionalString(source, "z")]).toEqual(["x", undefined, undefined]);
    expect(refusalCode(() => optionalString(source, "i", "PCA.00020112"))).toBe("PCA.00020112");
    expect(requiredString(source, "s")).toBe("x");
    for (const key of ["e", "n", "z"]) expect(refusalCode(() => requiredString(source, key, "PCA.00020201")), key).toBe("PCA.00020201");
    expect(refusalCode(() => requiredString(source, "i"))).toBe("PCA.00020001");
    expect([optionalInteger(source, "i"), optionalInteger(source, "n"), optionalInteger(source, "z")]).toEqual([3, undefined, undefined]);
    expect(refusalCode(() => optionalInteger(source, "f", "PCA.00020109"))).toBe("PCA.00020109");
    expect(refusalCode(() => optionalInteger(source, "s"))).toBe("PCA.00020001");
    expect([optionalBoolean(source, "b"), optionalBoolean(source, "n"), optionalBoolean(source, "z")]).toEqual([false, undefined, undefined]);
    expect(refusalCode(() => optionalBoolean(source, "s"))).toBe("PCA.00020001");
    expect([optionalArray(source, "a"), optionalArray(source, "n"), optionalArray(source, "z")]).toEqual([[1], undefined, undefined]);
    expect(refusalCode(() => optionalArray(source, "o", "PCA.00020112"))).toBe("PCA.00020112");
    expect([optionalObject(source, "o"), optionalObject(source, "n"), optionalObject(source, "z")]).toEqual([{ k: 1 }, undefined, undefined]);
    expect(refusalCode(() => optionalObject(source, "a", "PCA.00020109"))).toBe("PCA.00020109");
  });

  it("reads a query integer of digits only", () => {
    expect([queryInteger({ n: "0" }, "n"), queryInteger({ n: "42" }, "n"), queryInteger({}, "n")]).toEqual([0, 42, undefined]);
    for (const bad of ["", "-1", "1.5", "1e3", " 1", "1 ", "x1"]) expect(refusalCode(() => queryInteger({ n: bad }, "n")), bad).toBe("PCA.00020001");
  });
});

describe("a validity", () => {
  const now = new Date("2026-01-31T10:00:00.000Z");
  const period = (validity: unknown, max = 20) => {
    const { notBefore, notAfter } = periodOf(validity, now, max);
    return [notBefore.toISOString(), notAfter.toISOString()];
  };

  it("runs from now, or from start_from, for years, 31-day months, days or hours", () => {
    expect(period({ type: "YEAR", value: 2 })).toEqual(["2026-01-31T10:00:00.000Z", "2028-01-31T10:00:00.000Z"]);
    expect(period({ type: "MONTH", value: 2 })).toEqual(["2026-01-31T10:00:00.000Z", "2026-04-03T10:00:00.000Z"]);
    expect(period({ type: "DAY", value: 3 })).toEqual(["2026-01-31T10:00:00.000Z", "2026-02-03T10:00:00.000Z"]);
    expect(period({ type: "HOUR", value: 5 })).toEqual(["2026-01-31T10:00:00.000Z", "2026-01-31T15:00:00.000Z"]);
    const later = Date.parse("2026-03-01T00:00:00.000Z");
    expect(period({ type: "DAY", value: 1, start_from: later })).toEqual(["2026-03-01T00:00:00.000Z", "2026-03-02T00:00:00.000Z"]);
  });

  it("accepts a start_from up to five minutes in the past, not one millisecond more", () => {
    const edge = now.getTime() - 5 * 60 * 1000;
    expect(period({ type: "HOUR", value: 1, start_from: edge })[0]).toBe("2026-01-31T09:55:00.000Z");
    expect(refusalCode(() => periodOf({ type: "HOUR", value: 1, start_from: edge - 1 }, now, 20))).toBe("PCA.00020109");
  });

  it("allows up to the maximum years, by calendar, and refuses beyond it, a value under 1, a type it does not know, and a missing part", () => {
    expect(MAX_YEARS).toEqual({ root: 30, other: 20 });
    expect(period({ type: "YEAR", value: 20 })[1]).toBe("2046-01-31T10:00:00.000Z");
    expect(period({ type: "HOUR", value: 20 * 8766 - 100 }, 20)[1]! <= "2046-01-31T10:00:00.000Z").toBe(true);
    for (const validity of [{ type: "YEAR", value: 21 }, { type: "DAY", value: 7306 }, { type: "YEAR", value: 0 }, { type: "WEEK", value: 1 }, { type: "YEAR" }, { value: 1 }, null, "YEAR"]) {
      expect(refusalCode(() => periodOf(validity, now, 20)), JSON.stringify(validity)).toBe("PCA.00020109");
    }
    expect(period({ type: "YEAR", value: 30 }, 30)[1]).toBe("2056-01-31T10:00:00.000Z");
  });
});
