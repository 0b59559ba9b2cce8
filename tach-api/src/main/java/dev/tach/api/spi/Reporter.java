package dev.tach.api.spi;

import dev.tach.api.Api;
import dev.tach.api.RunEvent;

/**
 * Receives the events of a run, in order, on one thread. A reporter must not block for long:
 * the supervisor calls it between protocol reads.
 */
@Api(Api.Status.STABLE)
public interface Reporter extends AutoCloseable {

  void onEvent(RunEvent event);

  /** Called once after {@link RunEvent.RunFinished}, also when the run was interrupted. */
  @Override
  default void close() {}
}
