import { Alert, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A titled part of a page that loads on its own: a heading a screen reader can jump to, the error in words,
 * "Loading…" while it loads, and what to do next when there is nothing to show.
 */
export function Section(props: { id: string; title: string; action?: ReactNode; error?: Error | null; loading?: boolean; empty?: string | false; children?: ReactNode }) {
  return (
    <Stack gap="xs" component="section" aria-labelledby={`${props.id}-heading`}>
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h4" id={`${props.id}-heading`}>
          {props.title}
        </Title>
        {props.action}
      </Group>
      {props.error && (
        <Alert color="red" role="alert">
          {props.error.message}
        </Alert>
      )}
      {props.loading && <Text c="dimmed">Loading…</Text>}
      {props.empty && <Text c="dimmed">{props.empty}</Text>}
      {props.children}
    </Stack>
  );
}
