/** A new random record id such as `sig_1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed`. */
export function newId(prefix: string): string {
  return `${prefix}_${crypto.randomUUID()}`;
}
