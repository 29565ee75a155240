/**
 * Saves text or a Blob as a file through a temporary link (nothing leaves the browser). The link
 * sits in the document while it is clicked (some browsers ignore a detached one), and the object
 * URL lives for a minute, long enough for a large file to be written.
 */
export function download(name: string, content: Blob | string, type = 'text/plain'): void {
  const blob = typeof content === 'string' ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
