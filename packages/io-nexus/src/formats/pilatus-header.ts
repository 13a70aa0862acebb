/**
 * The `# key value` lines of a Dectris PILATUS header (a TIFF ImageDescription or a CBF
 * `_array_data.header_contents`), as fabio splits them: the key ends at the first space, colon,
 * comma or equals sign, with the blanks around it dropped; other lines are skipped.
 *
 * @example
 * ```ts
 * parsePilatusHeader('# Pixel_size 172e-6 m x 172e-6 m\r\n# Tau = 124.0e-09 s\r\n');
 * // { Pixel_size: '172e-6 m x 172e-6 m', Tau: '124.0e-09 s' }
 * ```
 */
export function parsePilatusHeader(text: string): Record<string, string> {
  const header: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    if (!raw.includes('# ')) continue;
    const line = raw.slice(2).trim();
    const separator = /\s*[,:=\s]\s*/.exec(line);
    if (line === '' || separator === null) continue;
    header[line.slice(0, separator.index)] = line.slice(separator.index + separator[0].length);
  }
  return header;
}

/** Whether a TIFF ImageDescription carries a PILATUS header (at least one `# ` line). */
export function isPilatusHeader(text: string): boolean {
  return text.split('\n').some((line) => line.startsWith('# '));
}
