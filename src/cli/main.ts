/**
 * The `propusk` command's entry. V8's heap flags (core/heap.ts) apply only to growth still to
 * come, and loading the commands' modules is itself enough to grow the young generation to its
 * maximum; so they are set here, before anything else is loaded, and the commands
 * (`commands.ts`) are imported only then.
 */
import { boundHeap } from '../core/heap.js';

boundHeap();
await import('./commands.js');
