#!/usr/bin/env node
/** `npm run publish -- …`: the command line's publish command (src/cli/publish.ts), same as `loanbook publish …`. */
process.argv.splice(2, 0, 'publish');
await import('../bin/loanbook.mjs');
