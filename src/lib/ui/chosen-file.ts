/** The file chosen in a file input, the input cleared so that choosing the same file again fires anew; null when none. */
export function takeChosenFile(event: Event): File | null {
  const input = event.currentTarget as HTMLInputElement;
  const file = input.files?.[0] ?? null;
  input.value = '';
  return file;
}
