/**
 * Isolation by process: {@link dev.tach.isolation.fork.ForkIsolation} runs every test in a
 * fresh fork of its worker, so nothing a test does to memory, globals or the process outlives
 * it; {@link dev.tach.isolation.fork.NoIsolation} runs tests in the worker itself, as
 * pytest-xdist does.
 */
package dev.tach.isolation.fork;
