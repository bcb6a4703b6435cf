/**
 * The shape of an operation's input: what is not an object, members with nowhere to go, inputs
 * the client fills itself, and path and query values that must not change the request.
 */
import { describe, expect, it } from "vitest";
import { operations as bcsOperations } from "../../generated/bcs.operations.js";
import { bytesResponse, CA_ID, activation } from "./support/fakes.js";
import {
  PROJECT_ID,
  templateSegments,
  expectValidationError,
  bcs,
  pca,
} from "./support/operation-walker.js";

describe("input shape", () => {
  it.each([null, "x", [], 42, new Map()])("rejects a non-object input %s before I/O", async (input) => {
    const { client, fetch } = bcs();
    await expectValidationError(client.freezeUserCertificate(input as never), fetch, { parameter: "input", rule: "type" });
  });

  it("sends members the open body schemas do not name (the current API has more fields than the pages)", async () => {
    const { client, fetch } = pca();
    await client.activateCertificateAuthority({ ...activation, key_algorithm: "EC256", validity: { ...activation.validity, unit: "y" } } as never);
    expect(fetch.calls).toHaveLength(1);
    expect(JSON.parse(new TextDecoder().decode(fetch.calls[0]!.body))).toMatchObject({ key_algorithm: "EC256", validity: { unit: "y" } });
  });

  it("rejects members an operation without a body has nowhere to put", async () => {
    const { client, fetch } = bcs();
    await expectValidationError(
      client.downloadCertificates({ blockchain_id: "b", org_name: "o", cert_type: "user", colour: "red" } as never),
      fetch,
      { parameter: "colour", rule: "unknown" },
    );
  });

  it("never sends X-Auth-Token from the input in a body", async () => {
    const { client, fetch } = pca();
    await expectValidationError(client.revokeCertificateAuthority({ ca_id: CA_ID, "X-Auth-Token": "leak" } as never), fetch, {
      parameter: "X-Auth-Token",
      rule: "unknown",
    });
  });

  it("rejects project_id in the input: the client fills it", async () => {
    const { client, fetch } = bcs();
    await expectValidationError(
      client.downloadCertificates({ blockchain_id: "b", org_name: "o", cert_type: "user", project_id: "other" } as never),
      fetch,
      { parameter: "project_id", rule: "unknown" },
    );
  });

  it("rejects a header parameter passed as input", async () => {
    const { client, fetch } = bcs();
    await expectValidationError(
      client.downloadCertificates({ blockchain_id: "b", org_name: "o", cert_type: "user", "X-Auth-Token": "x" } as never),
      fetch,
      { parameter: "X-Auth-Token", rule: "unknown" },
    );
  });
});

describe("path and query values cannot change the request", () => {
  const tricky = ["a/b", "a?b=1", "a#frag", "100%", "%2e%2e", ".%2e", "...", "ü", "😀", "a b", "a\\b", "$&$'", "{user_name}"];

  it.each(tricky)("blockchain_id and org_name %j are one percent-encoded segment each", async (value) => {
    const { client, fetch } = bcs();
    await client.freezeUserCertificate({ blockchain_id: value, org_name: value, user_name: "alice" });
    expect(fetch.calls).toHaveLength(1);
    const url = fetch.calls[0]!.url;
    const enc = encodeURIComponent(value);
    expect(url.origin).toBe("https://bcs.example.test");
    expect(url.pathname).toBe(`/v2/${PROJECT_ID}/blockchains/${enc}/orgs/${enc}/usercert/alice/freeze`);
    expect(url.search).toBe("");
    expect(url.hash).toBe("");
    const segments = url.pathname.split("/");
    expect(segments).toHaveLength(templateSegments(bcsOperations.freezeUserCertificate).length);
    expect(decodeURIComponent(segments[4]!)).toBe(value);
  });

  it.each(tricky)("ca_id %j padded to a valid length stays one segment", async (value) => {
    const { client, fetch } = pca();
    // Padded by code points, as the spec's lengths count them (an emoji is one, not two).
    const caId = value + "x".repeat(36 - [...value].length);
    expect([...caId]).toHaveLength(36);
    await client.revokeCertificateAuthority({ ca_id: caId });
    const url = fetch.calls[0]!.url;
    expect(url.pathname).toBe(`/v1/private-certificate-authorities/${encodeURIComponent(caId)}/revoke`);
    expect(url.search).toBe("");
  });

  it.each(["", ".", ".."])("path value %j is rejected before I/O", async (value) => {
    for (const member of ["blockchain_id", "org_name"] as const) {
      const { client, fetch } = bcs();
      const input = { blockchain_id: "b", org_name: "o", user_name: "alice", [member]: value };
      await expectValidationError(client.unfreezeUserCertificate(input), fetch, { parameter: member, rule: "path-segment" });
    }
  });

  it.each(tricky)("query value org_name %j arrives intact and adds no parameter", async (value) => {
    const { client, fetch } = bcs([bytesResponse(new Uint8Array([1]))]);
    await client.downloadCertificates({ blockchain_id: "b", org_name: `${value}&cert_type=ca`, cert_type: "user" });
    const url = fetch.calls[0]!.url;
    expect(url.searchParams.getAll("org_name")).toEqual([`${value}&cert_type=ca`]);
    expect(url.searchParams.getAll("cert_type")).toEqual(["user"]);
    expect(url.hash).toBe("");
  });
});
