import { Table, type TableProps } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A list's table: one header row naming the columns, the rows given as children, and sideways scrolling inside
 * its own container below `minWidth`, so a 375-pixel screen scrolls the table and not the page.
 */
export function ListTable({ minWidth, columns, children, ...table }: { minWidth: number; columns: readonly ReactNode[]; children: ReactNode } & TableProps) {
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table {...table}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column, index) => (
              <Table.Th key={index} scope="col">
                {column}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
