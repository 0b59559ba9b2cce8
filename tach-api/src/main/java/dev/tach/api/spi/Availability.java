package dev.tach.api.spi;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.api.ErrorCode;
import java.util.Optional;

/**
 * Whether a plugin can work on this machine, and if not why, with its error code.
 *
 * @param code the error code of the missing capability, present when unavailable
 */
@Api(Api.Status.STABLE)
public record Availability(boolean available, String reason, Optional<ErrorCode> code) {

  public static final Availability AVAILABLE = new Availability(true, "", Optional.empty());

  public Availability {
    requireNonNull(reason, "reason is null");
    requireNonNull(code, "code is null");
  }

  public static Availability unavailable(ErrorCode code, String reason) {
    return new Availability(false, reason, Optional.of(code));
  }
}
