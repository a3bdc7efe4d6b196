import { Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * One picture of the dashboard: a heading, the chart, and beneath it the same figures in words (the figure's
 * caption), so a screen reader or a person who cannot tell the colours apart gets them too.
 */
export function ChartCard({ title, summary, children }: { title: string; summary: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md" component="figure" m={0}>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {title}
        </Title>
        {children}
        <Text size="sm" c="dimmed" component="figcaption">
          {summary}
        </Text>
      </Stack>
    </Paper>
  );
}
