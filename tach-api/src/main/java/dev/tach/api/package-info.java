/**
 * The model of a Tach run — {@link dev.tach.api.TestItem}, {@link dev.tach.api.TestResult},
 * {@link dev.tach.api.TestStatus}, the {@link dev.tach.api.RunEvent} stream and the
 * {@link dev.tach.api.RunSummary} — plus {@link dev.tach.api.Tach}, the entry point that Java
 * programs use to drive a run.
 */
package dev.tach.api;
