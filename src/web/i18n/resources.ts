// All three languages in one place, for tests that compare keys (the app loads nn and en lazily).
import en from './en.ts';
import nb from './nb.ts';
import nn from './nn.ts';

export const resources = { nb, nn, en } as const;
