// jsonld (a dependency of Fedify's) ships no types: the one call the vocabulary test makes.
declare module 'jsonld' {
  interface Options {
    documentLoader?: (url: string) => Promise<{ contextUrl: null; documentUrl: string; document: unknown }>;
  }
  const jsonld: { expand(input: unknown, options?: Options): Promise<Record<string, unknown>[]> };
  export default jsonld;
}
