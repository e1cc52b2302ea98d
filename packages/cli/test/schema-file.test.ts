import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '@langflix/core';

describe('langflix.schema.json (shipped for editors)', () => {
  it('is the schema generated from the config schema (regenerate: node packages/cli/dist/bin.js config --schema > packages/cli/langflix.schema.json)', () => {
    const shipped = JSON.parse(readFileSync(new URL('../langflix.schema.json', import.meta.url), 'utf8'));
    expect(shipped).toEqual(configJsonSchema());
  });
});
