/**
 * The fourteen tag operations, for CAs and certificates alike: one tag, a batch of tags added or
 * removed (204), a resource's tags, every tag of the account, and resources filtered or counted
 * by tags. Shapes from huaweicloud-sdk-go-v3 services/ccm/v1/model: model_resource_tag_request_body.go
 * ({tag}), model_batch_operate_tag_request_body.go ({tags}), model_list_ca_tags_response.go
 * ({tags}), model_list_domain_ca_tags_response.go ({tags: [{key, values}]}),
 * model_list_ca_resource_instances_response.go ({total_count, resources: [{resource_id,
 * resource_detail, tags, resource_name}]}), model_count_ca_resource_instances_response.go
 * ({total_count}). The filter's limit defaults to 10 and its offset to 0 (the pages).
 */
import { caIdOf, certificateIdOf } from "../ids.js";
import { objectOf, optionalArray, optionalInteger } from "../input.js";
import { findCa, findCertificate, sweepDeleted } from "../lifecycle.js";
import { paged } from "../paging.js";
import type { EmulatorState } from "../state.js";
import { accountTags, addTags, matchesFilter, removeTags, tagFilterOf, tagOf, tagsOf, type TagStore } from "../tags.js";
import type { EmulatorRequest } from "../types.js";
import { caView, certificateView } from "../views.js";
import { NO_CONTENT, ok, type Handler, type HandlerGroup } from "./context.js";

/** One kind of taggable resource: how to find one, name it and show it. */
interface Kind {
  readonly store: (state: EmulatorState) => TagStore;
  /** The resource's id from the path, once it is known to exist. */
  readonly find: (state: EmulatorState, request: EmulatorRequest) => string;
  /** Every resource of the kind: id, name (its common name) and view. */
  readonly all: (state: EmulatorState, now: Date) => { id: string; name: string; view: unknown }[];
}

const CA: Kind = {
  store: (state) => state.caTags,
  find: (state, request) => findCa(state, caIdOf(request.path["ca_id"])).id,
  all: (state, now) =>
    [...state.cas.values()].filter((ca) => ca.listed).map((ca) => ({ id: ca.id, name: ca.distinguishedName.common_name, view: caView(ca, now) })),
};

const CERTIFICATE: Kind = {
  store: (state) => state.certificateTags,
  find: (state, request) => findCertificate(state, certificateIdOf(request.path["certificate_id"])).id,
  all: (state, now) =>
    [...state.certificates.values()].map((certificate) => ({
      id: certificate.id,
      name: certificate.distinguishedName.common_name,
      view: certificateView(certificate, now),
    })),
};

function handlersFor(state: EmulatorState, kind: Kind): Record<"one" | "batchAdd" | "batchRemove" | "list" | "account" | "filter" | "count", Handler> {
  const store = kind.store(state);
  const filtered = (request: EmulatorRequest) => {
    const filter = tagFilterOf(request.body);
    return kind.all(state, request.now).filter((resource) => matchesFilter(filter, store.get(resource.id), resource.name));
  };
  return {
    async one(request) {
      sweepDeleted(state, request.now);
      const id = kind.find(state, request);
      addTags(store, id, [tagOf(objectOf(request.body)["tag"])]);
      return NO_CONTENT;
    },
    async batchAdd(request) {
      sweepDeleted(state, request.now);
      const id = kind.find(state, request);
      addTags(store, id, (optionalArray(objectOf(request.body), "tags") ?? []).map(tagOf));
      return NO_CONTENT;
    },
    async batchRemove(request) {
      sweepDeleted(state, request.now);
      const id = kind.find(state, request);
      removeTags(store, id, (optionalArray(objectOf(request.body), "tags") ?? []).map(tagOf));
      return NO_CONTENT;
    },
    async list(request) {
      sweepDeleted(state, request.now);
      return ok({ tags: tagsOf(store, kind.find(state, request)) });
    },
    async account(request) {
      sweepDeleted(state, request.now);
      return ok({ tags: accountTags(store, new Set(kind.all(state, request.now).map((resource) => resource.id))) });
    },
    async filter(request) {
      sweepDeleted(state, request.now);
      const body = objectOf(request.body);
      const matching = filtered(request);
      const page = paged(matching, optionalInteger(body, "limit"), optionalInteger(body, "offset"));
      return ok({
        total_count: matching.length,
        resources: page.map((resource) => ({ resource_id: resource.id, resource_name: resource.name, resource_detail: resource.view, tags: tagsOf(store, resource.id) })),
      });
    },
    async count(request) {
      sweepDeleted(state, request.now);
      return ok({ total_count: filtered(request).length });
    },
  };
}

export const tagHandlers: HandlerGroup = ({ state }) => {
  const ca = handlersFor(state, CA);
  const certificate = handlersFor(state, CERTIFICATE);
  return {
    createCertificateAuthorityTag: ca.one,
    addCertificateAuthorityTags: ca.batchAdd,
    removeCertificateAuthorityTags: ca.batchRemove,
    listCertificateAuthorityTags: ca.list,
    listAccountCertificateAuthorityTags: ca.account,
    listCertificateAuthoritiesByTags: ca.filter,
    countCertificateAuthoritiesByTags: ca.count,
    createCertificateTag: certificate.one,
    addCertificateTags: certificate.batchAdd,
    removeCertificateTags: certificate.batchRemove,
    listCertificateTags: certificate.list,
    listAccountCertificateTags: certificate.account,
    listCertificatesByTags: certificate.filter,
    countCertificatesByTags: certificate.count,
  };
};
