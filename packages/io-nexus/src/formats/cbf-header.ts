/** A CIF token: its text, and whether it was a bare word (only bare words can be tags). */
interface Token {
  readonly text: string;
  readonly bare: boolean;
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** Splits CIF text into tokens: bare words, quoted strings and `;` text fields; `#` comments dropped. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (isSpace(c)) {
      i++;
    } else if (c === '#') {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? text.length : eol + 1;
    } else if (c === ';' && (i === 0 || text[i - 1] === '\n' || text[i - 1] === '\r')) {
      const close = text.slice(i + 1).search(/[\r\n];/);
      const end = close < 0 ? text.length : i + 1 + close;
      tokens.push({ text: text.slice(i + 1, end), bare: false });
      i = close < 0 ? text.length : end + 2;
    } else if (c === "'" || c === '"') {
      let j = text.indexOf(c, i + 1);
      while (j >= 0 && j + 1 < text.length && !isSpace(text[j + 1])) j = text.indexOf(c, j + 1);
      const end = j < 0 ? text.length : j;
      tokens.push({ text: text.slice(i + 1, end), bare: false });
      i = end + 1;
    } else {
      let j = i;
      while (j < text.length && !isSpace(text[j])) j++;
      tokens.push({ text: text.slice(i, j), bare: true });
      i = j;
    }
  }
  return tokens;
}

const stripValue = (s: string) => s.replace(/^[ "\n\r\t]+|[ "\n\r\t]+$/g, '');

/**
 * The `_tag value` items of a CIF header (the ASCII part of a CBF before its binary section), as
 * fabio reports them: values stripped of blanks and double quotes; `loop_` tables and the binary
 * item `_array_data.data` left out.
 *
 * @example
 * ```ts
 * parseCifItems('data_x\n_array_data.header_convention "PILATUS_1.2"\n');
 * // { '_array_data.header_convention': 'PILATUS_1.2' }
 * ```
 */
export function parseCifItems(text: string): Record<string, string> {
  const tokens = tokenize(text);
  const items: Record<string, string> = {};
  const isTag = (t: Token | undefined) => t !== undefined && t.bare && t.text.startsWith('_');
  const isKeyword = (t: Token | undefined) => t !== undefined && t.bare && /^(loop_|data_|global_|save_)/i.test(t.text);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.bare && t.text.toLowerCase() === 'loop_') {
      while (isTag(tokens[i + 1])) i++;
      while (i + 1 < tokens.length && !isTag(tokens[i + 1]) && !isKeyword(tokens[i + 1])) i++;
    } else if (isTag(t) && i + 1 < tokens.length && !isTag(tokens[i + 1]) && !isKeyword(tokens[i + 1])) {
      if (t.text !== '_array_data.data') items[t.text] = stripValue(tokens[i + 1].text);
      i++;
    }
  }
  return items;
}

/**
 * The MIME header of a CBF binary section (the lines after `--CIF-BINARY-FORMAT-SECTION--`):
 * `Key: value` or `key=value` lines up to the first blank one, values stripped of blanks and quotes.
 */
export function parseMimeHeader(text: string): Record<string, string> {
  const header: Record<string, string> = {};
  for (const line of text.split('\n').slice(1)) {
    if (line.trim() === '') break;
    const colon = line.indexOf(':');
    const cut = colon >= 0 ? colon : line.indexOf('=');
    if (cut < 0) continue;
    header[line.slice(0, cut).trim()] = stripValue(line.slice(cut + 1));
  }
  return header;
}
