/**
 * The shared Snowflake SQL toolkit: a lexer with exact token positions, a statement splitter that
 * knows Snowflake Scripting blocks, name and keyword helpers, and a recogniser for the DDL that
 * setup and deploy scripts are made of. See lexer.ts for what it handles.
 *
 * A rewrite of `ALTER STREAMLIT x SET ...` in a deploy script, for example:
 *
 *     const parsed = parseSql(text);              // parsed.errors: unterminated text, with lines
 *     for (const statement of parsed.statements) {
 *       const described = describeStatement(statement, text);
 *       if (described.kind !== 'alter' || described.type.name !== 'STREAMLIT') continue;
 *       const set = findWords(statement.tokens, ['SET']);       // comments are never in tokens
 *       const runtime = findProperty(statement.tokens, 'RUNTIME_NAME');
 *       // splice with edit.insert(statement.tokens[set].end, ...) / edit.replace(token.start, token.end, ...)
 *     }
 *
 * Statement tokens leave out comments and the closing `;`; `statement.start`/`end` and every
 * token's `start`/`end` are offsets into `text`, so splices keep every other byte.
 */
export { identifierProblem, isSqlPlaceholder, objectNameProblem, sqlCommentText, sqlIdentifier, sqlObjectName, sqlString } from './identifiers';
export { LexError, LexRange, Token, TokenKind, tokenize } from './lexer';
export { lineOf, lineStarts } from '../text-file';
export { handledStretches, innerStatements, parseSql, ParsedSql, splitStatements, Statement } from './statements';
export {
  closingParen, displayName, findWords, identifierKey, isPunct, isWord, keyword, listItems, matchWords, NamePart, nameKey,
  ObjectName, parseNameString, readName, splitTopLevel,
} from './syntax';
export {
  AlterStatement, CallStatement, createIfNotExistsText, createOrReplaceText, CreateStatement, DescribedStatement, describeStatement, DmlStatement, DropStatement,
  ExecuteFromStatement, ExecuteImmediateStatement, findProperty, GrantStatement, ObjectType, OtherStatement, Property,
  readObjectType, UseStatement,
} from './ddl';
export { appendedProperties, listPropertyItems, mergedListProperty, PropertySplice } from './properties';
export { PutCommand, readPut } from './put';
