/**
 * Static discovery of Python tests: reading Python source without running it. So far
 * {@link dev.tach.discovery.PythonParsing} parses a file into a syntax tree or a
 * {@link dev.tach.discovery.SyntaxError} with line and column.
 */
package dev.tach.discovery;
