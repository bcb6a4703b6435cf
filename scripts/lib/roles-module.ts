/**
 * Writes `generated/<api>.roles.ts` for a document whose operations carry `x-sdk-role`: the
 * operations the SDK itself calls (the IAM token, project and account lookups), exported under
 * their role's name with their types, so that src/ uses them without naming an operation.
 */
import { descriptorName } from "./operations-module.js";

const camel = (role: string) => role.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
const pascal = (name: string) => name[0]!.toUpperCase() + name.slice(1);

export function rolesModule(header: string, api: string, table: Record<string, { role: string | null; summary: string }>): string | undefined {
  const roles = Object.entries(table).filter(([, op]) => op.role !== null);
  if (roles.length === 0) return undefined;
  const lines = roles.map(([id, op]) => {
    const name = camel(op.role!);
    return (
      `/** The ${op.role} operation: ${op.summary}. */\n` +
      `export const ${name} = ${descriptorName(id)};\n` +
      `/** The types of the ${op.role} operation. */\n` +
      `export type ${pascal(name)} = operations[${JSON.stringify(id)}];\n`
    );
  });
  return (
    header +
    `import { ${roles.map(([id]) => descriptorName(id)).join(", ")} } from "./${api}.operations.js";\n` +
    `import type { operations } from "./${api}.types.js";\n\n` +
    lines.join("\n")
  );
}
