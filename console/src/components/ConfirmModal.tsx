import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * Asks before something is lost: the title names the thing, the body says what goes with it, the safe choice comes
 * first and the destructive one is named after what it does ("Delete Starter").
 */
export function ConfirmModal(props: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  keepLabel?: string;
  pending?: boolean;
  error?: Error | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={props.opened} onClose={props.onClose} title={props.title}>
      <Stack>
        {props.children}
        {props.error && (
          <Text c="red.9" role="alert">
            {props.error.message}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {props.keepLabel ?? 'Keep it'}
          </Button>
          <Button color="red.9" loading={props.pending} onClick={props.onConfirm}>
            {props.confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
