import { findChromium } from './chromium-path.mjs';

if (!findChromium()) {
  console.error(`
No Chromium found for the end-to-end tests.
Install one, for example on Debian/Ubuntu:   sudo apt-get install -y chromium
or point CHROMIUM_PATH at an existing Chromium or Chrome binary:
  CHROMIUM_PATH=/path/to/chrome npm test
`);
  process.exit(1);
}
