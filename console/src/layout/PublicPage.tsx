import { Box, Container, Paper, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** The frame of the pages a visitor sees before signing in: sign-in and sign-up. */
export function PublicPage({ title, children, width = 440 }: { title: string; children: ReactNode; width?: number }) {
  return (
    <Box component="main" py="xl" px="sm">
      <Container size={width} px={0}>
        <Text fw={700} size="lg" mb="xs">
          Tenantry
        </Text>
        <Paper withBorder shadow="sm" p="lg" radius="md">
          <Title order={1} size="h2" mb="md">
            {title}
          </Title>
          {children}
        </Paper>
      </Container>
    </Box>
  );
}
