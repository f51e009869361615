// `npm run dev` preloads this: TypeScript through ts-node's swc transpiler, which emits decorator metadata
// (TypeORM and class-validator need it; tsx emits none) and compiles a file in milliseconds, without type
// checking (`npm run typecheck` does that). ts-node reads no environment variable that selects swc.
require('ts-node').register({ swc: true });
