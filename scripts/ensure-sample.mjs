#!/usr/bin/env node
/** Regenerates whatever part of the sample book is missing (see scripts/sample/ensure.mjs). */
import { ensureSample } from './sample/ensure.mjs';

await ensureSample((msg) => console.log(msg));
