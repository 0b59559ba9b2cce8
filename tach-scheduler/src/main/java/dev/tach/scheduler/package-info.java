/**
 * The engine that runs a collected suite: {@link dev.tach.scheduler.Engine} takes an
 * {@link dev.tach.scheduler.EngineConfig}, an isolation strategy and a reporter, and returns the
 * run's summary. The protocol, process handling and the scheduling loop are internal.
 */
package dev.tach.scheduler;
