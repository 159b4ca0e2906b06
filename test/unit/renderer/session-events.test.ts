import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessionEvents } from '../../../src/renderer/components/session-details';

/** Every `action: 'session.…'` the core writes to the audit log (the session's History in its details). */
function recordedActions(dir: string): Set<string> {
  const found = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    for (const m of text.matchAll(/action: '(session\.[a-z-]+)'/g)) found.add(m[1]!);
  }
  return found;
}

describe('a session’s history in its details', () => {
  it('has a label, in the operator’s language, for every session action the core records', () => {
    const actions = recordedActions(join(import.meta.dirname, '../../../src/main'));
    expect(actions.size).toBeGreaterThanOrEqual(8);
    expect([...actions].filter((a) => !(a in sessionEvents)).sort()).toEqual([]);
  });
});
