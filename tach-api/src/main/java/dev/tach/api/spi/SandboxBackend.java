package dev.tach.api.spi;

import dev.tach.api.Api;

/**
 * Turns a run's settings into a {@link SandboxPolicy}: data the harness applies to each worker
 * and test child (ARCHITECTURE.md, "Sandbox backends"). Built-in names: {@code landlock-seccomp},
 * {@code namespaces}, {@code degraded}. A third-party jar on the module or class path adds a name
 * that {@code tach --sandbox NAME} selects.
 */
@Api(Api.Status.STABLE)
public interface SandboxBackend {

  /** The name users select it by ({@code --sandbox NAME}); unique among backends. */
  String name();

  /** One line for {@code tach --help} and {@code tach doctor}. */
  default String description() {
    return name();
  }

  /**
   * Where the backend stands when no backend is forced: the available backend with the highest
   * rank is chosen. The built-in ones rank 300, 200 and 100.
   */
  int rank();

  /** Whether this machine and user allow the backend; its missing capability when not. */
  Availability availability(SandboxSupport support);

  /** The policy of one run; only called when {@link #availability} said available. */
  SandboxPolicy policy(SandboxContext context);
}
