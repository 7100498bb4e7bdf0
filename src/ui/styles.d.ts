/** Vite's `?inline` CSS import: the stylesheet (with its `@import`s inlined) as a string. */
declare module '*.css?inline' {
  const css: string;
  export default css;
}
