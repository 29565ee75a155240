/** Reads a file the user picked as text (JSON files of notes and packs). */
export function readPicked(input: HTMLInputElement): Promise<string | null> {
  const file = input.files?.[0];
  input.value = '';
  return file ? file.text() : Promise.resolve(null);
}
