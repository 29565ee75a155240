export function headersFile(): string;
