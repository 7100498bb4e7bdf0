// Shared test setup. DOM tests opt in per file with `// @vitest-environment happy-dom`.
export {};
