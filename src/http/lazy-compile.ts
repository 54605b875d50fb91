/**
 * Request validators and reply serializers are compiled on a route's first use, not at start
 * (validation.ts, serialization.ts): a process holds only the compiled schemas of the routes it
 * serves. Each compiler is also listed here per app, so that a test can compile every one of them
 * (`compileEverySchema`) and a schema that cannot be compiled fails the build's tests, not a
 * first request in production.
 */
const compilers = new WeakMap<object, (() => void)[]>();

/** `compile` run once, on the first call of the returned getter (or by compileEverySchema). */
export function onFirstUse<T>(app: object, compile: () => T): () => T {
  let compiled: T | undefined;
  let done = false;
  const get = () => {
    if (!done) {
      compiled = compile();
      done = true;
    }
    return compiled as T;
  };
  const list = compilers.get(app) ?? [];
  list.push(get);
  compilers.set(app, list);
  return get;
}

/** Compiles every validator and serializer the app's routes declared; returns how many. */
export function compileEverySchema(app: object): number {
  const list = compilers.get(app) ?? [];
  for (const get of list) get();
  return list.length;
}
