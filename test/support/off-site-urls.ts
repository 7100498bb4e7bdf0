/**
 * URLs a browser reads as another host than the page's (a backslash taken for `/`, a scheme without `//`, a
 * protocol-relative `//`, control characters it drops): every reader of links and images must refuse them.
 */
export const OFF_SITE_URLS: readonly string[] = [
  '\\\\evil.com/x',
  '/\\evil.com/x',
  '\\/evil.com',
  '//evil.com',
  '/\t/evil.com',
  '/\n\\evil.com',
  'https:\\\\evil.com',
  'https:/\\evil.com',
  'https:/evil.com',
  'https:///evil.com',
  'http:evil.com',
  'HTTP:evil.com',
  'https://good.example\\@evil.com/',
  'https://',
  'http://@/x',
];
