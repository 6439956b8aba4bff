#!/usr/bin/env node
// The operator CLI runs its TypeScript sources directly through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
await import('../src/index.ts');
