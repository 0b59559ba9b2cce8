/**
 * Helpers shared by the reporters and not part of the API: pytest's text shapes (separator lines,
 * the summary line, durations), JUnit names from node ids, XML-safe text and atomic file writes.
 * Not exported; may change at any time.
 */
package dev.tach.reporters.internal;
