/**
 * The ANTLR4 Python grammar ({@code PythonLexer.g4}, {@code PythonParser.g4}) and the lexer
 * superclass that produces NEWLINE, INDENT and DEDENT and scans f-strings; the parser and lexer
 * classes are generated at build time. Not exported: callers go through
 * {@link dev.tach.discovery.PythonParsing}.
 */
package dev.tach.discovery.grammar;
