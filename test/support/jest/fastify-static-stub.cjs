// Jest on Node 20 cannot require() ES modules, and @fastify/static (CommonJS) requires two that are
// (content-disposition 3, glob 13). Mercurius loads it only to serve GraphiQL, which the tests never
// enable; the real service runs on Node's own loader, where require(esm) works. Used by jest.config.js only.
module.exports = function fastifyStaticUnavailableUnderJest() {
  throw new Error('@fastify/static is not available under Jest: keep GraphiQL off in tests');
};
