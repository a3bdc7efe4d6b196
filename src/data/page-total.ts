/**
 * The total a page already tells, or undefined when it must be counted: a page with rows that is not full is the
 * last, so the total is what came before it and what it holds (a first page of 3 rows: 3). A full page, or an
 * empty one past the first, says nothing about what follows.
 */
export function totalFromPage(skip: number, take: number, rowsOnPage: number): number | undefined {
  if (rowsOnPage < take && (rowsOnPage > 0 || skip === 0)) return skip + rowsOnPage;
  return undefined;
}
