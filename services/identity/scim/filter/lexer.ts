/**
 * The tokens of SCIM filters and PATCH paths (RFC 7644 §3.4.2.2, §3.5.2), scanned on
 * demand so that the parser reports the first error in reading order.
 *
 * A `word` is an attribute path (URN prefix, name and sub-attribute included, as in
 * `urn:ietf:params:scim:schemas:core:2.0:User:name.familyName`) or a keyword; the
 * parser tells them apart by where they stand, so no attribute name is reserved.
 * Strings and numbers follow JSON (RFC 8259 §6, §7), as the grammar's compValue says.
 */

/** Builds the error to throw: InvalidFilterError for filters, InvalidPathError for paths. */
export type SyntaxErrorFactory = (detail: string, position: number) => Error;

export type Punctuation = '(' | ')' | '[' | ']' | '.';

export type Token =
  | { kind: 'word'; text: string; position: number }
  | { kind: 'string'; value: string; position: number }
  | { kind: 'number'; value: number; position: number }
  | { kind: Punctuation; position: number }
  | { kind: 'end'; position: number };

const WHITESPACE = new Set([' ', '\t', '\r', '\n']);
const PUNCTUATION = new Set<string>(['(', ')', '[', ']', '.']);
const WORD_START = /[A-Za-z$]/;
/** Attribute name characters, plus `:` and `.` for URN prefixes and sub-attributes. */
const WORD_CHARACTER = /[A-Za-z0-9_$:.-]/;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEX4 = /^[0-9A-Fa-f]{4}$/;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

const MAX_QUOTED = 40;

/**
 * Quotes filter syntax for an error detail, shortened. Only words are ever quoted:
 * string and number literals are attribute values, personal data that must stay out
 * of error details (CONTRACT-SKETCH.md).
 */
export function quote(text: string): string {
  return `'${text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text}'`;
}

export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'word':
      return quote(token.text);
    case 'string':
      return 'a quoted string';
    case 'number':
      return 'a number';
    case 'end':
      return 'the end of the text';
    default:
      return `'${token.kind}'`;
  }
}

function describeCharacter(text: string, position: number): string {
  const codePoint = text.codePointAt(position) ?? 0;
  if (codePoint > 0x20 && codePoint < 0x7f) return `'${String.fromCodePoint(codePoint)}'`;
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

export class Lexer {
  private offset = 0;
  private readonly lookahead: Token[] = [];

  constructor(
    private readonly text: string,
    private readonly fail: SyntaxErrorFactory,
  ) {}

  /** The token `ahead` places after the next one, without consuming anything. */
  peek(ahead = 0): Token {
    while (this.lookahead.length <= ahead) this.lookahead.push(this.scan());
    return this.lookahead[ahead];
  }

  next(): Token {
    const token = this.peek();
    this.lookahead.shift();
    return token;
  }

  private scan(): Token {
    const { text } = this;
    while (this.offset < text.length && WHITESPACE.has(text[this.offset])) this.offset++;
    const position = this.offset;
    if (position >= text.length) return { kind: 'end', position };
    const character = text[position];
    if (PUNCTUATION.has(character)) {
      this.offset++;
      return { kind: character as Punctuation, position };
    }
    if (character === '"') return this.string(position);
    if (character === '-' || (character >= '0' && character <= '9')) return this.number(position);
    if (WORD_START.test(character)) {
      while (this.offset < text.length && WORD_CHARACTER.test(text[this.offset])) this.offset++;
      return { kind: 'word', text: text.slice(position, this.offset), position };
    }
    throw this.fail(`Unexpected character ${describeCharacter(text, position)}`, position);
  }

  /** A JSON string (RFC 8259 §7): escapes decoded, raw control characters refused. */
  private string(start: number): Token {
    const { text } = this;
    let value = '';
    let offset = start + 1;
    for (;;) {
      if (offset >= text.length) {
        throw this.fail(`The string that starts here has no closing '"'`, start);
      }
      const character = text[offset];
      if (character === '"') break;
      if (character === '\\') {
        const escape = text[offset + 1];
        if (escape === 'u') {
          const hex = text.slice(offset + 2, offset + 6);
          if (!HEX4.test(hex)) throw this.fail(`Expected four hexadecimal digits after \\u`, offset);
          value += String.fromCharCode(parseInt(hex, 16));
          offset += 6;
        } else if (escape !== undefined && Object.hasOwn(SIMPLE_ESCAPES, escape)) {
          value += SIMPLE_ESCAPES[escape];
          offset += 2;
        } else {
          throw this.fail(
            `Invalid escape in a string: JSON allows \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX`,
            offset,
          );
        }
      } else if (character < ' ') {
        const described = describeCharacter(text, offset);
        throw this.fail(`Control character ${described} in a string: escape it, as in \\n`, offset);
      } else {
        value += character;
        offset++;
      }
    }
    this.offset = offset + 1;
    return { kind: 'string', value, position: start };
  }

  /** A JSON number (RFC 8259 §6): no leading zeros, no bare sign, no trailing '.'. */
  private number(start: number): Token {
    NUMBER.lastIndex = start;
    const match = NUMBER.exec(this.text);
    const end = start + (match?.[0].length ?? 0);
    if (!match || (end < this.text.length && WORD_CHARACTER.test(this.text[end]))) {
      throw this.fail('Malformed number: numbers follow JSON, as in 42, -1.5 or 2e10', start);
    }
    const value = Number(match[0]);
    if (!Number.isFinite(value)) throw this.fail('Number out of range', start);
    this.offset = end;
    // -0 equals 0 everywhere a filter compares numbers; keeping it would only surprise.
    return { kind: 'number', value: value === 0 ? 0 : value, position: start };
  }
}
