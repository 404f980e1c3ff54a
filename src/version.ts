// Kept alone so that `docmodel --version` and the client's User-Agent read one definition
// without loading anything else. A test keeps it equal to package.json's.

/** The package's version. */
export const VERSION = '0.1.0'
