/** What an amount buys of a per-unit package: floor(amount × per-unit limit / unit price), exact in integers. */
export function proportional(amount: number, perUnit: number, unitPrice: number): number {
  return Number((BigInt(amount) * BigInt(perUnit)) / BigInt(unitPrice));
}
