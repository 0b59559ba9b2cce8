package dev.tach.sandbox;

import dev.tach.api.Api;
import dev.tach.api.spi.Availability;
import dev.tach.api.spi.SandboxBackend;
import dev.tach.api.spi.SandboxContext;
import dev.tach.api.spi.SandboxPolicy;
import dev.tach.api.spi.SandboxSupport;

/**
 * Nothing that needs a privilege: tests share the machine's network and file system. What
 * every backend does still happens: the processes a test starts (double-forked and
 * {@code setsid} daemons too) are killed when it ends.
 */
@Api(Api.Status.STABLE)
public final class DegradedBackend implements SandboxBackend {
  public static final String NAME = "degraded";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "no confinement; only the processes each test leaves are killed";
  }

  @Override
  public int rank() {
    return 100;
  }

  @Override
  public Availability availability(SandboxSupport support) {
    return Availability.AVAILABLE;
  }

  @Override
  public SandboxPolicy policy(SandboxContext context) {
    return SandboxPolicy.nothing(NAME);
  }
}
