/**
 * The supervisor's engine: starts the harness zygote, speaks the protocol (docs/protocol.md)
 * over Unix domain sockets, schedules batches onto workers, enforces timeouts and survives
 * crashes.
 */
module dev.tach.scheduler {
  requires transitive dev.tach.api;
  requires com.fasterxml.jackson.databind;

  exports dev.tach.scheduler;
}
