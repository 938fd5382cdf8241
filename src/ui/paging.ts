/** Page `page` (0-based, clamped) of `order`, and the page count (at least 1). */
export function pageOf<T>(order: readonly T[], page: number, size: number): { rows: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(order.length / size));
  const p = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  return { rows: order.slice(p * size, (p + 1) * size), page: p, pages };
}
