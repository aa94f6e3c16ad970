// Canonical JSON lives in engine/core (pure, and models/ hashes with it without importing lib/); kept here for lib's importers.
export { canonicalJson } from '../engine/core/canonical-json.ts';
