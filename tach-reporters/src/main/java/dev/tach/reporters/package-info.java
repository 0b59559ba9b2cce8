/**
 * The reporters Tach ships, each behind a {@link dev.tach.api.spi.ReporterProvider} found by name:
 * {@link dev.tach.reporters.HumanReporter} ({@code human}) prints what pytest prints on a terminal,
 * {@link dev.tach.reporters.NdjsonReporter} ({@code json}) streams one JSON event per line for
 * tools, and {@link dev.tach.reporters.JUnitXmlReporter} ({@code junit-xml}) writes the
 * pytest-style JUnit XML file that CI servers read.
 */
package dev.tach.reporters;
