/**
 * The {@code tach} command ({@link dev.tach.cli.Main}) and {@link dev.tach.cli.TachLauncher},
 * the engine behind {@link dev.tach.api.Tach#launcher()} for Java programs.
 */
package dev.tach.cli;
