#!/usr/bin/env node
/** `npm run publish -- …`: see scripts/publish/run.mjs (also `loanbook publish`). */
import { publish } from './publish/run.mjs';

process.exitCode = await publish(process.argv.slice(2));
