import { PythonModule } from './module';
import { SyntaxNode } from './parser';

/** `except (A, B) as e:` -> the `(A, B)` part without its parentheses' wrapper; undefined for a bare `except:`. */
export function exceptionExpression(clause: SyntaxNode): SyntaxNode | undefined {
  let value = clause.childForFieldName('value') ?? undefined;
  if (value?.type === 'as_pattern') value = value.firstNamedChild ?? undefined;
  while (value?.type === 'parenthesized_expression' && value.firstNamedChild) value = value.firstNamedChild;
  return value;
}

/** The exception expressions an except clause lists (`A`, `mod.B`), or undefined for a bare `except:`. */
export function exceptionTypes(clause: SyntaxNode): SyntaxNode[] | undefined {
  const value = exceptionExpression(clause);
  if (!value) return undefined;
  return value.type === 'tuple' ? value.namedChildren.filter((child) => child.type !== 'comment') : [value];
}

/** Adds exception names to an except clause: `except A:` -> `except (A, B):`, `except (A,):` -> `except (A, B):`. */
export function addExceptionTypes(module: PythonModule, clause: SyntaxNode, names: string[]): void {
  const value = exceptionExpression(clause)!;
  const added = names.join(', ');
  if (value.type === 'tuple') {
    const last = value.namedChildren[value.namedChildren.length - 1];
    module.edit.insert(last.endIndex, `, ${added}`);
  } else {
    module.edit.replace(value.startIndex, value.endIndex, `(${value.text}, ${added})`);
  }
}
