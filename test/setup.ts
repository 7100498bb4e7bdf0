// Shared test setup. DOM tests opt in per file with `// @vitest-environment happy-dom`.
// Every locale is registered up front, as in the npm build (the script tag's loading is tested on its own).
import '../src/ui/strings/all-locales';
