/**
 * Internals of the engine: the frame codec and connections of the protocol, the harness
 * process, and the single-threaded scheduling loop that owns all run state.
 */
package dev.tach.scheduler.internal;
