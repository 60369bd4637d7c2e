/**
 * A recursive-descent parser for the grammar of RFC 7644 §3.4.2.2 (Figure 1), with
 * its precedence (`not` over `and` over `or`, §3.4.2.2) written as one method per
 * level:
 *
 *   expression  = conjunction *("or" conjunction)
 *   conjunction = term *("and" term)
 *   term        = "(" expression ")" / "not" "(" expression ")" / leaf
 *   leaf        = attrPath ("pr" / compareOp compValue / "[" valueExpression "]")
 *
 * where valueExpression is the same grammar over sub-attribute names, without value
 * paths (errata 4690). `not(` and `not (` are both accepted (errata 7319). Recursion
 * only happens inside brackets, so maxDepth bounds the stack.
 */
import type { AttributePath } from '../schema/registry';
import {
  COMPARISON_OPERATORS,
  type BooleanTree,
  type CompareNode,
  type ComparisonOperator,
  type ComparisonValue,
  type FilterNode,
  type LeafKind,
  type PatchPath,
  type PresentNode,
  type RelativePath,
  type ValuePathNode,
} from './ast';
import type { FilterLimits } from './limits';
import { describeToken, Lexer, quote, type SyntaxErrorFactory, type Token } from './lexer';
import { isAttributeName, splitAttributePath } from './path-syntax';

type Word = Extract<Token, { kind: 'word' }>;

const OPERATORS: ReadonlySet<string> = new Set(COMPARISON_OPERATORS);

/** Keywords and operators are case-insensitive (RFC 7644 §3.4.2.2). */
function keyword(token: Token): string | undefined {
  return token.kind === 'word' ? token.text.toLowerCase() : undefined;
}

function isComparisonOperator(word: string | undefined): word is ComparisonOperator {
  return word !== undefined && OPERATORS.has(word);
}

export class FilterParser {
  private depth = 0;
  private nodes = 0;

  constructor(
    private readonly lexer: Lexer,
    private readonly limits: FilterLimits,
    private readonly fail: SyntaxErrorFactory,
  ) {}

  filter(): FilterNode {
    const filter = this.expression(() => this.filterLeaf());
    this.expectEnd('and, or or the end of the filter');
    return filter;
  }

  attributePath(): AttributePath {
    const path = this.path(this.expectWord('an attribute path'));
    this.expectEnd('the end of the attribute path');
    return path;
  }

  /** `PATH = attrPath / valuePath [subAttr]` (RFC 7644 §3.5.2). */
  patchPath(): PatchPath {
    const word = this.expectWord('an attribute path');
    const path = this.path(word);
    if (this.lexer.peek().kind !== '[') {
      this.expectEnd("'[' or the end of the path");
      return { path };
    }
    const valuePath = this.valuePath(path, word.position);
    if (this.lexer.peek().kind !== '.') {
      this.expectEnd("'.' or the end of the path");
      return { path: valuePath.path, filter: valuePath.filter };
    }
    this.lexer.next();
    const subAttribute = this.expectWord("a sub-attribute name after '.'");
    if (!isAttributeName(subAttribute.text)) {
      throw this.fail(`Expected a sub-attribute name but found ${quote(subAttribute.text)}`, subAttribute.position);
    }
    this.expectEnd('the end of the path');
    return { path: valuePath.path, filter: valuePath.filter, subAttribute: subAttribute.text };
  }

  private expression<L extends { kind: LeafKind }>(leaf: () => L): BooleanTree<L> {
    let left = this.conjunction(leaf);
    for (let token = this.lexer.peek(); keyword(token) === 'or'; token = this.lexer.peek()) {
      this.lexer.next();
      this.count(token.position);
      left = { kind: 'or', left, right: this.conjunction(leaf) };
    }
    return left;
  }

  private conjunction<L extends { kind: LeafKind }>(leaf: () => L): BooleanTree<L> {
    let left = this.term(leaf);
    for (let token = this.lexer.peek(); keyword(token) === 'and'; token = this.lexer.peek()) {
      this.lexer.next();
      this.count(token.position);
      left = { kind: 'and', left, right: this.term(leaf) };
    }
    return left;
  }

  private term<L extends { kind: LeafKind }>(leaf: () => L): BooleanTree<L> {
    const token = this.lexer.peek();
    if (token.kind === '(') {
      this.lexer.next();
      return this.nested(token, ')', () => this.expression(leaf));
    }
    // A word followed by an operator or '[' is an attribute path, even one named "not".
    const word = this.startsAttributeExpression(this.lexer.peek(1)) ? undefined : keyword(token);
    if (word === 'and' || word === 'or') throw this.expected("an attribute path, '(' or not (…)", token);
    if (word === 'not') {
      this.lexer.next();
      const open = this.lexer.next();
      if (open.kind !== '(') throw this.expected("'(' after not (RFC 7644 §3.4.2.2 writes not (filter))", open);
      this.count(token.position);
      return { kind: 'not', filter: this.nested(open, ')', () => this.expression(leaf)) };
    }
    return leaf();
  }

  private startsAttributeExpression(token: Token): boolean {
    const word = keyword(token);
    return token.kind === '[' || word === 'pr' || isComparisonOperator(word);
  }

  private filterLeaf(): CompareNode | PresentNode | ValuePathNode {
    const word = this.expectWord("an attribute path, '(' or not (…)");
    const path = this.path(word);
    if (this.lexer.peek().kind !== '[') return this.attributeExpression(path, word.position);
    const valuePath = this.valuePath(path, word.position);
    if (this.lexer.peek().kind !== '.') return valuePath;
    // Liberal reading of a form IdPs send though the RFC grammar lacks it:
    // `emails[type eq "work"].value eq "x"` is `emails[type eq "work" and value eq "x"]`.
    this.lexer.next();
    const sub = this.expectWord('a sub-attribute name after ].');
    if (!isAttributeName(sub.text)) throw this.fail(`Expected a sub-attribute name after ]. but found ${quote(sub.text)}`, sub.position);
    const test = this.attributeExpression({ attribute: sub.text }, sub.position);
    this.count(sub.position);
    return { ...valuePath, filter: { kind: 'and', left: valuePath.filter, right: test } };
  }

  private valuePath(path: AttributePath, position: number): ValuePathNode {
    const open = this.lexer.next();
    if (path.subAttribute !== undefined) {
      throw this.fail('A value filter follows a complex attribute, not a sub-attribute', open.position);
    }
    this.count(position);
    const filter = this.nested(open, ']', () => this.expression(() => this.valueLeaf()));
    return { kind: 'valuePath', path, filter, position };
  }

  private valueLeaf(): CompareNode<RelativePath> | PresentNode<RelativePath> {
    const word = this.expectWord("a sub-attribute name, '(' or not (…)");
    if (!isAttributeName(word.text)) {
      throw this.fail(
        `Inside […], name a sub-attribute of the bracketed attribute, such as type or value, not ${quote(word.text)}`,
        word.position,
      );
    }
    const next = this.lexer.peek();
    if (next.kind === '[') throw this.fail('Value filters cannot be nested (RFC 7644 errata 4690)', next.position);
    return this.attributeExpression({ attribute: word.text }, word.position);
  }

  private attributeExpression<P extends RelativePath>(path: P, position: number): CompareNode<P> | PresentNode<P> {
    const token = this.lexer.next();
    const word = keyword(token);
    if (word === 'pr') {
      this.count(position);
      return { kind: 'present', path, position };
    }
    if (!isComparisonOperator(word)) {
      throw this.expected('an operator (eq, ne, co, sw, ew, gt, ge, lt, le) or pr after the attribute path', token);
    }
    const value = this.value();
    this.count(position);
    return { kind: 'compare', path, op: word, value, position };
  }

  /** compValue: JSON false, null, true, number or string (RFC 7644 §3.4.2.2, Figure 1). */
  private value(): ComparisonValue {
    const token = this.lexer.next();
    switch (token.kind) {
      case 'string':
      case 'number':
        return token.value;
      case 'word': {
        const word = token.text.toLowerCase();
        if (word === 'true') return true;
        if (word === 'false') return false;
        if (word === 'null') return null;
        // The word is most likely an unquoted value: personal data, so it is not repeated.
        throw this.fail('Expected a value but found an unquoted word: put strings in double quotes', token.position);
      }
      default:
        throw this.expected('a value (a string in double quotes, a number, true, false or null)', token);
    }
  }

  private nested<T>(open: Token, closer: ')' | ']', parse: () => T): T {
    if (++this.depth > this.limits.maxDepth) {
      throw this.fail(
        `The filter nests (…), not (…) and […] deeper than the maximum of ${this.limits.maxDepth} levels`,
        open.position,
      );
    }
    const result = parse();
    const close = this.lexer.next();
    if (close.kind !== closer) throw this.expected(`and, or or '${closer}'`, close);
    this.depth--;
    return result;
  }

  private count(position: number): void {
    if (++this.nodes > this.limits.maxNodes) {
      throw this.fail(
        `The filter has more than the maximum of ${this.limits.maxNodes} nodes ` +
          '(comparisons, presence tests, value paths, and, or, not)',
        position,
      );
    }
  }

  private path(word: Word): AttributePath {
    return splitAttributePath(word.text, word.position, this.fail);
  }

  private expectWord(what: string): Word {
    const token = this.lexer.next();
    if (token.kind !== 'word') throw this.expected(what, token);
    return token;
  }

  private expectEnd(what: string): void {
    const token = this.lexer.peek();
    if (token.kind !== 'end') throw this.expected(what, token);
  }

  private expected(what: string, token: Token): Error {
    return this.fail(`Expected ${what} but found ${describeToken(token)}`, token.position);
  }
}
