/**
 * The published documents contract tests check against (Zendesk's OpenAPI spec, GitLab's
 * CI schema): `../shared/reference/<name>` beside the project when it is there, the newest
 * copy, else the verbatim copy in test/fixtures/reference. A test that needs one never
 * skips: if neither exists, it fails and says where it looked.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function referencePath(name: 'zendesk-oas.yaml' | 'gitlab-ci.schema.json'): string {
  const candidates = [resolve(repoRoot, '../shared/reference', name), resolve(repoRoot, 'test/fixtures/reference', name)];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`reference ${name} not found; looked at ${candidates.join(' and ')}`);
  return found;
}
