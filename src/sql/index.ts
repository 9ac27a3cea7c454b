/**
 * The shared Snowflake SQL toolkit: a lexer with exact token positions, a statement splitter that
 * knows Snowflake Scripting blocks, name and keyword helpers, and a recogniser for the DDL that
 * setup and deploy scripts are made of. See lexer.ts for what it handles.
 */
export { LexError, LexRange, lineOf, lineStarts, Token, TokenKind, tokenize } from './lexer';
export { innerStatements, parseSql, ParsedSql, splitStatements, Statement } from './statements';
export {
  closingParen, displayName, findWords, identifierKey, isPunct, isWord, keyword, listItems, matchWords, NamePart, nameKey,
  ObjectName, parseNameString, readName,
} from './syntax';
export {
  AlterStatement, CallStatement, CreateStatement, DescribedStatement, describeStatement, DmlStatement, DropStatement,
  ExecuteFromStatement, ExecuteImmediateStatement, findProperty, GrantStatement, ObjectType, OtherStatement, Property,
  readObjectType, UseStatement,
} from './ddl';
