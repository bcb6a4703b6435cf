/**
 * Type helpers that turn a generated `operations[...]` entry into the flat parameter object a
 * client method takes: path and query parameters and body members, by their wire names. Nothing
 * here names a field; the fields come from generated/.
 */
import type { Upload } from "./request/uploads.js";

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** An object type, or `{}` when the generated member is absent or `never`. */
type Section<T> = [T] extends [never] ? {} : [T] extends [undefined] ? {} : NonNullable<T>;

export type PathParams<Op> = Op extends { parameters: { path: infer P } } ? Section<P> : {};
export type QueryParams<Op> = Op extends { parameters: { query?: infer Q } } ? Section<Q> : {};
export type Body<Op, Media extends string> = Op extends { requestBody?: { content: infer C } }
  ? C extends { [M in Media]: infer B }
    ? Section<B>
    : {}
  : {};

/** Binary members (generated as Blob) accept any of the upload forms. */
export type WithUploads<T> = { [K in keyof T]: NonNullable<T[K]> extends Blob ? Upload : T[K] };

/** The flat input of an operation, minus the members the client fills itself. */
export type OperationInput<Op, Media extends string, Filled extends string = never> = Simplify<
  Omit<PathParams<Op> & QueryParams<Op> & WithUploads<Body<Op, Media>>, Filled>
>;

/**
 * `T` with a `Date` also accepted at a dotted place (`"validity.start_from"`, `"items[].at"`):
 * where the spec holds epoch milliseconds (x-epoch-milliseconds). A homomorphic mapping, so each
 * member keeps its optionality and its documentation.
 */
export type WithDateAt<T, Place extends string> = Place extends `${infer Head}.${infer Rest}`
  ? Head extends `${infer Key}[]`
    ? { [K in keyof T]: K extends Key ? ArrayWithDateAt<T[K], Rest> : T[K] }
    : { [K in keyof T]: K extends Head ? WithDateAt<NonNullable<T[K]>, Rest> | Extract<T[K], undefined> : T[K] }
  : Place extends `${infer Key}[]`
    ? { [K in keyof T]: K extends Key ? ArrayWithDateAt<T[K], ""> : T[K] }
    : { [K in keyof T]: K extends Place ? T[K] | Date : T[K] };

type ArrayWithDateAt<A, Rest extends string> = A extends readonly (infer E)[]
  ? (Rest extends "" ? E | Date : WithDateAt<E, Rest>)[]
  : A;
