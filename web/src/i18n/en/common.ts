// Strings shared by every page: navigation, buttons, states.
export const common: Record<string, string> = {
  'common.loading': 'Loading…',
  'common.language': 'Language',
};
