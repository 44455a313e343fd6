/**
 * The error codes each route can raise, found by reading the code: from each `route(slice, 'name', run)`
 * in functions/<capability>/http.ts, every function `run` reaches (calls, or passes on by name) inside
 * functions/ is read, and every `fail(code…)`, `failAs(code…)` or `new AppError(code…)` found there adds
 * the code's literal type (a union when the code is a typed value such as a domain refusal's `code`). A `try` block's codes
 * pass its `catch` only as far as the catch rethrows: not at all when it never rethrows the caught
 * error, only 5xx ones when it rethrows all but AppErrors below 500 (`e instanceof AppError`). Otherwise
 * over-approximates (a function reached is read whole); used to check the routes' declared `errors`.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as ts from 'typescript';
import { errorStatuses, isErrorCode } from '../shared/contract/errors';

const ROOT = join(__dirname, '..');
const RAISERS = new Set(['fail', 'failAs']);

export interface RaisedCodes {
  /** Route name → codes its use case can raise (sorted). */
  byRoute: Record<string, string[]>;
  /** Raise sites whose code is not a string literal type (should be none). */
  untyped: string[];
}

export function raisedCodesByRoute(): RaisedCodes {
  const handlers = readdirSync(join(ROOT, 'functions'))
    .map((d) => join(ROOT, 'functions', d, 'http.ts'))
    .filter((f) => existsSync(f));
  const program = ts.createProgram(handlers, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const ERRORS_MODULE = join('functions', 'lib', 'errors.ts');
  /** Our use cases, not the raisers themselves (fail builds an AppError from whichever code it is given). */
  const inFunctions = (f: ts.SourceFile) => relative(ROOT, f.fileName).split(sep)[0] === 'functions' && relative(ROOT, f.fileName) !== ERRORS_MODULE;

  const codesOf = new Map<ts.Node, Set<string>>();
  const untyped: string[] = [];

  const literalCodes = (arg: ts.Expression): string[] | null => {
    const t = checker.getTypeAtLocation(arg);
    const parts = t.isUnion() ? t.types : [t];
    const out: string[] = [];
    for (const p of parts) {
      if (!p.isStringLiteral()) return null;
      out.push(p.value);
    }
    return out;
  };

  /** The function bodies an identifier stands for, if it names a function of ours. */
  const functionsNamed = (id: ts.Node): ts.Node[] => {
    let sym = checker.getSymbolAtLocation(id);
    if (!sym) return [];
    if (sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
    const out: ts.Node[] = [];
    for (const d of sym.declarations ?? []) {
      if (!inFunctions(d.getSourceFile())) continue;
      if (ts.isFunctionDeclaration(d) || ts.isMethodDeclaration(d)) out.push(d);
      else if (ts.isVariableDeclaration(d) && d.initializer) out.push(d.initializer);
      else if (ts.isShorthandPropertyAssignment(d) || ts.isPropertyAssignment(d)) out.push(d);
    }
    return out;
  };

  /** Which codes raised in a `try` block get past its `catch`. */
  const catchPasses = (c: ts.CatchClause) => handlerPasses(c.variableDeclaration?.name.getText(), c.block);
  const handlerPasses = (caught: string | undefined, body: ts.Node): ((code: string) => boolean) => {
    let rethrows = false;
    const find = (n: ts.Node): void => {
      if (ts.isThrowStatement(n) && caught && n.expression?.getText() === caught) rethrows = true;
      ts.forEachChild(n, find);
    };
    find(body);
    if (!rethrows) return () => false;
    if (/instanceof AppError/.test(body.getText())) return (code) => isErrorCode(code) && errorStatuses(code).some((s) => s >= 500);
    return () => true;
  };

  /** Codes raised by a function (and everything it reaches), memoised; cycles end at a function already open. */
  const visit = (fn: ts.Node, open: Set<ts.Node>): Set<string> => {
    const known = codesOf.get(fn);
    if (known) return known;
    const codes = new Set<string>();
    if (open.has(fn)) return codes;
    open.add(fn);
    const walk = (n: ts.Node, into: Set<string> = codes): void => {
      if (ts.isTryStatement(n) && n.catchClause) {
        const tried = new Set<string>();
        walk(n.tryBlock, tried);
        const passes = catchPasses(n.catchClause);
        tried.forEach((c) => passes(c) && into.add(c));
        walk(n.catchClause, into);
        if (n.finallyBlock) walk(n.finallyBlock, into);
        return;
      }
      // promise.catch(handler): the promise's codes pass the handler as they would a catch clause.
      const callee = ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'catch' ? n.expression : undefined;
      const handler = callee && ts.isCallExpression(n) ? n.arguments[0] : undefined;
      if (callee && handler && (ts.isArrowFunction(handler) || ts.isFunctionExpression(handler))) {
        const tried = new Set<string>();
        walk(callee.expression, tried);
        const passes = handlerPasses(handler.parameters[0]?.name.getText(), handler.body);
        tried.forEach((c) => passes(c) && into.add(c));
        walk(handler, into);
        return;
      }
      const raises = (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && RAISERS.has(n.expression.text)) || (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'AppError');
      if (raises && n.arguments?.[0]) {
        const found = literalCodes(n.arguments[0]);
        if (found) found.forEach((c) => into.add(c));
        else untyped.push(`${relative(ROOT, n.getSourceFile().fileName)}: ${n.getText().slice(0, 80)}`);
      }
      if (ts.isIdentifier(n)) {
        for (const target of functionsNamed(n)) if (target !== fn) visit(target, open).forEach((c) => into.add(c));
      }
      ts.forEachChild(n, (child) => walk(child, into));
    };
    ts.forEachChild(fn, walk);
    open.delete(fn);
    codesOf.set(fn, codes);
    return codes;
  };

  const byRoute: Record<string, string[]> = {};
  for (const file of handlers) {
    const sf = program.getSourceFile(file)!;
    const find = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'route') {
        const [, name, run] = n.arguments;
        if (name && ts.isStringLiteral(name) && run) byRoute[name.text] = [...visit(run, new Set())].sort();
      }
      ts.forEachChild(n, find);
    };
    find(sf);
  }
  return { byRoute, untyped };
}

if (require.main === module) {
  const started = Date.now();
  const r = raisedCodesByRoute();
  console.log(JSON.stringify(r, null, 1));
  console.error(`${Object.keys(r.byRoute).length} routes in ${Date.now() - started} ms`);
}
