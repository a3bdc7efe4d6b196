import '@mantine/core/styles.css';
import { MantineProvider, createTheme, defaultVariantColorsResolver, type CSSVariablesResolver, type VariantColorsResolver } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App } from './App';
import { ApiError } from './api/errors';
import { adoptHandOff } from './api/sign-in';

// Shades chosen for WCAG AA contrast (4.5:1) of text on buttons, links, the dimmed descriptions and field errors.
// The primary colour's filled shade differs per scheme (8 light, 4 dark), so its text follows the scheme's contrast
// colour (set below) instead of always white, which is 3:1 on the dark scheme's light shade.
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  const primary = !input.color || input.color === input.theme.primaryColor;
  return input.variant === 'filled' && primary ? { ...colors, color: 'var(--mantine-primary-color-contrast)' } : colors;
};
// A person who asks their system for less motion gets dialogs and menus without their fade (WCAG 2.3.3).
const theme = createTheme({ respectReducedMotion: true, primaryColor: 'indigo', primaryShade: { light: 8, dark: 4 }, defaultRadius: 'md', variantColorResolver });
const contrast: CSSVariablesResolver = (t) => ({
  variables: {},
  light: { '--mantine-color-dimmed': t.colors.gray[7]!, '--mantine-color-anchor': t.colors.indigo[8]!, '--mantine-color-error': t.colors.red[9]! },
  // The dark scheme's primary shade is light: its filled buttons carry dark text (7:1), not white (3:1).
  dark: { '--mantine-color-dimmed': t.colors.dark[1]!, '--mantine-primary-color-contrast': t.black },
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
