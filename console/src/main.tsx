import '@mantine/core/styles.css';
import { MantineProvider, createTheme, type CSSVariablesResolver } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App } from './App';
import { ApiError } from './api/errors';
import { adoptHandOff } from './api/sign-in';

// Shades chosen for WCAG AA contrast (4.5:1) of text on buttons, links, the dimmed descriptions and field errors.
const theme = createTheme({ primaryColor: 'indigo', primaryShade: { light: 8, dark: 4 }, defaultRadius: 'md' });
const contrast: CSSVariablesResolver = (t) => ({
  variables: {},
  light: { '--mantine-color-dimmed': t.colors.gray[7]!, '--mantine-color-anchor': t.colors.indigo[8]!, '--mantine-color-error': t.colors.red[9]! },
  dark: { '--mantine-color-dimmed': t.colors.dark[1]! },
});

// A refused request is not retried (the client already refreshed an expired token once); others get one retry.
const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 1, refetchOnWindowFocus: false },
  },
});

// A login link redeemed in this tab hands its session over before the first page is drawn.
void adoptHandOff().finally(() => createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={contrast} defaultColorScheme="auto">
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
));
