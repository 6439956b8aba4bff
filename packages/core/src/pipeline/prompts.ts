import fs from 'node:fs';

/**
 * A prompt file beside its stage, with `{{name}}` placeholders. Read once at load, so a
 * missing file fails at start rather than on the first request.
 */
export function promptTemplate(file: URL): (vars: Record<string, string>) => string {
  const text = fs.readFileSync(file, 'utf8');
  return (vars) =>
    text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
      const value = vars[name];
      if (value === undefined) throw new Error(`prompt ${file.pathname}: no value for {{${name}}}`);
      return value;
    });
}
