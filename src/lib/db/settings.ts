/**
 * Session settings applied to every engine. Extensions cannot be fetched (no network and no
 * foreign hosts allowed), so a missing one must fail fast instead of trying a download.
 */
export const SESSION_SETTINGS = [
  "SET autoinstall_known_extensions = false",
  "SET autoload_known_extensions = false",
];
