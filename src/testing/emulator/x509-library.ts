/**
 * The one door to @peculiar/x509 (X.509 on Web Crypto). It resolves its internals with tsyringe,
 * which needs the Reflect metadata API: reflect-metadata must be loaded first, and ES modules
 * evaluate their imports in order. Both are bundled into dist/testing, so users install nothing.
 */
import "reflect-metadata";
import * as x509 from "@peculiar/x509";

export { x509 };
